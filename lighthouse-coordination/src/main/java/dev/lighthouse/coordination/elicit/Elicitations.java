package dev.lighthouse.coordination.elicit;

import static java.util.Objects.requireNonNull;

import dev.lighthouse.coordination.Replay;
import dev.lighthouse.events.Event;
import dev.lighthouse.events.EventRejectedException;
import dev.lighthouse.events.EventStore;
import dev.lighthouse.events.NewEvent;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Questions one agent asks another, with a JSON Schema the answer must fit: a projection of {@link ElicitationEvent}s.
 *
 * <p>An elicitation is {@code pending} until the asked agent answers ({@code accepted}) or declines, the asker
 * cancels, or its deadline passes ({@code expired}, by default {@link ElicitationLimits#defaultTimeout()} after it was
 * asked). Only the asked agent may answer or decline, only the asker may cancel. An answer is checked against the
 * asker's schema before it is recorded. Requests and responses are signed ({@link ElicitationSigner}); each response
 * carries a nonce of its sender's choosing that no response may use again. Each agent may ask and respond only so
 * often ({@link ElicitationLimits}).
 *
 * <p>Every refusal is an {@link ElicitationRefusal} and records nothing. Time comes from the clock given: expiry is
 * applied whenever the elicitations are read or changed, and by {@link #expireDue()}, which the bridge calls every
 * second, so a test moves the clock instead of sleeping.
 *
 * <p>Thread-safe: one monitor; every change is one append. Knows neither HTTP nor MCP.
 */
public final class Elicitations {
    private static final Logger LOG = LoggerFactory.getLogger(Elicitations.class);
    /** How long ended elicitations and used nonces are remembered. */
    static final Duration MEMORY = Duration.ofDays(1);

    private static final Pattern NONCE = Pattern.compile("[A-Za-z0-9._~-]{8,128}");
    private static final int MAX_DECLINE_CHARS = 2_000;

    /** What a change or a read comes to: the elicitation as it now stands, or why not. */
    public sealed interface Outcome permits Elicitation, ElicitationRefusal {}

    /**
     * A question to ask.
     *
     * @param to the agent asked
     * @param schema the JSON Schema the answer must fit
     * @param timeout how long it waits; the default when empty
     */
    public record Ask(String to, String question, JsonNode schema, Optional<Duration> timeout) {
        public Ask {
            requireNonNull(timeout, "timeout");
        }
    }

    private final EventStore store;
    private final Clock clock;
    private final ElicitationSigner signer;
    private final Predicate<String> knownAgent;
    private final ElicitationLimits limits;
    private final Allowance requests;
    private final Allowance responses;
    private final SecureRandom random = new SecureRandom();

    private final Map<String, Elicitation> byId = new LinkedHashMap<>();
    private final Map<String, Instant> usedNonces = new LinkedHashMap<>();
    /**
     * Pending elicitations their asked agent has not been told of in a hook answer yet, by agent (not kept across
     * restarts: after one, pending questions are told again). Concurrent, so that the hook path, which asks on every
     * call, passes without the monitor when there is nothing to tell.
     */
    private final Map<String, Set<String>> unnoticed = new ConcurrentHashMap<>();

    /**
     * @param knownAgent whether a name is an agent that may be asked (one with an active token)
     */
    public Elicitations(
            EventStore store,
            Clock clock,
            ElicitationSigner signer,
            Predicate<String> knownAgent,
            ElicitationLimits limits) {
        this.store = requireNonNull(store, "store");
        this.clock = requireNonNull(clock, "clock");
        this.signer = requireNonNull(signer, "signer");
        this.knownAgent = requireNonNull(knownAgent, "knownAgent");
        this.limits = requireNonNull(limits, "limits");
        this.requests = new Allowance(limits.requestsPerMinute(), limits.burst(), clock);
        this.responses = new Allowance(limits.responsesPerMinute(), limits.burst(), clock);
    }

    public ElicitationLimits limits() {
        return limits;
    }

    // ---------------------------------------------------------------- changes

    /** {@code from} asks a question. */
    public synchronized Outcome ask(String from, Ask ask) {
        Instant now = clock.instant();
        expire(now);
        if (ask.to() == null || ask.to().isBlank()) {
            return new ElicitationRefusal.InvalidArgument("to", "the name of the agent to ask is required");
        }
        if (ask.to().equals(from)) {
            return new ElicitationRefusal.InvalidArgument("to", "an agent cannot ask itself");
        }
        if (!knownAgent.test(ask.to())) {
            return new ElicitationRefusal.UnknownAgent(ask.to());
        }
        if (ask.question() == null || ask.question().isBlank()) {
            return new ElicitationRefusal.InvalidArgument("question", "a question is required");
        }
        if (ask.question().length() > limits.maxQuestionChars()) {
            return new ElicitationRefusal.InvalidArgument(
                    "question",
                    "%,d characters; at most %,d".formatted(ask.question().length(), limits.maxQuestionChars()));
        }
        try {
            AnswerSchema.compile(ask.schema());
        } catch (IllegalArgumentException e) {
            return new ElicitationRefusal.InvalidArgument("schema", e.getMessage());
        }
        Duration timeout = ask.timeout().orElse(limits.defaultTimeout());
        if (timeout.compareTo(Duration.ofSeconds(1)) < 0 || timeout.compareTo(limits.maxTimeout()) > 0) {
            return new ElicitationRefusal.InvalidArgument(
                    "timeout_seconds",
                    "%d s; from 1 s to %d s"
                            .formatted(timeout.toSeconds(), limits.maxTimeout().toSeconds()));
        }
        String id = "el_" + HexFormat.of().formatHex(randomBytes(8));
        ElicitationEvent.Requested unsigned = new ElicitationEvent.Requested(
                id, from, ask.to(), ask.question(), ask.schema(), now, now.plus(timeout), "");
        ElicitationEvent.Requested requested = new ElicitationEvent.Requested(
                id, from, ask.to(), ask.question(), ask.schema(), now, now.plus(timeout), signer.request(unsigned));
        NewEvent event;
        try {
            event = NewEvent.byAgent(stream(id), from, requested);
        } catch (EventRejectedException e) {
            return new ElicitationRefusal.TooLarge(e.getMessage());
        }
        Optional<Duration> wait = requests.take(from);
        if (wait.isPresent()) {
            return new ElicitationRefusal.RateLimited(
                    from,
                    ElicitationRefusal.RateLimited.Kind.REQUESTS,
                    limits.requestsPerMinute(),
                    limits.burst(),
                    wait.get());
        }
        store.append(event);
        return apply(requested);
    }

    /** {@code by} answers elicitation {@code id} with {@code content}, which must fit its schema. */
    public synchronized Outcome answer(String by, String id, JsonNode content, String nonce) {
        Instant now = clock.instant();
        expire(now);
        Optional<ElicitationRefusal> refused = checkResponse(by, id, nonce);
        if (refused.isPresent()) {
            return refused.get();
        }
        Elicitation e = byId.get(id);
        if (content == null || content.isMissingNode()) {
            return new ElicitationRefusal.InvalidArgument("content", "the answer is required");
        }
        List<ElicitationRefusal.Violation> violations =
                AnswerSchema.compile(e.schema()).check(content);
        if (!violations.isEmpty()) {
            return new ElicitationRefusal.SchemaViolation(id, violations);
        }
        ElicitationEvent.Accepted unsigned = new ElicitationEvent.Accepted(id, by, content, nonce, now, "");
        return respond(
                by,
                new ElicitationEvent.Accepted(id, by, content, nonce, now, signer.response(unsigned, e.signature())));
    }

    /** {@code by} declines to answer elicitation {@code id}. */
    public synchronized Outcome decline(String by, String id, Optional<String> reason, String nonce) {
        Instant now = clock.instant();
        expire(now);
        Optional<ElicitationRefusal> refused = checkResponse(by, id, nonce);
        if (refused.isPresent()) {
            return refused.get();
        }
        if (reason.isPresent() && reason.get().length() > MAX_DECLINE_CHARS) {
            return new ElicitationRefusal.InvalidArgument(
                    "reason",
                    "%,d characters; at most %,d".formatted(reason.get().length(), MAX_DECLINE_CHARS));
        }
        Elicitation e = byId.get(id);
        ElicitationEvent.Declined unsigned = new ElicitationEvent.Declined(id, by, reason, nonce, now, "");
        return respond(
                by,
                new ElicitationEvent.Declined(id, by, reason, nonce, now, signer.response(unsigned, e.signature())));
    }

    /** The asker {@code by} withdraws elicitation {@code id}. */
    public synchronized Outcome cancel(String by, String id) {
        Instant now = clock.instant();
        expire(now);
        Elicitation e = byId.get(id);
        if (e == null) {
            return new ElicitationRefusal.UnknownElicitation(id);
        }
        if (!e.from().equals(by)) {
            return new ElicitationRefusal.NotTheAsker(id, by, e.from());
        }
        if (e.status() != ElicitationStatus.PENDING) {
            return new ElicitationRefusal.NotPending(id, e.status());
        }
        ElicitationEvent.Cancelled cancelled = new ElicitationEvent.Cancelled(id, by, now);
        store.append(NewEvent.byAgent(stream(id), by, cancelled));
        return apply(cancelled);
    }

    /** Records every pending elicitation whose deadline has passed as expired; returns how many. */
    public synchronized int expireDue() {
        return expire(clock.instant());
    }

    // ---------------------------------------------------------------- reading

    /** The elicitation with this id, if it is remembered. */
    public synchronized Optional<Elicitation> get(String id) {
        expire(clock.instant());
        return Optional.ofNullable(byId.get(id));
    }

    /**
     * Elicitations, oldest first.
     *
     * @param involving only those this agent asked or was asked
     * @param status only those in this state
     */
    public synchronized List<Elicitation> list(Optional<String> involving, Optional<ElicitationStatus> status) {
        expire(clock.instant());
        return byId.values().stream()
                .filter(e -> involving
                        .map(a -> a.equals(e.from()) || a.equals(e.to()))
                        .orElse(true))
                .filter(e -> status.map(s -> s == e.status()).orElse(true))
                .sorted(Comparator.comparing(Elicitation::created))
                .toList();
    }

    /**
     * The pending elicitations {@code agent} was asked and has not been told of yet, oldest first. The bridge puts
     * them in the agent's next hook answer that can carry them, then calls {@link #noticed}.
     */
    public List<Elicitation> unnoticed(String agent) {
        Set<String> ids = unnoticed.get(agent);
        if (ids == null || ids.isEmpty()) {
            return List.of(); // the hot path: no lock, no scan
        }
        synchronized (this) {
            expire(clock.instant());
            return byId.values().stream()
                    .filter(e -> e.status() == ElicitationStatus.PENDING && e.to().equals(agent))
                    .filter(e -> unnoticed.getOrDefault(agent, Set.of()).contains(e.id()))
                    .toList();
        }
    }

    /** The asked agent has been told of these elicitations: {@link #unnoticed} leaves them out from now on. */
    public synchronized void noticed(List<Elicitation> told) {
        told.forEach(this::told);
    }

    private void told(Elicitation e) {
        unnoticed.computeIfPresent(e.to(), (agent, ids) -> {
            ids.remove(e.id());
            return ids.isEmpty() ? null : ids;
        });
    }

    // ---------------------------------------------------------------- restart

    /**
     * Rebuilds the elicitations and used nonces of the last day from the store; requests and responses whose
     * signature does not verify are left out (and logged), so a question or answer written into the store behind the
     * bridge's back is never acted on. Pending ones past their deadline expire at once.
     */
    public synchronized void recover() {
        Instant now = clock.instant();
        Optional<Instant> since = Optional.of(now.minus(MEMORY).minus(limits.maxTimeout()));
        int replayed = 0;
        for (Event event : Replay.of(store, ElicitationEvent.TYPES.keySet(), since)) {
            ElicitationEvent e = ElicitationEvent.read(event);
            if (!authentic(e, event)) {
                LOG.error(
                        "event seq={} ({} of {}): its signature does not verify under the coordination key; ignored",
                        event.seq(),
                        event.type(),
                        e.elicitation());
                continue;
            }
            apply(e);
            replayed++;
        }
        expire(now);
        if (replayed > 0) {
            LOG.info("elicitations rebuilt from {} events: {} remembered", replayed, byId.size());
        }
    }

    /**
     * Applies an elicitation event another replica recorded (one {@link EventStore#follow} delivers), checked as at
     * {@link #recover}; events of other types are ignored.
     */
    public synchronized void follow(Event event) {
        if (!ElicitationEvent.TYPES.containsKey(event.type())) {
            return;
        }
        ElicitationEvent e = ElicitationEvent.read(event);
        if (authentic(e, event)) {
            apply(e);
        } else {
            LOG.error(
                    "event seq={} ({} of {}): its signature does not verify under the coordination key; ignored",
                    event.seq(),
                    event.type(),
                    e.elicitation());
        }
    }

    private boolean authentic(ElicitationEvent e, Event event) {
        return switch (e) {
            case ElicitationEvent.Requested _ -> signer.verifies(event.payloadJson(), "");
            case ElicitationEvent.Accepted _, ElicitationEvent.Declined _ ->
                byId.containsKey(e.elicitation())
                        && signer.verifies(
                                event.payloadJson(), byId.get(e.elicitation()).signature());
            case ElicitationEvent.Cancelled _, ElicitationEvent.Expired _ -> true;
        };
    }

    // ---------------------------------------------------------------- the fold

    private Elicitation apply(ElicitationEvent event) {
        Elicitation now = switch (event) {
            case ElicitationEvent.Requested r ->
                new Elicitation(
                        r.elicitation(),
                        r.from(),
                        r.to(),
                        r.question(),
                        r.schema(),
                        ElicitationStatus.PENDING,
                        r.created(),
                        r.deadline(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        r.signature());
            case ElicitationEvent.Accepted a -> {
                usedNonces.put(a.nonce(), a.at());
                yield end(a, ElicitationStatus.ACCEPTED, a.at(), Optional.of(a.content()), Optional.empty());
            }
            case ElicitationEvent.Declined d -> {
                usedNonces.put(d.nonce(), d.at());
                yield end(d, ElicitationStatus.DECLINED, d.at(), Optional.empty(), d.reason());
            }
            case ElicitationEvent.Cancelled c ->
                end(c, ElicitationStatus.CANCELLED, c.at(), Optional.empty(), Optional.empty());
            case ElicitationEvent.Expired x ->
                end(x, ElicitationStatus.EXPIRED, x.at(), Optional.empty(), Optional.empty());
        };
        if (now != null) {
            byId.put(now.id(), now);
            if (now.status() == ElicitationStatus.PENDING) {
                unnoticed
                        .computeIfAbsent(now.to(), a -> ConcurrentHashMap.newKeySet())
                        .add(now.id());
            } else {
                told(now);
            }
        }
        return now;
    }

    /** The elicitation after an ending event; null when the request is not remembered (older than the memory). */
    private Elicitation end(
            ElicitationEvent event,
            ElicitationStatus status,
            Instant at,
            Optional<JsonNode> content,
            Optional<String> reason) {
        Elicitation e = byId.get(event.elicitation());
        return e == null ? null : e.ended(status, at, content, reason);
    }

    private Optional<ElicitationRefusal> checkResponse(String by, String id, String nonce) {
        Elicitation e = byId.get(id);
        if (e == null) {
            return Optional.of(new ElicitationRefusal.UnknownElicitation(id));
        }
        if (!e.to().equals(by)) {
            return Optional.of(new ElicitationRefusal.NotTheAskedAgent(id, by, e.to()));
        }
        if (e.status() != ElicitationStatus.PENDING) {
            return Optional.of(new ElicitationRefusal.NotPending(id, e.status()));
        }
        if (nonce == null || !NONCE.matcher(nonce).matches()) {
            return Optional.of(new ElicitationRefusal.InvalidArgument(
                    "nonce", "8 to 128 letters, digits, `.`, `_`, `~` or `-`, fresh for each response"));
        }
        if (usedNonces.containsKey(nonce)) {
            return Optional.of(new ElicitationRefusal.NonceReused(nonce));
        }
        return Optional.empty();
    }

    /** Records a response after the rate check; the answer's size is checked before. */
    private Outcome respond(String by, ElicitationEvent response) {
        NewEvent event;
        try {
            event = NewEvent.byAgent(stream(response.elicitation()), by, response);
        } catch (EventRejectedException e) {
            return new ElicitationRefusal.TooLarge(e.getMessage());
        }
        Optional<Duration> wait = responses.take(by);
        if (wait.isPresent()) {
            return new ElicitationRefusal.RateLimited(
                    by,
                    ElicitationRefusal.RateLimited.Kind.RESPONSES,
                    limits.responsesPerMinute(),
                    limits.burst(),
                    wait.get());
        }
        store.append(event);
        return apply(response);
    }

    /** Expires what is due at {@code now}, and forgets what ended, and nonces used, over a day ago. */
    private int expire(Instant now) {
        List<ElicitationEvent.Expired> due = new ArrayList<>();
        for (Elicitation e : byId.values()) {
            if (e.status() == ElicitationStatus.PENDING && !now.isBefore(e.deadline())) {
                due.add(new ElicitationEvent.Expired(e.id(), e.deadline()));
            }
        }
        if (!due.isEmpty()) {
            List<NewEvent> events = due.stream()
                    .map(x -> NewEvent.of(stream(x.elicitation()), x))
                    .toList();
            for (int from = 0; from < events.size(); from += EventStore.MAX_BATCH) {
                store.append(events.subList(from, Math.min(events.size(), from + EventStore.MAX_BATCH)));
            }
            due.forEach(this::apply);
        }
        Instant horizon = now.minus(MEMORY);
        byId.values().removeIf(e -> e.ended().map(t -> t.isBefore(horizon)).orElse(false));
        usedNonces.values().removeIf(t -> t.isBefore(horizon));
        return due.size();
    }

    private static String stream(String id) {
        return "elicitation/" + id;
    }

    private byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        return bytes;
    }
}
