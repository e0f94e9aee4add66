package dev.lighthouse.bridge.sla;

import static java.util.Objects.requireNonNull;

import dev.lighthouse.policy.verdict.ReviewRoute;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One SLA threshold: violated when its measure breaks the limit over its window, continuously for its grace period.
 *
 * @param measure what is measured (also the threshold's id)
 * @param limit the floor or ceiling, in the measure's unit
 * @param window how far back the measure looks (1 s to 15 min)
 * @param grace how long the limit must stay broken before the threshold counts as violated (0 = at once)
 * @param severity how urgent a violation is
 * @param onViolation what a violation may do besides raising an alert: trigger an automatic policy rollback or not
 * @param evaluation whether the threshold is evaluated at all
 * @param recovery how long a violated threshold's measure must stay within the limit before it counts as recovered
 *     (0 = at once), so that a measure hovering at the limit does not page and resolve every few seconds
 */
public record SlaThreshold(
        SlaMeasure measure,
        double limit,
        Duration window,
        Duration grace,
        SlaSeverity severity,
        OnViolation onViolation,
        Evaluation evaluation,
        Duration recovery) {
    /** What a violation may do besides raising an alert. */
    public enum OnViolation {
        /** Raise an alert only. */
        ALERT,
        /** Raise an alert and let a policy rollout roll back to the last good policy. */
        ALERT_AND_ROLL_BACK
    }

    /** Whether the monitor evaluates a threshold (a disabled one stays OK and never alerts). */
    public enum Evaluation {
        ENABLED,
        DISABLED
    }

    /** Recovery grace of the default thresholds. */
    public static final Duration DEFAULT_RECOVERY = Duration.ofSeconds(30);

    /** The longest window a threshold may have: the monitor keeps this many seconds of measurements. */
    public static final Duration LONGEST_WINDOW = Duration.ofMinutes(15);

    public SlaThreshold {
        requireNonNull(measure, "measure");
        requireNonNull(window, "window");
        requireNonNull(grace, "grace");
        requireNonNull(severity, "severity");
        requireNonNull(onViolation, "onViolation");
        requireNonNull(evaluation, "evaluation");
        if (Double.isNaN(limit) || limit < 0) {
            throw new IllegalArgumentException("limit must be a number of at least 0, got " + limit);
        }
        if (window.compareTo(Duration.ofSeconds(1)) < 0 || window.compareTo(LONGEST_WINDOW) > 0) {
            throw new IllegalArgumentException("window must be 1s to 15m, got " + window.toSeconds() + "s");
        }
        if (grace.isNegative()) {
            throw new IllegalArgumentException("grace must not be negative");
        }
        requireNonNull(recovery, "recovery");
        if (recovery.isNegative()) {
            throw new IllegalArgumentException("recovery must not be negative");
        }
    }

    public String id() {
        return measure.id();
    }

    /** Whether a violation may trigger an automatic policy rollback. */
    public boolean rollback() {
        return onViolation == OnViolation.ALERT_AND_ROLL_BACK;
    }

    /** Whether the threshold is evaluated at all. */
    public boolean enabled() {
        return evaluation == Evaluation.ENABLED;
    }

    /** The eight thresholds of the original design, each over a one-minute window. */
    public static List<SlaThreshold> defaults() {
        OnViolation rollback = OnViolation.ALERT_AND_ROLL_BACK;
        OnViolation alert = OnViolation.ALERT;
        return List.of(
                byDefault(SlaMeasure.FAST_SHARE, 99.0, secs(60), SlaSeverity.MAJOR, rollback),
                byDefault(SlaMeasure.P99_LATENCY, 100, secs(30), SlaSeverity.MAJOR, rollback),
                byDefault(SlaMeasure.MEAN_LATENCY, 50, secs(120), SlaSeverity.MINOR, alert),
                byDefault(SlaMeasure.AVAILABILITY, 99.9, secs(10), SlaSeverity.CRITICAL, rollback),
                byDefault(SlaMeasure.ERROR_RATE, 1.0, secs(60), SlaSeverity.MAJOR, rollback),
                byDefault(SlaMeasure.THROUGHPUT, 10, secs(300), SlaSeverity.MINOR, alert),
                byDefault(SlaMeasure.CPU, 85, secs(180), SlaSeverity.WARNING, alert),
                byDefault(SlaMeasure.MEMORY, 90, secs(60), SlaSeverity.MAJOR, rollback));
    }

    /** A default threshold: enabled, over one minute, recovered after {@link #DEFAULT_RECOVERY}. */
    private static SlaThreshold byDefault(
            SlaMeasure measure, double limit, Duration grace, SlaSeverity severity, OnViolation onViolation) {
        return new SlaThreshold(
                measure,
                limit,
                Duration.ofMinutes(1),
                grace,
                severity,
                onViolation,
                Evaluation.ENABLED,
                DEFAULT_RECOVERY);
    }

    /** The default threshold for {@code measure}. */
    public static SlaThreshold defaultFor(SlaMeasure measure) {
        return defaults().stream()
                .filter(t -> t.measure() == measure)
                .findFirst()
                .orElseThrow();
    }

    /**
     * This threshold with the settings of {@code spec} changed, e.g. {@code limit=200,grace=10s,rollback=false}: the
     * flat form of {@link #with(Map)}.
     *
     * @throws IllegalArgumentException naming the part that is wrong and what was expected
     */
    public SlaThreshold with(String spec) {
        Map<String, String> settings = new LinkedHashMap<>();
        for (String part : spec.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            String[] kv = part.split("=", 2);
            if (kv.length != 2) {
                throw new IllegalArgumentException(
                        "expected KEY=VALUE pairs such as limit=200,grace=30s, got `" + part.trim() + "`");
            }
            settings.put(kv[0].trim(), kv[1].trim());
        }
        return with(settings);
    }

    /**
     * This threshold with the named settings changed; keys {@code limit}, {@code window}, {@code grace}, {@code
     * severity}, {@code rollback}, {@code enabled}, {@code recovery}.
     *
     * @throws IllegalArgumentException naming the part that is wrong and what was expected
     */
    public SlaThreshold with(Map<String, String> settings) {
        double limit = this.limit;
        Duration window = this.window;
        Duration grace = this.grace;
        SlaSeverity severity = this.severity;
        OnViolation onViolation = this.onViolation;
        Evaluation evaluation = this.evaluation;
        Duration recovery = this.recovery;
        for (Map.Entry<String, String> setting : settings.entrySet()) {
            String value = setting.getValue().trim();
            switch (setting.getKey().trim().toLowerCase(Locale.ROOT)) {
                case "limit" -> limit = number(value);
                case "window" -> window = ReviewRoute.duration(value);
                case "grace" -> grace = ReviewRoute.duration(value);
                case "severity" -> severity = SlaSeverity.parse(value);
                case "rollback" -> onViolation = bool(value) ? OnViolation.ALERT_AND_ROLL_BACK : OnViolation.ALERT;
                case "enabled" -> evaluation = bool(value) ? Evaluation.ENABLED : Evaluation.DISABLED;
                case "recovery" -> recovery = ReviewRoute.duration(value);
                default ->
                    throw new IllegalArgumentException("unknown setting `%s`; expected limit, window, grace,"
                                    .formatted(setting.getKey().trim())
                            + " severity, rollback, enabled or recovery");
            }
        }
        return new SlaThreshold(measure, limit, window, grace, severity, onViolation, evaluation, recovery);
    }

    /** The settings as {@link #with(String)} reads them: {@code limit=100,window=60s,grace=30s,severity=major,…}. */
    public String spec() {
        StringBuilder spec = new StringBuilder();
        settings()
                .forEach((k, v) -> spec.append(spec.isEmpty() ? "" : ",")
                        .append(k)
                        .append('=')
                        .append(v));
        return spec.toString();
    }

    /** Every setting as {@link #with(Map)} reads it, in documentation order: {@code limit}, {@code window}, …. */
    public Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("limit", limit == Math.rint(limit) ? String.valueOf((long) limit) : String.valueOf(limit));
        settings.put("window", seconds(window));
        settings.put("grace", seconds(grace));
        settings.put("severity", severity.label());
        settings.put("rollback", String.valueOf(rollback()));
        settings.put("enabled", String.valueOf(enabled()));
        settings.put("recovery", seconds(recovery));
        return settings;
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }

    private static Duration secs(long seconds) {
        return Duration.ofSeconds(seconds);
    }

    private static double number(String text) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("limit must be a number, not `" + text + "`");
        }
    }

    private static boolean bool(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new IllegalArgumentException("expected true or false, not `" + text + "`");
        };
    }
}
