package dev.lighthouse.bridge.mcp;

import static java.util.Objects.requireNonNull;

import dev.lighthouse.bridge.auth.Permission;
import dev.lighthouse.events.EventType;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One MCP resource: a JSON document read for the caller, and the kinds of event that change it. Subscribed clients
 * are sent {@code notifications/resources/updated} when such an event is stored (the store's own subscription, no
 * polling).
 *
 * @param uri e.g. {@code lighthouse://policy/active}
 * @param description what the document holds, for the model
 * @param needs the permission the caller's role must have to read it
 * @param changedBy which stored events change it
 * @param read the document for a caller: a record, serialised as JSON
 */
public record McpResource(
        String uri,
        String name,
        String description,
        Permission needs,
        Predicate<EventType> changedBy,
        Function<Caller, Object> read) {
    public McpResource {
        requireNonNull(uri, "uri");
        requireNonNull(name, "name");
        requireNonNull(description, "description");
        requireNonNull(needs, "needs");
        requireNonNull(changedBy, "changedBy");
        requireNonNull(read, "read");
    }
}
