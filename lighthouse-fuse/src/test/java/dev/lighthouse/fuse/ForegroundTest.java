package dev.lighthouse.fuse;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** The mount's start-up gives way to file operations: it waits while one runs, and for a quiet moment after. */
class ForegroundTest {
    private final Foreground foreground = new Foreground();

    @Test
    void awaitQuiet_whileAnOperationRuns_waitsUntilItsLimitAndSaysSo() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread operation = Thread.ofVirtual()
                .start(() -> foreground.during(() -> {
                    running.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return 0;
                }));
        running.await();

        boolean quiet = foreground.awaitQuiet(Duration.ofMillis(1), Duration.ofMillis(100));

        release.countDown();
        operation.join();
        assertThat(quiet).as("an operation ran throughout").isFalse();
    }

    @Test
    void awaitQuiet_onceTheOperationsHaveEnded_isQuiet() throws Exception {
        assertThat(foreground.during(() -> 7)).isEqualTo(7);

        assertThat(foreground.awaitQuiet(Duration.ofMillis(1), Duration.ofMinutes(1)))
                .isTrue();
    }

    @Test
    void awaitQuiet_rightAfterTheMountIsHandedOver_isNotQuietYet_howeverLongItTookToGetReady() throws Exception {
        Duration idle = Duration.ofMillis(50);
        assertThat(foreground.awaitQuiet(idle, Duration.ofMinutes(1)))
                .as("getting ready took longer than the idle time")
                .isTrue();

        foreground.handedOver();

        assertThat(foreground.awaitQuiet(idle, Duration.ofMillis(1)))
                .as("the first command may come now")
                .isFalse();
    }

    @Test
    void during_anOperationThatFails_stillEnds() throws Exception {
        try {
            foreground.during(() -> {
                throw new IllegalStateException("the bridge went away");
            });
        } catch (IllegalStateException expected) {
            // the operation's failure is its caller's; the view must still become quiet
        }

        assertThat(foreground.awaitQuiet(Duration.ofMillis(1), Duration.ofMinutes(1)))
                .isTrue();
    }
}
