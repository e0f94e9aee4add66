package dev.lighthouse.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DecisionMadeTest {
    /** Two payloads as the hand-built writer recorded them: a plain one, and a simulated one with a suggestion. */
    private static final String[] RECORDED = {
        "{\"answer\":\"review\",\"cached\":false,\"channel\":\"codex\",\"cwd\":\"/srv/project\","
                + "\"decidedAt\":\"2026-12-06T12:00:00.123456Z\",\"decision\":\"review\","
                + "\"input\":{\"command\":\"terraform apply\"},\"policy\":\"54b47708dc03\",\"policyMicros\":412,"
                + "\"policyName\":\"team.yaml\",\"project\":\"/srv/project\",\"reason\":\"Lighthouse: needs review\","
                + "\"risk\":\"medium\",\"rules\":[\"infrastructure-change\"],\"session\":\"s1\",\"tool\":\"Bash\"}",
        "{\"answer\":\"deny\",\"cached\":true,\"channel\":\"claude-code\",\"cwd\":\"/w\","
                + "\"decidedAt\":\"2026-12-06T12:00:00Z\",\"decision\":\"deny\","
                + "\"input\":{\"omittedChars\":300000,\"sha256\":\"ab12\"},\"policy\":\"p\",\"policyMicros\":3,"
                + "\"policyName\":\"default\",\"project\":\"/w\",\"reason\":\"r\",\"risk\":\"critical\","
                + "\"rules\":[\"a\",\"b\"],\"session\":\"\",\"simulated\":true,\"suggestion\":\"use trash\","
                + "\"tool\":\"Write\"}"
    };

    @Test
    void recordedPayloadsReadAsTheRecord_andAreWrittenBackByteForByte() {
        for (String payload : RECORDED) {
            DecisionMade read = stored(payload).payloadAs(DecisionMade.class);

            assertThat(NewEvent.byAgent("session/s1", "builder", read).payload())
                    .isEqualTo(payload);
        }
        assertThat(stored(RECORDED[1]).payloadAs(DecisionMade.class).bySimulatedAgent())
                .isTrue();
        assertThat(stored(RECORDED[0]).payloadAs(DecisionMade.class).bySimulatedAgent())
                .isFalse();
    }

    private static Event stored(String payload) {
        return new Event(
                1,
                UUID.randomUUID(),
                Instant.now(),
                EventType.DECISION_MADE,
                "session/s1",
                Optional.of("builder"),
                payload,
                "k",
                Hash.ZERO,
                Hash.ZERO);
    }
}
