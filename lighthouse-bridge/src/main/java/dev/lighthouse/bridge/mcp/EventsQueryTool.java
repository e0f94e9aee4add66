package dev.lighthouse.bridge.mcp;

import dev.lighthouse.bridge.auth.Permission;
import dev.lighthouse.bridge.mcp.InputSchema.Param;
import dev.lighthouse.events.Cursor;
import dev.lighthouse.events.Event;
import dev.lighthouse.events.EventQuery;
import dev.lighthouse.events.EventType;
import dev.lighthouse.events.Page;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * {@code events_query}: pages of the event log, filtered. Agents and agent experts read their own agent's events only
 * (as with {@code GET /v1/decisions}); people and operators read every agent's.
 */
final class EventsQueryTool {
    private EventsQueryTool() {}

    record Arguments(
            Optional<String> type,
            Optional<String> stream,
            Optional<String> agent,
            Optional<String> since,
            Optional<String> until,
            Optional<String> after,
            Optional<Integer> limit) {}

    record Found(List<Item> events, Optional<String> next) {}

    /** One stored event, its payload as JSON. */
    record Item(long seq, Instant time, String type, String stream, Optional<String> agent, JsonNode payload) {}

    static McpTool<Arguments> tool(McpServices services) {
        return new McpTool<>(
                "events_query",
                """
                Reads Lighthouse's append-only event log, oldest first: decisions (decision.made), reviews \
                (review.requested, review.verdict, review.resolved), policy changes (policy.activated), MCP sessions \
                (mcp.session_started) and more. Filter by type, stream (e.g. session/<id>), agent, and a time \
                window (ISO-8601 instants, e.g. 2026-01-31T12:00:00Z). Pass next back as after for the next page. \
                Agents read only their own agent's events.""",
                Permission.READ,
                InputSchema.of(
                        Param.text("type", "An event type, e.g. decision.made.", 200),
                        Param.text("stream", "A stream, e.g. session/4f2a or review/<id>.", 512),
                        Param.text("agent", "Only this agent's events.", 512),
                        Param.text("since", "Events at or after this instant (ISO-8601).", 64),
                        Param.text("until", "Events before this instant (ISO-8601).", 64),
                        Param.text("after", "The next value of the previous page (a seq).", 32),
                        Param.whole("limit", "Most events on this page (default 50).", 1, 500)),
                Arguments.class,
                (caller, args) -> {
                    EventQuery query = EventQuery.all().limit(args.limit().orElse(50));
                    if (args.type().isPresent()) {
                        try {
                            query = query.type(EventType.of(args.type().get()));
                        } catch (IllegalArgumentException e) {
                            throw new InvalidArgument("type", e.getMessage());
                        }
                    }
                    if (args.stream().isPresent()) {
                        query = query.stream(args.stream().get());
                    }
                    Optional<String> agent = args.agent();
                    if (!caller.who().role().readsEveryAgent()) {
                        if (agent.isPresent()
                                && !agent.get().equals(caller.who().name())) {
                            throw new ToolRefusal(
                                    "forbidden",
                                    "agent `%s` has role %s, which reads only its own events, not those of `%s`"
                                            .formatted(
                                                    caller.who().name(),
                                                    caller.who().role().label(),
                                                    agent.get()));
                        }
                        agent = Optional.of(caller.who().name());
                    }
                    if (agent.isPresent()) {
                        query = query.agent(agent.get());
                    }
                    if (args.since().isPresent()) {
                        query = query.since(instant("since", args.since().get()));
                    }
                    if (args.until().isPresent()) {
                        query = query.until(instant("until", args.until().get()));
                    }
                    if (args.after().isPresent()) {
                        try {
                            query = query.after(Cursor.parse(args.after().get()));
                        } catch (IllegalArgumentException e) {
                            throw new InvalidArgument("after", e.getMessage());
                        }
                    }
                    Page page = services.store().query(query);
                    return new Found(
                            page.events().stream().map(EventsQueryTool::item).toList(),
                            page.next().map(Cursor::toString));
                });
    }

    private static Item item(Event e) {
        return new Item(e.seq(), e.time(), e.type().name(), e.stream(), e.agent(), e.payloadJson());
    }

    private static Instant instant(String field, String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new InvalidArgument(
                    field, "must be an ISO-8601 instant such as 2026-01-31T12:00:00Z, got \"" + text + "\"");
        }
    }
}
