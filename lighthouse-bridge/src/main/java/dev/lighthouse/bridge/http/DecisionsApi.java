package dev.lighthouse.bridge.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.lighthouse.bridge.auth.Permission;
import dev.lighthouse.bridge.auth.Principal;
import dev.lighthouse.bridge.decision.BadCall;
import dev.lighthouse.bridge.decision.DecisionPipeline;
import dev.lighthouse.bridge.decision.Submission;
import dev.lighthouse.bridge.metrics.BridgeMetrics;
import dev.lighthouse.events.Cursor;
import dev.lighthouse.events.DecisionName;
import dev.lighthouse.events.DecisionNames;
import dev.lighthouse.events.Event;
import dev.lighthouse.events.EventQuery;
import dev.lighthouse.events.EventStore;
import dev.lighthouse.events.EventStoreException;
import dev.lighthouse.events.EventType;
import dev.lighthouse.events.Page;
import dev.lighthouse.policy.Answer;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The native JSON API: {@code POST /v1/decisions} decides one call, {@code GET /v1/decisions} pages through recorded
 * decisions. Errors are 4xx JSON ({@link Responses#error}).
 *
 * <p>A call the policy sends to review opens a review like a hook call does; {@code ?wait=SECONDS} holds the request
 * for the verdict (up to the route's {@code wait} and {@link #MAX_WAIT}), and the answer says what came of it.
 */
final class DecisionsApi {
    private static final Logger LOG = LoggerFactory.getLogger(DecisionsApi.class);

    /** Longest a native caller may be held for a verdict: HTTP clients and proxies commonly give up after 2 min. */
    static final Duration MAX_WAIT = Duration.ofSeconds(110);

    private static final Intake.Channel NATIVE =
            new Intake.Channel("native", DecisionsApi::submission, Answer.Review::new);

    private final Gate gate;
    private final Intake intake;
    private final EventStore store;
    private final BridgeMetrics metrics;

    DecisionsApi(Gate gate, Intake intake, EventStore store, BridgeMetrics metrics) {
        this.gate = gate;
        this.intake = intake;
        this.store = store;
        this.metrics = metrics;
    }

    void decide(ServerRequest req, ServerResponse res) {
        metrics.enter();
        try {
            Intake.Taken taken = intake.take(req, NATIVE, DecisionsApi::waitParam, s -> s);
            ObjectNode answer = record(taken.decided().event());
            if (taken.decided().answer() instanceof Answer.Review) {
                answer.put("answer", DecisionPipeline.answerLabel(taken.answer()));
                answer.put("reason", taken.answer().reason());
                taken.reviewId().ifPresent(id -> answer.put("review", id));
            }
            Responses.json(res, 200, answer);
        } catch (Rejection.Rejected e) {
            if (e.why == Rejection.REFUSED) {
                Responses.refused(res, e.refused);
            } else {
                Responses.error(res, e.why.status, e.why.code, e.getMessage());
            }
            intake.finish(req);
        } finally {
            metrics.exit();
        }
    }

    void list(ServerRequest req, ServerResponse res) {
        try {
            EventQuery query = query(req, 1000);
            Predicate<JsonNode> keep = matches(req, "decision").and(matches(req, "tool"));
            Page page = store.query(query);
            List<JsonNode> decisions = page.events().stream()
                    .<JsonNode>map(DecisionsApi::record)
                    .filter(keep)
                    .toList();
            Responses.json(
                    res,
                    200,
                    new DecisionList(
                            decisions, page.next().map(Cursor::toString).orElse(null)));
        } catch (IllegalArgumentException e) {
            Responses.error(res, 400, "bad_request", e.getMessage());
        } catch (EventStoreException e) {
            LOG.error("decision query failed", e);
            Responses.error(res, 503, "store_unavailable", "the event store could not be queried; retry in a moment");
        }
    }

    /**
     * {@code GET /v1/decisions/names}: of each decision only what names it (seq, time, agent, answer), so that a
     * listing of an hour's thousands of decisions (the filesystem view's) costs no decision bodies: the store reads
     * them from an index that holds them, not from the decisions' stored rows. The page is a {@link NameColumns}.
     */
    void names(ServerRequest req, ServerResponse res) {
        try {
            EventQuery query = query(req, NAMES_LIMIT);
            long lastSeq = store.head().seq();
            Responses.json(res, 200, NameColumns.of(store.decisionNames(query), lastSeq));
        } catch (IllegalArgumentException e) {
            Responses.error(res, 400, "bad_request", e.getMessage());
        } catch (EventStoreException e) {
            LOG.error("decision query failed", e);
            Responses.error(res, 503, "store_unavailable", "the event store could not be queried; retry in a moment");
        }
    }

    /** Most names a page of {@code GET /v1/decisions/names} holds: an hour of a busy fleet in one request. */
    static final int NAMES_LIMIT = EventQuery.MAX_LIMIT;

    /**
     * The query both reads share: decisions after {@code after}, {@code limit} of them (1 to {@code most}), of
     * {@code agent} (an agent's token reads only its own), {@code session}, from {@code since} until {@code until}.
     */
    private EventQuery query(ServerRequest req, int most) {
        Principal who = gate.admit(req, Permission.READ);
        EventQuery query = EventQuery.all().type(EventType.DECISION_MADE).limit(param(req, "limit", 100, text -> {
            int n = Integer.parseInt(text);
            if (n < 1 || n > most) {
                throw new IllegalArgumentException("limit must be 1 to " + most);
            }
            return n;
        }));
        query = query.after(param(req, "after", new Cursor(0), Cursor::parse));
        Optional<String> agent = ReadScope.agent(who, optional(req, "agent"));
        Optional<String> session = optional(req, "session");
        if (agent.isPresent()) {
            query = query.agent(agent.get());
        }
        if (session.isPresent()) {
            query = query.stream("session/" + session.get());
        }
        Optional<Instant> since = optional(req, "since").map(t -> instant("since", t));
        Optional<Instant> until = optional(req, "until").map(t -> instant("until", t));
        if (since.isPresent()) {
            query = query.since(since.get());
        }
        if (until.isPresent()) {
            query = query.until(until.get());
        }
        return query;
    }

    /** A page of decisions; {@code next} is null on the last page. */
    private record DecisionList(
            List<JsonNode> decisions,
            @JsonInclude(JsonInclude.Include.ALWAYS) String next) {}

    /**
     * A page of decision names as columns: decision {@code i} of the page is {@code seq[i]}, made at {@code time[i]}
     * (microseconds since the epoch) by {@code agents[agent[i]]} (empty for none), answered
     * {@code answers[answer[i]]} (its {@code decision} in records older than answers). Columns, numbers and each
     * distinct agent and answer written once, because a listing reads 10,000 names in one request: as one object per
     * name with the time as text, that was 780 KB, about 28 bytes a name this way. {@code next} is null on the last
     * page. {@code lastSeq} is the store's newest seq (of any event) when the page was asked for, as
     * {@code GET /v1/status} says it: a client that reads the oldest name ({@code limit=1}) learns in the same request
     * where to look back from for the newest (the filesystem view's first lookup).
     */
    record NameColumns(
            long[] seq,
            long[] time,
            int[] agent,
            int[] answer,
            List<String> agents,
            List<String> answers,
            @JsonInclude(JsonInclude.Include.ALWAYS) String next,
            long lastSeq) {

        static NameColumns of(DecisionNames page, long lastSeq) {
            int n = page.names().size();
            long[] seq = new long[n];
            long[] time = new long[n];
            int[] agent = new int[n];
            int[] answer = new int[n];
            Table agents = new Table();
            Table answers = new Table();
            for (int i = 0; i < n; i++) {
                DecisionName name = page.names().get(i);
                seq[i] = name.seq();
                time[i] = micros(name.time());
                agent[i] = agents.indexOf(name.agent().orElse(""));
                answer[i] = answers.indexOf(name.answer());
            }
            return new NameColumns(
                    seq,
                    time,
                    agent,
                    answer,
                    List.copyOf(agents.values),
                    List.copyOf(answers.values),
                    page.next().map(Cursor::toString).orElse(null),
                    lastSeq);
        }

        /**
         * The distinct values of a column in the order first seen. Looked up by identity before equality: a store reads
         * each distinct agent and answer of a page into one string, so a page of 10,000 names hashes a handful.
         */
        private static final class Table {
            private static final int BY_IDENTITY = 8;
            private final List<String> values = new ArrayList<>();
            private final Map<String, Integer> indexes = new HashMap<>();

            int indexOf(String value) {
                for (int i = 0; i < Math.min(values.size(), BY_IDENTITY); i++) {
                    if (values.get(i) == value) {
                        return i;
                    }
                }
                return indexes.computeIfAbsent(value, v -> {
                    values.add(v);
                    return values.size() - 1;
                });
            }
        }

        /** A stored time in microseconds since the epoch: the stores keep times to the microsecond. */
        private static long micros(Instant t) {
            return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
        }
    }

    /** A {@code decision.made} event as the API shows it: its payload plus seq, id, time and agent. */
    static ObjectNode record(Event e) {
        ObjectNode r = JsonNodeFactory.instance.objectNode();
        r.put("seq", e.seq());
        r.put("id", e.id().toString());
        r.put("time", e.time().toString());
        r.put("agent", e.agent().orElse(""));
        r.setAll((ObjectNode) e.payloadJson());
        return r;
    }

    private static Submission submission(JsonNode body) {
        if (!body.isObject()) {
            throw new BadCall("the body must be a JSON object");
        }
        JsonNode tool = body.get("tool");
        JsonNode input = body.get("input");
        JsonNode cwd = body.get("cwd");
        if (tool == null || !tool.isString() || input == null || !input.isObject() || cwd == null || !cwd.isString()) {
            throw new BadCall("expected {\"tool\": string, \"input\": object, \"cwd\": absolute path string,"
                    + " \"session\"?: string, \"project\"?: path, \"home\"?: path}");
        }
        return new Submission(
                text(body, "session").orElse(""),
                cwd.asString(),
                tool.asString(),
                input,
                text(body, "project"),
                text(body, "home"));
    }

    private static Duration waitParam(ServerRequest req) {
        try {
            return param(req, "wait", Duration.ZERO, text -> {
                long n = Long.parseLong(text.strip());
                if (n < 0) {
                    throw new IllegalArgumentException("must be 0 or more seconds");
                }
                return Duration.ofSeconds(Math.min(n, MAX_WAIT.toSeconds()));
            });
        } catch (IllegalArgumentException e) {
            throw new BadCall(e.getMessage());
        }
    }

    private static Optional<String> text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        return value != null && value.isString() ? Optional.of(value.asString()) : Optional.empty();
    }

    private static Optional<String> optional(ServerRequest req, String name) {
        return req.query().contains(name) ? Optional.of(req.query().get(name)) : Optional.empty();
    }

    private static <T> T param(ServerRequest req, String name, T fallback, Function<String, T> parse) {
        Optional<String> text = optional(req, name);
        if (text.isEmpty()) {
            return fallback;
        }
        try {
            return parse.apply(text.get());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("query parameter %s=%s: %s".formatted(name, text.get(), e.getMessage()));
        }
    }

    private static Instant instant(String name, String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    "query parameter %s=%s: expected an ISO-8601 instant such as 2026-11-23T09:00:00Z"
                            .formatted(name, text));
        }
    }

    private static Predicate<JsonNode> matches(ServerRequest req, String field) {
        Optional<String> want = optional(req, field);
        return r -> want.isEmpty() || want.get().equals(r.path(field).asString());
    }
}
