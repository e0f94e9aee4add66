package dev.lighthouse.coordination.expert;

import dev.lighthouse.events.EventPayload;
import dev.lighthouse.events.EventType;
import java.time.Instant;
import java.util.Set;

/** The expert registry's one event, in the stream {@code expert/<agent>}. */
public sealed interface ExpertEvent extends EventPayload {
    EventType REGISTERED = EventType.of("expert.registered");

    /** {@code agent} now offers exactly these capabilities (none: it stops being an expert). */
    record Registered(String agent, Set<String> capabilities, Instant at) implements ExpertEvent {
        public Registered {
            capabilities = Set.copyOf(capabilities);
        }

        @Override
        public EventType eventType() {
            return REGISTERED;
        }
    }
}
