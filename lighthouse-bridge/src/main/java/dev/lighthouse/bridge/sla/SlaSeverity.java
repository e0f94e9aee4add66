package dev.lighthouse.bridge.sla;

import dev.lighthouse.alert.Alert;
import java.util.Locale;

/** How urgent a threshold's violation is; each maps to the alert severity PagerDuty understands. */
public enum SlaSeverity {
    CRITICAL(Alert.Severity.CRITICAL),
    MAJOR(Alert.Severity.ERROR),
    MINOR(Alert.Severity.WARNING),
    WARNING(Alert.Severity.WARNING);

    private final Alert.Severity alert;

    SlaSeverity(Alert.Severity alert) {
        this.alert = alert;
    }

    public Alert.Severity alert() {
        return alert;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    static SlaSeverity parse(String text) {
        for (SlaSeverity s : values()) {
            if (s.label().equals(text.trim().toLowerCase(Locale.ROOT))) {
                return s;
            }
        }
        throw new IllegalArgumentException("severity must be critical, major, minor or warning, not `" + text + "`");
    }
}
