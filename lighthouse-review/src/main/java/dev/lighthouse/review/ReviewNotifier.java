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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tells the configured places of each new review: a webhook ({@code review.webhook}) gets
 * {@code POST {"type":"review.requested","review":{…},"links":{"alice":"…"}}}, a Slack incoming webhook
 * ({@code review.slack.webhook}) a message with the call, Approve and Deny buttons and the links. A link is signed,
 * single-use and expiring, made for one person the review asks ({@link LinkSigner}); it opens the review in the web
 * console as that person. Fire and forget on a virtual thread, up to 3 attempts about 1 s and 2 s apart
 * ({@link Backoff}); a place that stays down is logged and never delays or changes a review.
 */
public final class ReviewNotifier {
    private static final Logger LOG = LoggerFactory.getLogger(ReviewNotifier.class);
    private static final Backoff BACKOFF =
            new Backoff(3, Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(30));

    private static final JsonMapper JSON = JsonMapper.builder()
            .changeDefaultPropertyInclusion(i -> i.withValueInclusion(JsonInclude.Include.NON_ABSENT))
            .build();

    /** Where notices go. */
    public sealed interface Target {
        URI url();

        /** A generic webhook: the review as JSON, with the links. */
        record Webhook(URI url) implements Target {}

        /** A Slack incoming webhook: a message with buttons whose callbacks the console verifies. */
        record Slack(URI url) implements Target {}
    }

    /** Makes the signed console link that opens review {@code reviewId} for {@code reviewer}. */
    @FunctionalInterface
    public interface LinkSigner {
        URI link(String reviewId, String reviewer);
    }

    /** The body the webhook receives. */
    private record Notice(String type, ReviewView review, Optional<Map<String, URI>> links) {}

    private final List<Target> targets;
    private final Optional<LinkSigner> signer;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public ReviewNotifier(URI url) {
        this(List.of(new Target.Webhook(url)), Optional.empty());
    }

    public ReviewNotifier(List<Target> targets, Optional<LinkSigner> signer) {
        this.targets = List.copyOf(targets);
        this.signer = requireNonNull(signer, "signer");
    }

    /** Sends the notices of a new review, with a link for each of {@code people} (whom its route asks). */
    void requested(ReviewView review, List<String> people) {
        Map<String, URI> links = new LinkedHashMap<>();
        signer.ifPresent(s -> people.forEach(p -> links.put(p, s.link(review.id(), p))));
        for (Target target : targets) {
            String body = switch (target) {
                case Target.Webhook w ->
                    JSON.writeValueAsString(new Notice(
                            "review.requested", review, links.isEmpty() ? Optional.empty() : Optional.of(links)));
                case Target.Slack s -> JSON.writeValueAsString(SlackMessage.of(review, links));
            };
            Thread.ofVirtual().name("review-notice").start(() -> send(target.url(), body, review.id()));
        }
    }

    private void send(URI url, String body, String id) {
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
