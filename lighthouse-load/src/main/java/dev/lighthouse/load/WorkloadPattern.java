package dev.lighthouse.load;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The workload patterns of the original design (docs/load.md): the share of each command class, the open-model
 * arrival rate at base, the peak multiplier, the chance of a burst starting in any second, and the number of agents
 * at base and at peak.
 */
public enum WorkloadPattern {
    BUSINESS_HOURS(new Mix(70, 20, 10), 150, 2.5, 0.05, 80, 250),
    MAINTENANCE_WINDOW(new Mix(40, 30, 30), 50, 2.0, 0.05, 20, 60),
    INCIDENT_RESPONSE(new Mix(20, 50, 30), 200, 4.0, 0.15, 100, 500),
    SCALE_TEST(new Mix(80, 15, 5), 500, 2.0, 0.05, 500, 1200);

    /** Percentages of safe, risky and complex commands; they add up to 100. */
    public record Mix(int safe, int risky, int complex) {
        public Mix {
            if (safe < 0 || risky < 0 || complex < 0 || safe + risky + complex != 100) {
                throw new IllegalArgumentException(
                        "mix %d/%d/%d must be three shares adding up to 100".formatted(safe, risky, complex));
            }
        }

        /** The class a uniform draw in [0, 100) falls into. */
        CommandClass classAt(double percent) {
            if (percent < safe) {
                return CommandClass.SAFE;
            }
            return percent < safe + risky ? CommandClass.RISKY : CommandClass.COMPLEX;
        }
    }

    private final Mix mix;
    private final double baseRate;
    private final double peakMultiplier;
    private final double burstProbability;
    private final int baseAgents;
    private final int peakAgents;

    WorkloadPattern(
            Mix mix, double baseRate, double peakMultiplier, double burstProbability, int baseAgents, int peakAgents) {
        this.mix = mix;
        this.baseRate = baseRate;
        this.peakMultiplier = peakMultiplier;
        this.burstProbability = burstProbability;
        this.baseAgents = baseAgents;
        this.peakAgents = peakAgents;
    }

    public Mix mix() {
        return mix;
    }

    /** Open model: requests per second at base; the peak is this times {@link #peakMultiplier()}. */
    public double baseRate() {
        return baseRate;
    }

    public double peakMultiplier() {
        return peakMultiplier;
    }

    /** Chance that a burst starts in any one second. */
    public double burstProbability() {
        return burstProbability;
    }

    public int baseAgents() {
        return baseAgents;
    }

    public int peakAgents() {
        return peakAgents;
    }

    /** The name on the command line and in reports, e.g. {@code business_hours}. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static WorkloadPattern fromCliName(String name) {
        for (WorkloadPattern p : values()) {
            if (p.cliName().equals(name.trim().toLowerCase(Locale.ROOT).replace('-', '_'))) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown pattern \"%s\"; expected one of %s"
                .formatted(
                        name,
                        Arrays.stream(values()).map(WorkloadPattern::cliName).collect(Collectors.joining(", "))));
    }
}
