package dev.lighthouse.review;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lighthouse.policy.Decision;
import dev.lighthouse.policy.Policies;
import dev.lighthouse.policy.call.ToolCall;
import dev.lighthouse.policy.call.ToolInput;
import dev.lighthouse.policy.verdict.ReviewRoute;
import dev.lighthouse.policy.verdict.Verdict;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** A review as the board keeps it. */
class ReviewTest {
    @Test
    void aNewReview_isShownAsPending_beforeAnyChangeIsApplied() {
        ReviewRoute route = new ReviewRoute(
                "people",
                List.of("human"),
                1,
                ReviewRoute.Mode.MAJORITY,
                Duration.ofMinutes(10),
                Verdict.DENY,
                Duration.ZERO,
                "");
        ReviewCase reviewCase = new ReviewCase(
                "r-1",
                "alice",
                "/p",
                "/p",
                "Bash",
                JsonMapper.builder().build().createObjectNode(),
                List.of(),
                List.of("rule"),
                "reason",
                "high",
                "people",
                "",
                List.of());
        ToolCall call = new ToolCall(
                "alice", "s1", new ToolInput.Bash("git push --force"), Path.of("/p"), Path.of("/p"), Path.of("/home"));
        Instant now = Instant.parse("2026-12-07T00:00:00Z");
        Decision decision = Policies.defaultPolicy().decide(call, now);
        CallPattern pattern = CallPattern.of(call, decision.facts(), reviewCase.input(), decision.risk(), text -> text);
        Review review = new Review("r-1", reviewCase, route, "fp", pattern, now, false);

        assertThat(review.view()).isNotNull();
        assertThat(review.view().status()).isEqualTo("pending");
    }
}
