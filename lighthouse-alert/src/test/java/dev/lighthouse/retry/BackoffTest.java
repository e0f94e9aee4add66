package dev.lighthouse.retry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BackoffTest {
    /** No pauses, so the loop's counting is tested without waiting. */
    private static final Backoff THREE = new Backoff(3, Duration.ZERO, Duration.ZERO, Duration.ofMinutes(1));

    private static Backoff.Step retry() {
        return new Backoff.Step.Retry(Optional.empty());
    }

    @Test
    void run_retriesRetryableFailures_untilOneIsDone() throws InterruptedException {
        List<Integer> numbers = new ArrayList<>();

        Backoff.Result<String> result = THREE.run(
                t -> {
                    numbers.add(t.number());
                    return t.number() < 3 ? "HTTP 503" : "HTTP 200";
                },
                outcome -> outcome.equals("HTTP 200") ? new Backoff.Step.Done() : retry());

        assertThat(result).isEqualTo(new Backoff.Result.Done<>("HTTP 200", 3));
        assertThat(numbers).containsExactly(1, 2, 3);
    }

    @Test
    void run_givesUpAfterItsAttempts_withTheLastOutcome() throws InterruptedException {
        Backoff.Result<String> result = THREE.run(t -> "HTTP 503 #" + t.number(), outcome -> retry());

        assertThat(result).isEqualTo(new Backoff.Result.OutOfAttempts<>("HTTP 503 #3", 3));
    }

    @Test
    void run_stopsAtOnce_onAFinalFailure() throws InterruptedException {
        Backoff.Result<String> result = THREE.run(t -> "HTTP 401", outcome -> new Backoff.Step.Stop());

        assertThat(result).isEqualTo(new Backoff.Result.Stopped<>("HTTP 401", 1));
    }

    @Test
    void run_retryAtOnce_isNotCountedAgainstTheAttempts() throws InterruptedException {
        Backoff.Result<Integer> result =
                THREE.run(Backoff.Try::number, n -> n % 2 == 1 ? new Backoff.Step.RetryAtOnce() : retry());

        assertThat(result).isEqualTo(new Backoff.Result.OutOfAttempts<>(6, 6));
    }

    @Test
    void run_endsWhenThePauseWouldPassTheTotal_sayingWhichPause() throws InterruptedException {
        Backoff slow = new Backoff(5, Duration.ofHours(1), Duration.ofHours(1), Duration.ofSeconds(30));

        Backoff.Result<String> result = slow.run(t -> "HTTP 429", outcome -> retry());

        assertThat(result).isInstanceOfSatisfying(Backoff.Result.OutOfTime.class, out -> {
            assertThat(out.attempts()).isEqualTo(1);
            assertThat(out.nextPause()).get().matches(p -> ((Duration) p).compareTo(Duration.ofMinutes(30)) >= 0);
        });
    }

    @Test
    void run_aRetryAfterLongerThanThePause_isWaitedFor() throws InterruptedException {
        Backoff quick = new Backoff(3, Duration.ZERO, Duration.ZERO, Duration.ofSeconds(30));

        Backoff.Result<String> result =
                quick.run(t -> "HTTP 429", outcome -> new Backoff.Step.Retry(Optional.of(Duration.ofMinutes(5))));

        assertThat(result).isEqualTo(new Backoff.Result.OutOfTime<>("HTTP 429", 1, Optional.of(Duration.ofMinutes(5))));
    }
}
