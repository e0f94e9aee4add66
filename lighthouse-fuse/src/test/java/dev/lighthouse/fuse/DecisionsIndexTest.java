package dev.lighthouse.fuse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The listing index: hours are served from memory once the pass is complete, in seq order, and the oldest hours leave
 * it when it holds more names than allowed; those, and every hour before the pass ends, are asked of the bridge (here
 * a port nothing listens on, so asking shows as {@code EIO}'s exception).
 */
class DecisionsIndexTest {
    private static final Instant TEN = Instant.parse("2026-03-01T10:00:00Z");
    private static final Instant ELEVEN = Instant.parse("2026-03-01T11:00:00Z");
    private static final Instant TWELVE = Instant.parse("2026-03-01T12:00:00Z");

    private final Decisions decisions = new Decisions(new BridgeHttp(nobody(), Optional.empty()), 1 << 20, 4);

    private static URI nobody() {
        try (ServerSocket free = new ServerSocket(0)) {
            return URI.create("http://127.0.0.1:" + free.getLocalPort());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode record(long seq, Instant time, String answer) {
        return BridgeHttp.JSON
                .createObjectNode()
                .put("seq", seq)
                .put("time", time.toString())
                .put("answer", answer)
                .put("agent", "coder");
    }

    @Test
    void beforeThePassEnds_anHourIsAskedOfTheBridge() {
        decisions.indexed(record(1, TEN.plusSeconds(5), "allow"));
        assertThatThrownBy(() -> decisions.names(TEN)).isInstanceOf(BridgeException.class);
    }

    @Test
    void onceComplete_hoursComeFromTheIndexInSeqOrder_andTheOldestLeaveItPastTheCap() {
        decisions.indexed(record(1, TEN.plusSeconds(5), "allow"));
        decisions.indexed(record(2, ELEVEN.plusSeconds(5), "review"));
        decisions.indexed(record(3, ELEVEN.plusSeconds(9), "deny"));
        decisions.indexComplete();
        assertThat(decisions.names(TEN)).containsExactly("1-allow-coder.json");
        assertThat(decisions.names(ELEVEN)).containsExactly("2-review-coder.json", "3-deny-coder.json");
        assertThat(decisions.names(TWELVE)).isEmpty();

        decisions.indexed(record(4, TWELVE.plusSeconds(1), "allow"));
        decisions.indexed(record(5, TWELVE.plusSeconds(2), "unmatched"));
        assertThat(decisions.indexState().names()).isEqualTo(4);
        assertThat(decisions.names(TWELVE)).containsExactly("4-allow-coder.json", "5-unmatched-coder.json");
        assertThat(decisions.names(ELEVEN)).hasSize(2);
        assertThatThrownBy(() -> decisions.names(TEN)).isInstanceOf(BridgeException.class);
    }
}
