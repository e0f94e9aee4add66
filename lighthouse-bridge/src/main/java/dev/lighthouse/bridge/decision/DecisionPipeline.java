package dev.lighthouse.bridge.decision;

import static java.util.Objects.requireNonNull;

import dev.lighthouse.bridge.auth.Principal;
import dev.lighthouse.bridge.limits.Limits;
import dev.lighthouse.bridge.metrics.BridgeMetrics;
import dev.lighthouse.coordination.lease.Leases;
import dev.lighthouse.events.DecisionMade;
import dev.lighthouse.events.Event;
import dev.lighthouse.events.EventStore;
import dev.lighthouse.events.NewEvent;
import dev.lighthouse.policy.Answer;
import dev.lighthouse.policy.Decision;
import dev.lighthouse.policy.SessionDenials;
import dev.lighthouse.policy.call.Guard;
import dev.lighthouse.policy.call.LeaseFacts;
import dev.lighthouse.policy.call.ToolCall;
import dev.lighthouse.policy.call.ToolInput;
import dev.lighthouse.policy.call.ToolInputs;
import dev.lighthouse.policy.facts.Redactor;
import dev.lighthouse.review.DecidedCall;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.commons.codec.digest.DigestUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * From a submitted call to a recorded decision: build the {@link ToolCall}, ask the {@link Judge}, append a
 * {@code decision.made} event and return only once that event is durable. When leases are held, a call that touches a
 * leased path is decided again with those leases ({@link LeaseFacts}), so the policy's lease rule and {@code lease.*}
 * conditions see them.
 *
 * <p>Thread-safe; every request thread (virtual) calls {@link #decide} directly, and a semaphore bounds how many
 * decide at once ({@link Limits#inFlight()}), so a stalled store cannot pile up unbounded work. The event store
 * groups concurrent appends into shared commits. The clock is read once per call.
 */
public final class DecisionPipeline {
    /** Tool inputs larger than this are recorded as a size and hash, so an event stays far below 1 MiB. */
    private static final int MAX_RECORDED_INPUT_CHARS = 256 * 1024;

    private static final JsonMapper JSON = JsonMapper.shared();

    /** What {@code decision.made} records of an input too large to keep: its size and hash. */
    private record OmittedInput(int omittedChars, String sha256) {}

    /** Whose call it is: an agent's, or one of a load test's simulated agents (recorded apart, kept from reviewers). */
    public enum Origin {
        AGENT,
        SIMULATED
    }

    /**
     * A decided call: the stored event, the policy's decision (with the facts it judged), the answer for the agent,
     * the call judged and its input as the agent sent it.
     */
    public record Decided(Event event, Decision decision, Answer answer, ToolCall call, JsonNode input)
            implements DecidedCall {}

    private final Judge judge;
    private final EventStore store;
    private final Limits limits;
    private final BridgeMetrics metrics;
    private final Clock clock;
    private final Path defaultHome;
    private final Supplier<Guard> guard;
    private final Semaphore permits;
    private final Redactor redactor;
    private final Optional<Leases> leases;

    /**
     * @param guard the bridge's own data dir and listen addresses, for the self-protection facts of every call (a
     *     supplier: the port is known only once the server listens)
     * @param redactor takes secrets out of what is recorded (the policy still judges the call as sent)
     */
    public DecisionPipeline(
            Judge judge,
            EventStore store,
            Limits limits,
            BridgeMetrics metrics,
            Clock clock,
            Path defaultHome,
            Supplier<Guard> guard,
            Redactor redactor) {
        this(judge, store, limits, metrics, clock, defaultHome, guard, redactor, Optional.empty());
    }

    /**
     * A pipeline that also judges calls by the file leases on the paths they touch.
     *
     * @param leases the leases held; a call that writes onto a path another agent holds gets the policy's
     *     {@code settings.leases} verdict
     */
    public DecisionPipeline(
            Judge judge,
            EventStore store,
            Limits limits,
            BridgeMetrics metrics,
            Clock clock,
            Path defaultHome,
            Supplier<Guard> guard,
            Redactor redactor,
            Optional<Leases> leases) {
        this.leases = requireNonNull(leases, "leases");
        this.guard = requireNonNull(guard, "guard");
        this.judge = requireNonNull(judge, "judge");
        this.store = requireNonNull(store, "store");
        this.limits = requireNonNull(limits, "limits");
        this.metrics = requireNonNull(metrics, "metrics");
        this.clock = requireNonNull(clock, "clock");
        this.defaultHome = requireNonNull(defaultHome, "defaultHome");
        this.permits = new Semaphore(limits.inFlight());
        this.redactor = requireNonNull(redactor, "redactor");
    }

    public Judge judge() {
        return judge;
    }

    /**
     * Decides and records one call.
     *
     * @param channel the dialect or API it came through, recorded with the event
     * @throws BadCall the submission does not describe a call the policy can judge
     * @throws dev.lighthouse.events.EventStoreException the decision could not be recorded; it must not be answered
     * @throws Overloaded {@link Limits#inFlight()} calls were being decided for a whole second
     */
    public Decided decide(Principal who, String channel, Submission submission) {
        return decide(who, channel, submission, Origin.AGENT);
    }

    /**
     * Decides and records one call, marked {@code "simulated": true} in its event when it is {@link Origin#SIMULATED}
     * (a load test's agent), so reviewers' context and queues can leave it out.
     */
    public Decided decide(Principal who, String channel, Submission submission, Origin origin) {
        try {
            if (!permits.tryAcquire(1, TimeUnit.SECONDS)) {
                throw new Overloaded(
                        "%,d calls are being decided already; retry in a moment".formatted(limits.inFlight()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Overloaded("interrupted while waiting to be decided (the bridge is stopping)");
        }
        try {
            return decideAdmitted(who, channel, submission, origin);
        } finally {
            permits.release();
        }
    }

    /** What the bridge would decide, and answer, for a call: judged, not recorded. */
    public record Preview(Decision decision, Answer answer, ToolCall call) {}

    /**
     * Judges a call as {@link #decide} would, without recording a decision or counting it anywhere: for an agent that
     * asks before it acts (MCP's {@code check_call}). A later real call may still be decided otherwise (the policy
     * may change, a review may be needed).
     *
     * @throws BadCall the submission does not describe a call the policy can judge
     */
    public Preview preview(Principal who, Submission submission) {
        ToolCall call = toolCall(who, submission);
        Instant now = clock.instant();
        Decision first = judge.preview(call, now);
        Decision decision =
                leased(call, first, now).map(c -> judge.preview(c, now)).orElse(first); // leases count here too
        return new Preview(decision, Answer.of(decision), call);
    }

    private Decided decideAdmitted(Principal who, String channel, Submission submission, Origin origin) {
        long start = System.nanoTime();
        Instant now = clock.instant();
        ToolCall call = toolCall(who, submission);
        long parsed = System.nanoTime();
        metrics.parse(parsed - start);

        Decision decision = judge.decide(call, now, first -> leased(call, first, now));
        long judged = System.nanoTime();
        metrics.policy(judged - parsed, decision.cached());
        if (decision.overBudget()) {
            metrics.overBudget();
        }

        Answer answer = Answer.of(decision);
        Event event = store.append(NewEvent.byAgent(
                stream(who, submission),
                who.name(),
                payload(channel, submission, call, decision, answer, now, origin)));
        long stored = System.nanoTime();
        metrics.store(stored - judged);
        metrics.decided(
                channel,
                who.name() + ' ' + submission.session(),
                decision.verdict().label(),
                toolTag(call.input()),
                decision.ruleIds().isEmpty() ? "(default)" : decision.ruleIds().getFirst(),
                stored - start);
        return new Decided(event, decision, answer, call, submission.input());
    }

    /**
     * The call again, with the leases found on the paths its first decision's facts name, if any: most calls touch no
     * leased path, so they are decided once and from the cache (whose key holds the leases, so a leased call is cached
     * apart).
     */
    private Optional<ToolCall> leased(ToolCall call, Decision first, Instant now) {
        if (leases.isEmpty() || first.overBudget()) {
            return Optional.empty();
        }
        LeaseFacts found = LeaseFinder.find(leases.get(), call.agent(), first.facts(), now);
        return found.isEmpty() ? Optional.empty() : Optional.of(call.withLeases(found));
    }

    private ToolCall toolCall(Principal who, Submission s) {
        printable("session", s.session());
        printable("cwd", s.cwd());
        s.project().ifPresent(p -> printable("project", p));
        s.home().ifPresent(h -> printable("home", h));
        ToolInput input;
        try {
            input = ToolInputs.fromJson(s.tool(), s.input());
        } catch (IllegalArgumentException e) {
            throw new BadCall(e.getMessage());
        }
        if (input instanceof ToolInput.Bash(String command) && command.length() > limits.commandChars()) {
            throw new BadCall("the command is %,d characters long; the limit is %,d"
                    .formatted(command.length(), limits.commandChars()));
        }
        Path cwd = absolute("cwd", s.cwd());
        // The caller names the project (hooks find it where the agent runs); without one, the working directory.
        Path project = s.project().map(p -> absolute("project", p)).orElse(cwd);
        Path home = s.home().map(h -> absolute("home", h)).orElse(defaultHome);
        // The defaults under the agent's home stay guarded too: a second bridge started with defaults is Lighthouse.
        return new ToolCall(
                who.name(), s.session(), input, cwd, project, home, guard.get().withStandard(home));
    }

    /**
     * These fields reach reviewers' screens and LLM prompts as single values: a newline in them could pose as another
     * line of the case ({@code /tmp/x\nRisk: none}).
     */
    private static void printable(String field, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                throw new BadCall("%s contains a control character (U+%04X at index %d); send it without"
                        .formatted(field, (int) c, i));
            }
        }
    }

    private static Path absolute(String field, String text) {
        try {
            Path path = Path.of(text);
            if (path.isAbsolute()) {
                return path;
            }
        } catch (InvalidPathException e) {
            // reported below
        }
        throw new BadCall("%s must be an absolute path, got \"%s\"".formatted(field, text));
    }

    private static String stream(Principal who, Submission s) {
        return s.session().isBlank() ? "agent/" + who.name() : "session/" + s.session();
    }

    private static String toolTag(ToolInput input) {
        return switch (input) {
            case ToolInput.Mcp m -> "mcp__" + m.server();
            case ToolInput.Other _ -> "other";
            default -> input.tool();
        };
    }

    private DecisionMade payload(
            String channel, Submission s, ToolCall call, Decision d, Answer answer, Instant now, Origin origin) {
        String input = s.input().toString();
        return new DecisionMade(
                channel,
                origin == Origin.SIMULATED ? Optional.of(true) : Optional.empty(),
                s.session(),
                call.cwd().toString(),
                call.projectRoot().toString(),
                call.input().tool(),
                input.length() <= MAX_RECORDED_INPUT_CHARS
                        ? redactor.redact(s.input())
                        : JSON.valueToTree(new OmittedInput(input.length(), DigestUtils.sha256Hex(input))),
                d.verdict().label(),
                answerLabel(answer),
                d.risk().label(),
                d.ruleIds(),
                redactor.redact(answer.reason()),
                d.suggestion().map(redactor::redact),
                d.policy().hash(),
                d.policy().name(),
                d.cached(),
                d.elapsed().toNanos() / 1000,
                now,
                call.session().isEmpty()
                        ? Optional.empty()
                        : SessionDenials.targets(d).map(t -> SessionMemory.recorded(t, redactor)));
    }

    /** {@code allow}, {@code unmatched}, {@code review} or {@code deny}. */
    public static String answerLabel(Answer answer) {
        return switch (answer) {
            case Answer.Allow _ -> "allow";
            case Answer.Unmatched _ -> "unmatched";
            case Answer.Review _ -> "review";
            case Answer.Deny _ -> "deny";
        };
    }
}
