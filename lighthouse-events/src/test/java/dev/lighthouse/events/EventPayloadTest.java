package dev.lighthouse.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EventPayloadTest {
    record Voted(String review, Optional<String> comment, Instant at, double confidence, List<String> tags)
            implements EventPayload {
        @Override
        public EventType eventType() {
            return EventType.REVIEW_VERDICT;
        }
    }

    record Other(long count) implements EventPayload {
        @Override
        public EventType eventType() {
            return EventType.of("test.other");
        }
    }

    @Test
    void aRecordIsWrittenAsTheCanonicalTextAHandBuiltPayloadHad() {
        Instant at = Instant.parse("2026-12-06T10:15:30.123456Z");
        NewEvent typed = NewEvent.of("review/r1", new Voted("r1", Optional.empty(), at, 0.9, List.of("b", "a")));

        assertThat(typed.type()).isEqualTo(EventType.REVIEW_VERDICT);
        assertThat(typed.payload())
                .isEqualTo("{\"at\":\"2026-12-06T10:15:30.123456Z\",\"confidence\":0.9,\"review\":\"r1\","
                        + "\"tags\":[\"b\",\"a\"]}");
    }

    @Test
    void aStoredPayloadReadsBackAsTheRecordIgnoringPropertiesItDoesNotKnow() {
        Instant at = Instant.parse("2026-12-06T10:15:30Z");
        String stored = "{\"at\":\"2026-12-06T10:15:30Z\",\"comment\":\"ok\",\"confidence\":0.25,"
                + "\"newer\":{\"x\":1},\"review\":\"r1\",\"tags\":[]}";

        Voted read = Payloads.read(stored, Voted.class);

        assertThat(read).isEqualTo(new Voted("r1", Optional.of("ok"), at, 0.25, List.of()));
        assertThat(new BigDecimal("0.25").doubleValue()).isEqualTo(read.confidence());
    }

    @Test
    void aPayloadOfAnotherShapeIsAClearError() {
        assertThatThrownBy(() -> Payloads.read("{\"count\":\"many\"}", Other.class))
                .isInstanceOf(EventStoreException.class)
                .hasMessageContaining("does not read as Other");
    }
}
