package dev.lighthouse.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NewEventTest {
    static NewEvent withPayload(String payload) {
        return new NewEvent(EventType.DECISION_MADE, "s", Optional.empty(), payload);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {"b": 1, "a": {"d": [1, 2], "c": null}} | {"a":{"c":null,"d":[1,2]},"b":1}
            { "x" : 0.10 }                           | {"x":0.10}
            {"big": 12345678901234567890}            | {"big":12345678901234567890}
            {"u": "caf\\u00e9 ✓"}                     | {"u":"café ✓"}
            """)
    void payload_isKeptInCanonicalForm(String given, String canonical) {
        assertThat(withPayload(given).payload()).isEqualTo(canonical);
        assertThat(withPayload(canonical).payload())
                .as("canonical is a fixed point")
                .isEqualTo(canonical);
    }

    @Test
    void payload_thatIsNotAnObject_isRejected() {
        assertThatThrownBy(() -> withPayload("[1]"))
                .isInstanceOf(EventRejectedException.class)
                .hasMessage("payload must be a JSON object, got array");
        assertThatThrownBy(() -> withPayload("{\"a\":"))
                .isInstanceOf(EventRejectedException.class)
                .hasMessageStartingWith("payload is not valid JSON");
    }

    @Test
    void anEventOverOneMebibyte_isRejected_sayingItsSizeAndTheLimit() {
        String big = "{\"s\":\"" + "x".repeat(NewEvent.MAX_BYTES) + "\"}";

        assertThatThrownBy(() -> withPayload(big))
                .isInstanceOf(EventRejectedException.class)
                .hasMessage("event is 1,048,598 bytes (payload, type, stream and agent in UTF-8); the limit is"
                        + " 1,048,576 bytes");
    }

    @Test
    void anEventJustUnderTheLimit_isAccepted() {
        int room = NewEvent.MAX_BYTES - "decision.made".length() - 1 - "{\"s\":\"\"}".length();
        assertThat(withPayload("{\"s\":\"" + "x".repeat(room) + "\"}").payload())
                .hasSize(NewEvent.MAX_BYTES - 14);
    }

    @Test
    void payloadNestedTooDeep_isRejected() {
        String deep = "{\"a\":".repeat(NewEvent.MAX_DEPTH + 1) + "1" + "}".repeat(NewEvent.MAX_DEPTH + 1);

        assertThatThrownBy(() -> withPayload(deep))
                .isInstanceOf(EventRejectedException.class)
                .hasMessage("payload is nested more than 64 levels deep");
    }

    @Test
    void blankStreamOrAgent_isRejected() {
        assertThatThrownBy(() -> new NewEvent(EventType.DECISION_MADE, " ", Optional.empty(), "{}"))
                .hasMessageStartingWith("stream must be 1 to 512 characters");
        assertThatThrownBy(() -> new NewEvent(EventType.DECISION_MADE, "s", Optional.of(""), "{}"))
                .hasMessageStartingWith("agent must be 1 to 512 characters");
    }

    @ParameterizedTest
    @CsvSource({"decision.made,true", "policy.rolled_back,true", "decision,false", "Decision.Made,false", ".x,false"})
    void eventTypes_areNamespacedLowerCaseNames(String name, boolean valid) {
        if (valid) {
            assertThat(EventType.of(name).name()).isEqualTo(name);
        } else {
            assertThatThrownBy(() -> EventType.of(name)).hasMessageContaining("namespaced");
        }
    }
}
