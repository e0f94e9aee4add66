package dev.lighthouse.load;

import java.util.Locale;

/** How risky a simulated command is meant to be; each class has its own corpus of realistic commands. */
public enum CommandClass {
    SAFE,
    RISKY,
    COMPLEX;

    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
