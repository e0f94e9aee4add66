package dev.lighthouse.bridge.http;

import dev.lighthouse.bridge.auth.Principal;
import dev.lighthouse.bridge.limits.CallerSlots;

/** Takes a caller's slot for a request or a stream, or refuses with 429. */
final class Requests {
    private Requests() {}

    static CallerSlots.Slot slot(CallerSlots slots, Principal who) {
        return slots.take(who)
                .orElseThrow(() -> new Refused(
                        429,
                        "too_many_requests",
                        "agent `%s` has %,d requests in progress already, the most one caller may have; finish some first"
                                .formatted(who.name(), slots.max())));
    }

    static CallerSlots.Slot stream(CallerSlots slots, Principal who) {
        return slots.take(who)
                .orElseThrow(() -> new Refused(
                        429,
                        "too_many_streams",
                        "agent `%s` has %,d event streams open already, the most one caller may have; close one first"
                                .formatted(who.name(), slots.max())));
    }
}
