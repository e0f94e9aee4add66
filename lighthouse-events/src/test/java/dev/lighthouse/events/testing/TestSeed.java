package dev.lighthouse.events.testing;

import java.util.SplittableRandom;

/**
 * The seed of a randomised test: {@code -Dlighthouse.seed=N} replays a run, otherwise a fresh seed is drawn. Either
 * way it is printed before the test uses it, so a failure can always be replayed:
 *
 * <pre>./mvnw -B -pl lighthouse-bridge -am test -Dtest=RollbackDemoTest -Dlighthouse.seed=N
 * -Dsurefire.failIfNoSpecifiedTests=false</pre>
 */
public final class TestSeed {
    /** The system property that replays a seed. */
    public static final String PROPERTY = "lighthouse.seed";

    private TestSeed() {}

    /** The seed for {@code test}, printed with how to replay it. */
    public static long of(String test) {
        String given = System.getProperty(PROPERTY);
        long seed;
        try {
            seed = given == null || given.isBlank() ? new SplittableRandom().nextLong() : Long.parseLong(given.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "-D%s must be a whole number (a seed a test printed), got \"%s\"".formatted(PROPERTY, given), e);
        }
        System.out.printf("%s: seed %d (replay with -D%s=%d)%n", test, seed, PROPERTY, seed);
        return seed;
    }
}
