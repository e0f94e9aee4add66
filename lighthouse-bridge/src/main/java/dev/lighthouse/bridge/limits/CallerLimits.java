package dev.lighthouse.bridge.limits;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * What one caller may hold at once, so that a single token (or the tokenless loopback user) cannot tie up the
 * bridge with slow bodies, open streams or replays of the whole log.
 *
 * @param bodyRead how long a request body may take to arrive, and how long the socket may stay silent while one is
 *     read; over it the request is refused (408) and a silent connection closed
 * @param requestsPerCaller most requests one caller may have in progress at once (held hooks included)
 * @param streamsPerCaller most event streams ({@code /v1/decisions/stream}, {@code /v1/reviews/stream}) one caller
 *     may have open
 * @param replayEvents most events a stream may replay ({@code after=} or {@code Last-Event-ID} further back is
 *     refused; page through {@code GET /v1/decisions} instead)
 */
public record CallerLimits(Duration bodyRead, int requestsPerCaller, int streamsPerCaller, long replayEvents) {
    public CallerLimits {
        requireNonNull(bodyRead, "bodyRead");
        if (!bodyRead.isPositive() || requestsPerCaller < 1 || streamsPerCaller < 1 || replayEvents < 1) {
            throw new IllegalArgumentException(
                    ("caller limits must be positive: body read %s, requests per caller %d, streams per caller %d,"
                                    + " replay %d events")
                            .formatted(bodyRead, requestsPerCaller, streamsPerCaller, replayEvents));
        }
    }

    /** 30 s to send a body, 2,048 requests and 8 streams per caller, replays of up to 100,000 events. */
    public static CallerLimits defaults() {
        return new CallerLimits(Duration.ofSeconds(30), 2_048, 8, 100_000);
    }
}
