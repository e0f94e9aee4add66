package dev.lighthouse.policy.facts;

import java.util.Locale;

/** How an effective command runs, as the shell analysis saw it. */
public enum Trait {
    /** Under sudo, doas or su. */
    PRIVILEGED,
    /** On another host (ssh). */
    REMOTE,
    /** Inside a container or pod. */
    CONTAINER,
    /** In the background. */
    BACKGROUND,
    /** The program name itself is not known. */
    DYNAMIC_PROGRAM,
    /** Comes from a decoded payload. */
    DECODED;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
