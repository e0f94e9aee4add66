package dev.lighthouse.load;

import java.util.Locale;

/**
 * Where a simulated agent says it works from, with the original design's fleet shares. A label only: it adds no
 * network delay unless the plan asks for one explicitly ({@code --region-latency}), so results stay honest about
 * what was measured on loopback.
 */
public enum Region {
    US_EAST(0.35),
    US_WEST(0.25),
    EU(0.25),
    ASIA(0.15);

    /** This region's share of the simulated agents. */
    public final double share;

    Region(double share) {
        this.share = share;
    }

    /** The region at {@code u} (uniform in [0, 1)) along the cumulative shares. */
    static Region at(double u) {
        double cumulative = 0;
        for (Region r : values()) {
            cumulative += r.share;
            if (u < cumulative) {
                return r;
            }
        }
        return ASIA;
    }

    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Reads {@code us-east}, {@code us_west}, {@code EU}… */
    public static Region parse(String text) {
        for (Region r : values()) {
            if (r.cliName().equalsIgnoreCase(text.strip().replace('_', '-'))) {
                return r;
            }
        }
        throw new IllegalArgumentException(
                "unknown region \"%s\": expected us-east, us-west, eu or asia".formatted(text));
    }
}
