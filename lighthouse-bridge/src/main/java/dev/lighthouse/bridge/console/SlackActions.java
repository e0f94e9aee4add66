package dev.lighthouse.bridge.console;

import dev.lighthouse.bridge.auth.AgentTokens;
import dev.lighthouse.bridge.auth.Principal;
import dev.lighthouse.bridge.auth.ReviewVoters;
import dev.lighthouse.review.Recorded;
import dev.lighthouse.review.ReviewBoard;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Slack's callback when someone presses Approve or Deny on a review message. The request must carry Slack's
 * signature ({@code X-Slack-Signature: v0=HMAC-SHA256(signing secret, "v0:" + timestamp + ":" + body)}) with a
 * timestamp within 5 minutes; the presser's Slack user id must map to an active reviewer or admin token
 * ({@code review.slack.users}). Then the press is that reviewer's vote, through the review board like any other:
 * the same eligibility and quorum, a signed {@code review.verdict} event. Thread-safe.
 */
final class SlackActions {
    static final Duration SKEW = Duration.ofMinutes(5);
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final byte[] secret;
    private final Map<String, String> users;
    private final AgentTokens tokens;
    private final ReviewBoard board;
    private final Clock clock;

    SlackActions(String secret, Map<String, String> users, AgentTokens tokens, ReviewBoard board, Clock clock) {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.users = users;
        this.tokens = tokens;
        this.board = board;
        this.clock = clock;
    }

    /** What came of one callback: the HTTP status and the text Slack shows the presser. */
    record Outcome(int status, String text) {}

    Outcome handle(Optional<String> timestamp, Optional<String> signature, String body) {
        if (timestamp.isEmpty() || signature.isEmpty() || !signed(timestamp.get(), signature.get(), body)) {
            return new Outcome(401, "the request does not carry a valid Slack signature");
        }
        JsonNode payload;
        try {
            payload = JSON.readTree(field(body, "payload").orElse(""));
        } catch (JacksonException e) {
            return new Outcome(400, "the payload is not JSON");
        }
        String slackUser = payload.path("user").path("id").asString("");
        JsonNode action = payload.path("actions").path(0);
        String actionId = action.path("action_id").asString("");
        String reviewId = action.path("value").asString("");
        Recorded.Choice choice;
        if (actionId.equals("lighthouse_approve")) {
            choice = Recorded.Choice.APPROVE;
        } else if (actionId.equals("lighthouse_deny")) {
            choice = Recorded.Choice.DENY;
        } else {
            return new Outcome(400, "unknown action `%s`".formatted(actionId));
        }
        String reviewer = users.get(slackUser);
        if (reviewer == null) {
            return new Outcome(
                    403, "Slack user %s is not mapped to a reviewer (review.slack.users)".formatted(slackUser));
        }
        Optional<AgentTokens.Agent> agent = tokens.active(reviewer);
        if (agent.isEmpty()) {
            return new Outcome(403, "reviewer %s has no active token".formatted(reviewer));
        }
        String name = payload.path("user").path("username").asString(slackUser);
        try {
            ReviewBoard.VoteResult result = board.vote(
                    ReviewVoters.voter(new Principal(reviewer, agent.get().role())),
                    reviewId,
                    choice,
                    "%s in Slack by %s".formatted(choice == Recorded.Choice.APPROVE ? "approved" : "denied", name),
                    Optional.empty());
            if (!result.counted()) {
                return new Outcome(
                        200,
                        "Your vote on %s was recorded but not counted (%s); the review is %s."
                                .formatted(
                                        reviewId,
                                        result.ignored()
                                                .map(Enum::name)
                                                .orElse("?")
                                                .toLowerCase(java.util.Locale.ROOT),
                                        result.review().status()));
            }
            return new Outcome(
                    200,
                    "Counted %s's vote on %s; the review is %s."
                            .formatted(reviewer, reviewId, result.review().status()));
        } catch (ReviewBoard.UnknownReview e) {
            return new Outcome(404, "no review " + reviewId);
        }
    }

    private boolean signed(String timestamp, String signature, String body) {
        long at;
        try {
            at = Long.parseLong(timestamp.strip());
        } catch (NumberFormatException e) {
            return false;
        }
        Instant now = clock.instant();
        if (Duration.between(Instant.ofEpochSecond(at), now).abs().compareTo(SKEW) > 0) {
            return false; // a replayed request
        }
        String expected = "v0=" + HexFormat.of().formatHex(hmac("v0:" + timestamp.strip() + ":" + body));
        return MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.UTF_8), signature.strip().getBytes(StandardCharsets.UTF_8));
    }

    private byte[] hmac(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static Optional<String> field(String form, String name) {
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0
                    && URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8)
                            .equals(name)) {
                return Optional.of(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }
}
