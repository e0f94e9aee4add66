package dev.lighthouse.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Maps {@link EventPayload} records to and from payload JSON. */
final class Payloads {
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .changeDefaultPropertyInclusion(i -> i.withValueInclusion(JsonInclude.Include.NON_ABSENT))
            .build();

    private Payloads() {}

    static JsonNode tree(EventPayload payload) {
        return MAPPER.valueToTree(payload);
    }

    static <T extends EventPayload> T read(String payload, Class<T> type) {
        try {
            return MAPPER.readValue(payload, type);
        } catch (JacksonException e) {
            throw new EventStoreException(
                    "payload does not read as %s: %s".formatted(type.getSimpleName(), e.getOriginalMessage()), e);
        }
    }
}
