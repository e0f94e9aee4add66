package dev.lighthouse.review;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.lighthouse.retry.Backoff;
import dev.lighthouse.retry.Backoff.Step.Done;
import dev.lighthouse.retry.Backoff.Step.Retry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tells a webhook ({@code review.webhook}) of each new review: {@code POST {"type":"review.requested","review":{…}}}.
 * Fire and forget on a virtual thread, up to 3 attempts about 1 s and 2 s apart ({@link Backoff}); a webhook that
 * stays down is logged and never delays or changes a review.
 */
public final class ReviewNotifier {
    private static final Logger LOG = LoggerFactory.getLogger(ReviewNotifier.class);
    private static final Backoff BACKOFF =
            new Backoff(3, Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(30));

    private static final JsonMapper JSON = JsonMapper.builder()
            .changeDefaultPropertyInclusion(i -> i.withValueInclusion(JsonInclude.Include.NON_ABSENT))
            .build();

    /** The body the webhook receives. */
    private record Notice(String type, ReviewView review) {}

    private final URI url;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public ReviewNotifier(URI url) {
        this.url = requireNonNull(url, "url");
    }

    void requested(ReviewView review) {
        String body = JSON.writeValueAsString(new Notice("review.requested", review));
        Thread.ofVirtual().name("review-webhook").start(() -> send(body, review.id()));
    }

    private void send(String body, String id) {
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            BACKOFF.run(t -> attempt(request, id, t.number()), ok -> ok ? new Done() : new Retry(Optional.empty()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether the webhook took the review; a failure is logged and retried. */
    private boolean attempt(HttpRequest request, String id, int attempt) throws InterruptedException {
        try {
            int status =
                    http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status < 300) {
                return true;
            }
            LOG.warn("review webhook answered {} for {} (attempt {} of {})", status, id, attempt, BACKOFF.attempts());
        } catch (IOException e) {
            LOG.warn(
                    "review webhook unreachable for {} (attempt {} of {}): {}",
                    id,
                    attempt,
                    BACKOFF.attempts(),
                    e.toString());
        }
        return false;
    }
}
