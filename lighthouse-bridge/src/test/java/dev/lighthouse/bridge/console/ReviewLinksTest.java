package dev.lighthouse.bridge.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ReviewLinksTest {
    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes();
    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

    private static ReviewLinks links(Instant now) {
        return new ReviewLinks(
                KEY, Clock.fixed(now, ZoneOffset.UTC), Duration.ofHours(1), () -> "http://127.0.0.1:8765");
    }

    private static String token(ReviewLinks links) {
        String url = links.link("rv_0123456789abcdef", "alice").toString();
        assertThat(url).startsWith("http://127.0.0.1:8765/console/link/");
        return url.substring(url.lastIndexOf('/') + 1);
    }

    @Test
    void link_namesItsReviewAndReviewer_andWorksOnce() {
        ReviewLinks links = links(NOW);
        String token = token(links);
        assertThat(links.check(token)).isInstanceOfSatisfying(ReviewLinks.Opened.Valid.class, v -> {
            assertThat(v.reviewId()).isEqualTo("rv_0123456789abcdef");
            assertThat(v.reviewer()).isEqualTo("alice");
        });
        assertThat(links.check(token)).isInstanceOf(ReviewLinks.Opened.Valid.class); // looking does not spend it
        assertThat(links.use(token)).isInstanceOf(ReviewLinks.Opened.Valid.class);
        assertThat(links.use(token))
                .isInstanceOfSatisfying(
                        ReviewLinks.Opened.Refused.class,
                        r -> assertThat(r.why()).contains("used"));
    }

    @Test
    void link_pastItsExpiry_isRefused_justBeforeItWorks() {
        String token = token(links(NOW));
        assertThat(links(NOW.plus(Duration.ofMinutes(59))).use(token)).isInstanceOf(ReviewLinks.Opened.Valid.class);
        assertThat(links(NOW.plus(Duration.ofHours(1))).use(token))
                .isInstanceOfSatisfying(
                        ReviewLinks.Opened.Refused.class,
                        r -> assertThat(r.why()).contains("expired"));
    }

    @Test
    void link_withAnotherReviewerOrAnotherKey_isRefused() {
        ReviewLinks links = links(NOW);
        String token = token(links);
        String payload = new String(java.util.Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))));
        String forged = java.util.Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString(payload.replace("alice", "mallory").getBytes())
                + token.substring(token.indexOf('.'));
        assertThat(links.use(forged))
                .isInstanceOfSatisfying(
                        ReviewLinks.Opened.Refused.class,
                        r -> assertThat(r.why()).contains("signature"));
        ReviewLinks otherKey = new ReviewLinks(
                "another key, another bridge....".getBytes(),
                Clock.fixed(NOW, ZoneOffset.UTC),
                Duration.ofHours(1),
                () -> "");
        assertThat(otherKey.use(token)).isInstanceOf(ReviewLinks.Opened.Refused.class);
        assertThat(links.use("not-a-link")).isInstanceOf(ReviewLinks.Opened.Refused.class);
    }
}
