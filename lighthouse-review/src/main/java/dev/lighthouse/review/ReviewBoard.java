package dev.lighthouse.review;

import static java.util.Objects.requireNonNull;

import dev.lighthouse.alert.Alert;
import dev.lighthouse.alert.Alerts;
import dev.lighthouse.coordination.expert.ExpertRegistry;
import dev.lighthouse.events.DecisionMade;
import dev.lighthouse.events.Event;
import dev.lighthouse.events.EventQuery;
import dev.lighthouse.events.EventStore;
import dev.lighthouse.events.EventType;
import dev.lighthouse.events.NewEvent;
import dev.lighthouse.events.Page;
import dev.lighthouse.policy.Answer;
import dev.lighthouse.policy.Decision;
import dev.lighthouse.policy.call.ToolCall;
import dev.lighthouse.policy.facts.Act;
import dev.lighthouse.policy.facts.Facts;
import dev.lighthouse.policy.facts.Redactor;
import dev.lighthouse.policy.verdict.ReviewRoute;
import dev.lighthouse.policy.verdict.Risk;
import dev.lighthouse.policy.verdict.Verdict;
import dev.lighthouse.review.TokenHolders.TokenHolder;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * The review board: turns a policy "review" into a review with a verdict that counts, a time limit and a record.
 *
 * <p>Flow for a call the policy sends to review ({@link #settle}): an identical call reviewed before gets that
 * review's outcome (allow after approval, deny after denial) without a second review; a call covered by a live
 * {@linkplain Approval temporary approval} is allowed; otherwise a review is opened ({@code review.requested}), the
 * route's LLM experts are asked on virtual threads, and the agent's request is held up to the route's {@code wait}
 * (capped by what the agent's hook allows). Reviewers vote with {@link #vote}; every vote is recorded
 * ({@code review.verdict}, signed), counted or not, and {@link Consensus} settles the review ({@code review.resolved});
 * a review still open at its deadline gets the route's {@code on_timeout}.
 *
 * <p>Everything is rebuilt from events at start ({@link #recover}): pending reviews stay pending (their timeouts
 * re-armed) and their verdicts still apply to the retried call.
 *
 * <p>Thread-safe: one monitor per review; the board's maps are concurrent.
 */
public final class ReviewBoard implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReviewBoard.class);
    /** Longest temporary approval a verdict may grant. */
    public static final Duration MAX_APPROVAL = Duration.ofDays(7);
    /**
     * How long the board remembers a resolved review or an ended approval (for listing and identical retries); it
     * also bounds what {@link #recover} reads back: open reviews and live approvals are all younger than this.
     */
    static final Duration MEMORY = ReviewRoute.MAX_TIMEOUT.plus(MAX_APPROVAL);
    /** How long after its deadline a replica times out a review another replica opened (see {@link #follow}). */
    static final Duration FOLLOWED_TIMEOUT_GRACE = Duration.ofSeconds(2);

    /** The answer for a call sent to review, and the review that decided it or holds it, if one did. */
    public record Settled(Answer answer, Optional<String> reviewId) {}

    /** The outcome of one vote for its reviewer. */
    public record VoteResult(ReviewView review, boolean counted, Optional<Consensus.Ignored> ignored) {}

    /** A temporary approval the voter may not grant on this route; the vote is not recorded. */
    public static final class ApprovalRefused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ApprovalRefused(String message) {
            super(message, null, false, false);
        }
    }

    /** A review id nobody opened. */
    public static final class UnknownReview extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UnknownReview(String id) {
            super("no review " + id + "; list pending ones with `lighthouse review list`", null, false, false);
        }
    }

    private final EventStore store;
    private final TokenHolders tokens;
    private final ExpertRegistry agentExperts;
    private final List<Expert> experts;
    private final Clock clock;
    private final VerdictSigner.Key bridgeKey;
    private final Reliability reliability;
    private final MeterRegistry registry;
    private final Optional<ReviewNotifier> notifier;
    private final Redactor redactor;
    private final ReviewLimits limits;
    private final Alerts alerts;
    private final String source;
    /** Open reviews per agent; guarded by itself, so that checking the caps and opening are one step. */
    private final Map<String, Integer> openByAgent = new HashMap<>();

    private int openInAll; // guarded by openByAgent
    private final Set<String> overloadAlerts = ConcurrentHashMap.newKeySet();
    /** Resolved reviews, oldest resolution first: forgotten from the head by count and by age. */
    private final ConcurrentLinkedQueue<Review> resolvedOrder = new ConcurrentLinkedQueue<>();

    private final AtomicInteger resolvedHeld = new AtomicInteger();
    private final Map<String, Bucket> llmAllowance = new ConcurrentHashMap<>();
    private final Map<String, Review> reviews = new ConcurrentHashMap<>();
    private final Map<String, Review> latestByFingerprint = new ConcurrentHashMap<>();
    private final Map<String, Approval> approvals = new ConcurrentHashMap<>();
    /** Calls whose user was asked at the terminal and that have not run yet, by fingerprint. */
    private final Map<String, Asked> asked = new ConcurrentHashMap<>();

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("review-timeouts").daemon().factory());

    /**
     * @param bridgeKey the key verdicts without a token are signed with (LLM experts, the loopback user)
     * @param notifier tells a webhook of new reviews, if configured
     * @param redactor takes secrets out of the case before anyone (or any model) sees it
     * @param limits how many reviews are held, and how often LLM experts are asked
     * @param alerts told when an agent's reviews are refused as overloaded
     * @param source names this bridge in alerts
     */
    public ReviewBoard(
            EventStore store,
            TokenHolders tokens,
            ExpertRegistry agentExperts,
            List<Expert> experts,
            MeterRegistry registry,
            Clock clock,
            byte[] bridgeKey,
            Optional<ReviewNotifier> notifier,
            Redactor redactor,
            ReviewLimits limits,
            Alerts alerts,
            String source) {
        this.store = requireNonNull(store, "store");
        this.tokens = requireNonNull(tokens, "tokens");
        this.agentExperts = requireNonNull(agentExperts, "agentExperts");
        this.experts = List.copyOf(experts);
        this.registry = requireNonNull(registry, "registry");
        this.clock = requireNonNull(clock, "clock");
        this.bridgeKey = VerdictSigner.Key.ofBridge(bridgeKey);
        this.notifier = requireNonNull(notifier, "notifier");
        this.reliability = new Reliability(registry);
        this.redactor = requireNonNull(redactor, "redactor");
        this.limits = requireNonNull(limits, "limits");
        this.alerts = requireNonNull(alerts, "alerts");
        this.source = requireNonNull(source, "source");
        timer.scheduleWithFixedDelay(this::forget, 10, 10, TimeUnit.MINUTES);
        Gauge.builder(
                        "lighthouse.reviews.pending",
                        reviews,
                        rs -> rs.values().stream()
                                .filter(r -> r.status() == Review.Status.PENDING)
                                .count())
                .description("Reviews waiting for a verdict")
                .register(registry);
        Gauge.builder("lighthouse.reviews.oldest.pending", this, ReviewBoard::oldestPendingSeconds)
                .description("Age of the oldest review waiting for a verdict, 0 when none waits")
                .baseUnit("seconds")
                .register(registry);
    }

    /** How long the oldest pending review has waited, in seconds; 0 when none waits. */
    double oldestPendingSeconds() {
        Instant now = clock.instant();
        return reviews.values().stream()
                .filter(r -> r.status() == Review.Status.PENDING)
                .mapToDouble(r -> Math.max(0, Duration.between(r.created, now).toMillis() / 1000.0))
                .max()
                .orElse(0);
    }

    // ---------------------------------------------------------------- settling a call

    /**
     * Answers a call the policy sent to review.
     *
     * @param decided the recorded decision (its verdict is review)
     * @param maxHold the longest the agent's hook may be held
     * @param whilePending the dialect's answer while the review is still open
     */
    public Settled settle(DecidedCall decided, Duration maxHold, Function<String, Answer> whilePending) {
        Decision decision = decided.decision();
        ReviewRoute route = decision.route().orElseThrow(() -> new IllegalArgumentException("not a review"));
        ToolCall call = decided.call();
        JsonNode input = decided.input();
        String fingerprint = CallPattern.fingerprint(call, input);
        Instant now = clock.instant();

        Review earlier = latestByFingerprint.get(fingerprint);
        if (earlier != null) {
            Optional<Review.Resolution> res;
            synchronized (earlier) {
                res = earlier.resolution();
            }
            if (res.isPresent() && reusable(earlier, res.get(), now)) {
                applied(
                        earlier.id,
                        Optional.empty(),
                        decided,
                        res.get().status().allows());
                return new Settled(answer(earlier, res.get()), Optional.of(earlier.id));
            }
            if (res.isEmpty()) {
                // Held outside the review's monitor: verdicts need it to resolve the review this call waits on.
                return new Settled(hold(earlier, decided, maxHold, whilePending), Optional.of(earlier.id));
            }
        }
        CallPattern pattern = CallPattern.of(call, decision.facts(), input, decision.risk(), redactor::redact);
        Optional<Approval> approval = approvals.values().stream()
                .filter(a -> a.live(now) && a.pattern().covers(pattern))
                .findFirst();
        if (approval.isPresent()) {
            applied(approval.get().reviewId(), Optional.of(approval.get().id()), decided, true);
            return new Settled(
                    new Answer.Allow("Lighthouse allowed: temporary approval %s by %s until %s covers %s"
                            .formatted(
                                    approval.get().id(),
                                    approval.get().grantedBy(),
                                    approval.get().expires(),
                                    pattern.describe())),
                    Optional.of(approval.get().reviewId()));
        }
        if (route.llmOnly()
                && route.quorum() == 1
                && decision.risk().compareTo(Risk.HIGH) >= 0
                && !limits.llmAloneOnHighRisk()) {
            return new Settled(
                    refuse(
                            decided,
                            "llm_alone",
                            ("route %s lets one LLM verdict decide a call of %s risk; give the route human or more reviewers,"
                                            + " or set review.llm-alone-on-high-risk: true")
                                    .formatted(route.name(), decision.risk().label()),
                            now),
                    Optional.empty());
        }
        Optional<String> overloaded = reserve(call.agent());
        if (overloaded.isPresent()) {
            return new Settled(refuse(decided, "overloaded", overloaded.get(), now), Optional.empty());
        }
        Review review;
        try {
            review = open(decided, route, fingerprint, pattern, input, now);
        } catch (RuntimeException e) {
            release(call.agent());
            throw e;
        }
        return new Settled(hold(review, decided, maxHold, whilePending), Optional.of(review.id));
    }

    /** A call its agent's user was asked about at the terminal, under review {@code review}. */
    private record Asked(Review review, long decisionSeq) {}

    /** Counts a review about to open for {@code agent}; empty if it may, else why not. */
    private Optional<String> reserve(String agent) {
        synchronized (openByAgent) {
            int mine = openByAgent.getOrDefault(agent, 0);
            if (mine >= limits.openPerAgent()) {
                return Optional.of("agent %s has %,d reviews open, the most one agent may have".formatted(agent, mine));
            }
            if (openInAll >= limits.open()) {
                return Optional.of("%,d reviews are open, the most this bridge holds".formatted(openInAll));
            }
            openByAgent.put(agent, mine + 1);
            openInAll++;
            return Optional.empty();
        }
    }

    /** A review of {@code agent}'s ended (or never opened). */
    private void release(String agent) {
        int mine;
        synchronized (openByAgent) {
            mine = openByAgent.merge(agent, -1, Integer::sum);
            if (mine <= 0) {
                openByAgent.remove(agent);
            }
            openInAll--;
        }
        if (mine < limits.openPerAgent() && overloadAlerts.remove(agent)) {
            alerts.resolve(
                    overloadAlert(agent, "reviews of agent %s are no longer refused".formatted(agent), Map.of()));
        }
    }

    /**
     * Denies a call without opening its review and records why ({@code review.refused}): {@code overloaded} (over a
     * cap; alerted once per agent) or {@code llm_alone} (the route may not decide this call).
     */
    private Answer refuse(DecidedCall decided, String reason, String why, Instant now) {
        String agent = decided.call().agent();
        store.append(NewEvent.byAgent(
                "agent/" + agent,
                agent,
                new ReviewEvent.Refused(agent, decided.event().seq(), reason, why, now)));
        Counter.builder("lighthouse.reviews.refused")
                .description("Calls that needed a review denied without one: too many open, or a route too weak")
                .tag("reason", reason)
                .register(registry)
                .increment();
        if (reason.equals("llm_alone")) {
            return new Answer.Deny("Lighthouse denied this call without review: " + why + ".");
        }
        if (overloadAlerts.add(agent)) {
            alerts.trigger(overloadAlert(
                    agent,
                    "reviews refused as overloaded: " + why,
                    Map.of("agent", agent, "openPerAgent", limits.openPerAgent(), "open", limits.open())));
        }
        return new Answer.Deny(("Lighthouse is overloaded, so this call, which needs a review, is denied: %s."
                        + " Wait for reviewers to settle the open ones before retrying.")
                .formatted(why));
    }

    private Alert overloadAlert(String agent, String summary, Map<String, Object> details) {
        return new Alert(
                "reviews/overloaded/" + agent, Alert.Severity.WARNING, summary, source, details, clock.instant());
    }

    /** A denial or approval applies to the identical call until the route's timeout has passed again. */
    private static boolean reusable(Review review, Review.Resolution res, Instant now) {
        boolean timedOut =
                res.status() == Review.Status.TIMED_OUT_ALLOWED || res.status() == Review.Status.TIMED_OUT_DENIED;
        return !timedOut && now.isBefore(res.at().plus(review.route.timeout()));
    }

    private Answer hold(Review review, DecidedCall decided, Duration maxHold, Function<String, Answer> whilePending) {
        ReviewRoute route = review.route;
        String policyReason = decided.answer().reason();
        Duration hold = route.hold().compareTo(maxHold) < 0 ? route.hold() : maxHold;
        if (hold.isPositive()) {
            try {
                Review.Resolution res = review.settled.get(hold.toMillis(), TimeUnit.MILLISECONDS);
                return answer(review, res);
            } catch (TimeoutException e) {
                // still pending: the dialect says so below
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException e) {
                throw new IllegalStateException("review " + review.id + " failed", e.getCause());
            }
        }
        synchronized (review) {
            if (review.resolution().isPresent()) {
                return answer(review, review.resolution().get());
            }
        }
        Answer pending = whilePending.apply("%s Review %s (route %s) is pending: it needs %d approval(s) from %s by %s;"
                        .formatted(
                                policyReason,
                                review.id,
                                route.name(),
                                route.quorum(),
                                String.join(", ", route.reviewers()),
                                review.deadline)
                + " a reviewer runs `lighthouse review approve %s --reason ...`.".formatted(review.id));
        if (pending instanceof Answer.Review) {
            asked(review, decided.event().seq());
        }
        return pending;
    }

    /**
     * The agent will ask its user (Claude Code's ask): remember the call until it runs ({@link #ran}) or the review's
     * deadline passes, when no run is recorded as {@code not_run}.
     */
    private void asked(Review review, long decisionSeq) {
        Asked entry = new Asked(review, decisionSeq);
        asked.put(review.fingerprint, entry);
        long delay =
                Math.max(0, Duration.between(clock.instant(), review.deadline).toMillis());
        timer.schedule(
                () -> {
                    if (asked.remove(review.fingerprint, entry)) {
                        atTerminal(entry, Recorded.AtTerminal.NOT_RUN);
                    }
                },
                delay,
                TimeUnit.MILLISECONDS);
    }

    /**
     * A call ran (the agent's PostToolUse hook said so). If its user had been asked about it at the terminal, that is
     * recorded on its review; otherwise nothing is. It never settles a review: the agent could send it itself.
     */
    public void ran(String agent, String tool, Path cwd, JsonNode input) {
        Asked entry = asked.remove(CallPattern.fingerprint(agent, tool, cwd, input));
        if (entry != null) {
            atTerminal(entry, Recorded.AtTerminal.RAN);
        }
    }

    private void atTerminal(Asked entry, Recorded.AtTerminal outcome) {
        Review review = entry.review();
        Instant at = clock.instant();
        try {
            store.append(NewEvent.of(
                    "review/" + review.id, new ReviewEvent.AtTerminal(review.id, entry.decisionSeq(), outcome, at)));
        } catch (RuntimeException e) {
            LOG.warn("could not record that review {}'s call {} at the terminal", review.id, outcome, e);
            return;
        }
        synchronized (review) {
            review.terminal = Optional.of(new ReviewView.Terminal(outcome, at));
            review.refresh();
        }
    }

    private static Answer answer(Review review, Review.Resolution res) {
        String why = res.decisive().isEmpty()
                ? "no verdict before the deadline, so the route's on_timeout applies"
                : res.decisive().stream()
                        .map(v -> v.reviewer() + ": " + v.reason())
                        .collect(Collectors.joining("; "));
        return res.status().allows()
                ? new Answer.Allow("Lighthouse allowed after review %s (%s): %s"
                        .formatted(review.id, res.status().label(), why))
                : new Answer.Deny("Lighthouse denied after review %s (%s): %s. Do not retry this call unchanged."
                        .formatted(review.id, res.status().label(), why));
    }

    private void applied(String reviewId, Optional<String> approvalId, DecidedCall decided, boolean allowed) {
        String agent = decided.call().agent();
        long seq = decided.event().seq();
        store.append(NewEvent.byAgent(
                "review/" + reviewId,
                agent,
                new ReviewEvent.Applied(reviewId, approvalId, agent, Recorded.Effect.of(allowed), seq)));
        alsoDecided(reviewId, seq);
    }

    /** Notes on a review a later call it decided; a review no longer kept has nothing to note it on. */
    private void alsoDecided(String reviewId, long seq) {
        Review review = reviews.get(reviewId);
        if (review == null || seq <= 0) {
            return;
        }
        synchronized (review) {
            review.alsoDecided.add(seq);
            review.refresh();
        }
    }

    // ---------------------------------------------------------------- opening

    private Review open(
            DecidedCall decided,
            ReviewRoute route,
            String fingerprint,
            CallPattern pattern,
            JsonNode input,
            Instant now) {
        ToolCall call = decided.call();
        Decision d = decided.decision();
        String id = "rv_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        ReviewCase reviewCase = new ReviewCase(
                id,
                call.agent(),
                call.projectRoot().toString(),
                call.cwd().toString(),
                call.input().tool(),
                redactor.redact(input),
                analysis(d.facts()).stream().map(redactor::redact).toList(),
                d.ruleIds(),
                redactor.redact(d.summary()),
                d.risk().label(),
                route.name(),
                route.guidance(),
                history(call.agent(), decided.event().seq()));
        boolean simulated = decided.event().payloadAs(DecisionMade.class).bySimulatedAgent();
        Review review = new Review(id, reviewCase.brief(), route, fingerprint, pattern, now, simulated);
        boolean askLlm = asksLlm(route) && llmAllowed(call.agent());
        store.append(NewEvent.byAgent(
                "review/" + id,
                call.agent(),
                new ReviewEvent.Requested(
                        id,
                        decided.event().seq(),
                        fingerprint,
                        review.deadline,
                        now,
                        Recorded.Route.of(route),
                        Recorded.Case.of(reviewCase),
                        Recorded.Pattern.of(pattern),
                        asksLlm(route) && !askLlm ? Optional.of("rate_limited") : Optional.empty(),
                        simulated ? Optional.of(true) : Optional.empty())));
        synchronized (review) {
            review.refresh();
        }
        reviews.put(id, review);
        latestByFingerprint.put(fingerprint, review);
        arm(review);
        if (askLlm) {
            askExperts(review, reviewCase);
        }
        if (!simulated) { // a load test must not page the real reviewers
            notifier.ifPresent(n -> n.requested(review.view(), peopleToAsk(review)));
        }
        return review;
    }

    /** One line per effective command: what the policy understood the call would do. */
    private static List<String> analysis(Facts facts) {
        List<String> lines = new ArrayList<>();
        for (Act act : facts.acts()) {
            StringBuilder line = new StringBuilder(act.program());
            act.args().forEach(a -> line.append(' ').append(a));
            if (!act.signals().isEmpty()) {
                line.append("  [signals: ")
                        .append(act.signals().stream()
                                .map(Object::toString)
                                .sorted()
                                .collect(Collectors.joining(", ")))
                        .append(']');
            }
            if (!act.traits().isEmpty()) {
                line.append("  [traits: ")
                        .append(act.traits().stream()
                                .map(Object::toString)
                                .sorted()
                                .collect(Collectors.joining(", ")))
                        .append(']');
            }
            lines.add(line.toString());
        }
        return lines;
    }

    /** The agent's latest decisions before this one (up to 10, newest first) from the last hour. */
    private List<String> history(String agent, long beforeSeq) {
        Page page = store.query(EventQuery.all()
                .type(EventType.DECISION_MADE)
                .agent(agent)
                .since(clock.instant().minus(Duration.ofHours(1)))
                .limit(1000));
        List<String> lines = new ArrayList<>();
        List<Event> events = page.events();
        for (int i = events.size() - 1; i >= 0 && lines.size() < 10; i--) {
            Event e = events.get(i);
            if (e.seq() >= beforeSeq) {
                continue;
            }
            DecisionMade d = e.payloadAs(DecisionMade.class);
            if (d.bySimulatedAgent()) {
                continue; // a load test's call says nothing about this agent
            }
            String what = d.input().has("command")
                    ? d.input().path("command").asString()
                    : d.input().toString();
            lines.add("%s %s %s: %s".formatted(e.time(), d.decision(), d.tool(), redactor.redact(what)));
        }
        return lines;
    }

    private void arm(Review review) {
        long delay =
                Math.max(0, Duration.between(clock.instant(), review.deadline).toMillis());
        timer.schedule(() -> timeout(review), delay, TimeUnit.MILLISECONDS);
    }

    private boolean asksLlm(ReviewRoute route) {
        return experts.stream().anyMatch(e -> route.admitsLlm(e.name()));
    }

    /** Takes one LLM consultation from the agent's hourly allowance; false when it is used up. */
    private boolean llmAllowed(String agent) {
        if (limits.llmPerAgentPerHour() == 0) {
            return false;
        }
        boolean allowed = llmAllowance
                .computeIfAbsent(
                        agent,
                        a -> Bucket.builder()
                                .addLimit(Bandwidth.builder()
                                        .capacity(limits.llmPerAgentPerHour())
                                        .refillGreedy(limits.llmPerAgentPerHour(), Duration.ofHours(1))
                                        .build())
                                .build())
                .tryConsume(1);
        if (!allowed) {
            Counter.builder("lighthouse.reviews.llm.skipped")
                    .description("Reviews whose LLM experts were not asked: the agent used up its hourly allowance")
                    .register(registry)
                    .increment();
            LOG.warn(
                    "agent {} has used its {} LLM consultations this hour; its review waits for people",
                    agent,
                    limits.llmPerAgentPerHour());
        }
        return allowed;
    }

    private void askExperts(Review review, ReviewCase fullCase) {
        for (Expert expert : experts) {
            if (!review.route.admitsLlm(expert.name())) {
                continue;
            }
            Thread.ofVirtual().name("expert-" + expert.name()).start(() -> {
                try {
                    ExpertVerdict v = expert.review(fullCase);
                    castVote(
                            review,
                            new Consensus.Vote(expert.name(), v.approve(), v.reason()),
                            Standing.ELIGIBLE,
                            Optional.empty(),
                            bridgeKey,
                            Optional.of(v));
                } catch (Expert.ExpertUnavailable e) {
                    reliability.missed(expert.name());
                    LOG.warn("expert {} gave no verdict on review {}: {}", expert.name(), review.id, e.getMessage());
                } catch (RuntimeException e) {
                    reliability.missed(expert.name());
                    LOG.error("expert {} failed on review {}", expert.name(), review.id, e);
                }
            });
        }
    }

    // ---------------------------------------------------------------- voting

    /**
     * Records one reviewer's verdict and settles the review if it decides it.
     *
     * @param forDuration with an approval: also grant a temporary approval for calls like this one
     * @throws UnknownReview no review has this id
     */
    public VoteResult vote(
            Voter who, String reviewId, Recorded.Choice choice, String reason, Optional<Duration> forDuration) {
        Review review = reviews.get(reviewId);
        if (review == null) {
            throw new UnknownReview(reviewId);
        }
        Optional<TokenHolder> agent = tokens.active(who.name());
        VerdictSigner.Key key = agent.map(a -> VerdictSigner.Key.ofToken(a.name(), a.tokenSha256()))
                .orElse(bridgeKey);
        Standing standing = eligible(who, agent, review) ? Standing.ELIGIBLE : Standing.INELIGIBLE;
        if (forDuration.isPresent()) {
            checkApproval(who, review.route, forDuration.get());
        }
        return castVote(
                review,
                new Consensus.Vote(who.name(), choice.approves(), reason),
                standing,
                forDuration,
                key,
                Optional.empty());
    }

    /**
     * Temporary approvals come from people; an agent expert may grant one only where the route sets
     * {@code max_approval}, and nobody for longer than it.
     */
    private static void checkApproval(Voter who, ReviewRoute route, Duration asked) {
        if (who.kind() != Voter.Kind.PERSON && route.maxApproval().isEmpty()) {
            throw new ApprovalRefused(("%s is not a person: on route %s only people grant temporary approvals"
                            + " (the route's max_approval would let agent experts grant them too); vote without"
                            + " \"for\"")
                    .formatted(who.name(), route.name()));
        }
        if (route.maxApproval().isPresent()
                && asked.compareTo(route.maxApproval().get()) > 0) {
            throw new ApprovalRefused("route %s grants temporary approvals of at most %s (max_approval); asked for %s"
                    .formatted(route.name(), route.maxApproval().get(), asked));
        }
    }

    /**
     * Who may vote on a review: people for {@code human} (the owner among them), agent experts for their
     * capabilities; never the agent that made the call, nor a tokenless caller, who may be that agent.
     */
    private boolean eligible(Voter who, Optional<TokenHolder> agent, Review review) {
        if (who.name().equals(review.reviewCase.agent())) {
            return false;
        }
        ReviewRoute route = review.route;
        return switch (who.kind()) {
            case PERSON -> route.admitsHumans();
            case EXPERT -> agent.isPresent() && route.admitsAgent(capabilities(who.name()));
            case AGENT -> false;
        };
    }

    /** Whether a voter may vote on a review: a vote of an ineligible one is recorded, never counted. */
    private enum Standing {
        ELIGIBLE,
        INELIGIBLE
    }

    /** Records {@code vote} (signed with {@code key}), counted if its voter is eligible; settles the review if due. */
    private VoteResult castVote(
            Review review,
            Consensus.Vote vote,
            Standing standing,
            Optional<Duration> forDuration,
            VerdictSigner.Key key,
            Optional<ExpertVerdict> expert) {
        boolean eligible = standing == Standing.ELIGIBLE;
        synchronized (review) {
            Instant at = clock.instant();
            String forText = forDuration.map(Duration::toString).orElse("");
            String signature = VerdictSigner.sign(
                    key,
                    VerdictSigner.canonical(
                            review.id, vote.reviewer(), vote.approve(), vote.reason(), forText, at.toString()));
            Review.Cast cast = new Review.Cast(vote, eligible, at, key.id(), signature, forDuration);
            Consensus.Tally tally = review.cast(cast);
            boolean counted = tally.counted().stream().anyMatch(v -> v == vote);
            Optional<Consensus.Ignored> ignored = tally.rejected().stream()
                    .filter(r -> r.vote() == vote)
                    .map(Consensus.Rejected::why)
                    .findFirst();
            Duration latency = Duration.between(review.created, at);
            store.append(NewEvent.byAgent(
                    "review/" + review.id,
                    vote.reviewer(),
                    new ReviewEvent.Voted(
                            review.id,
                            vote.reviewer(),
                            Recorded.Choice.of(vote.approve()),
                            vote.reason(),
                            forText,
                            at,
                            eligible,
                            counted,
                            ignored.map(Consensus.Ignored::label),
                            key.id(),
                            signature,
                            latency.toMillis(),
                            expert.map(ExpertVerdict::confidence),
                            expert.map(ExpertVerdict::usage))));
            reliability.voted(vote.reviewer(), counted, latency);
            if (review.resolution().isEmpty() && tally.outcome() != Consensus.Outcome.PENDING) {
                Review.Status status =
                        tally.outcome() == Consensus.Outcome.APPROVED ? Review.Status.APPROVED : Review.Status.DENIED;
                resolve(review, status, tally.decisive(), at);
                if (status == Review.Status.APPROVED) {
                    grantTemporaryApproval(review, at);
                }
            }
            review.refresh();
            return new VoteResult(review.view(), counted, ignored);
        }
    }

    /** A counted approval with {@code for} grants the longest such approval once the review is approved. */
    private void grantTemporaryApproval(Review review, Instant at) {
        Consensus.Tally tally = review.tally();
        review.casts.stream()
                .filter(c -> c.vote().approve() && c.forDuration().isPresent())
                .filter(c -> tally.counted().stream().anyMatch(v -> v == c.vote()))
                .max(Comparator.comparing(c -> c.forDuration().get()))
                .ifPresent(c -> {
                    Approval a = new Approval(
                            "ap_"
                                    + UUID.randomUUID()
                                            .toString()
                                            .replace("-", "")
                                            .substring(0, 16),
                            review.id,
                            review.pattern,
                            c.vote().reviewer(),
                            at,
                            at.plus(c.forDuration().get()),
                            Optional.empty());
                    store.append(
                            NewEvent.byAgent("review/" + review.id, a.grantedBy(), ReviewEvent.ApprovalGranted.of(a)));
                    approvals.put(a.id(), a);
                });
    }

    private void resolve(Review review, Review.Status status, List<Consensus.Vote> decisive, Instant at) {
        store.append(NewEvent.of(
                "review/" + review.id,
                new ReviewEvent.Resolved(
                        review.id,
                        Recorded.Outcome.of(status),
                        Recorded.Effect.of(status.allows()),
                        at,
                        Recorded.Decisive.of(decisive))));
        review.resolve(new Review.Resolution(status, at, decisive));
        review.refresh();
        resolved(review);
        Counter.builder("lighthouse.reviews.resolved")
                .description("Reviews resolved, by outcome")
                .tag("outcome", status.label())
                .register(registry)
                .increment();
        if (status == Review.Status.APPROVED || status == Review.Status.DENIED) {
            for (Consensus.Vote v : review.tally().counted()) {
                reliability.settled(v.reviewer(), v.approve() == (status == Review.Status.APPROVED));
            }
        }
    }

    /**
     * The people review {@code id} asks and who have not voted yet: active reviewer and admin tokens its route
     * admits, never the agent that made the call. Whom a notification's signed console links are for; empty when
     * there is no such review.
     */
    public List<String> peopleToAsk(String id) {
        Review review = reviews.get(id);
        return review == null ? List.of() : peopleToAsk(review);
    }

    private List<String> peopleToAsk(Review review) {
        Set<String> voted = review.casts.stream().map(c -> c.vote().reviewer()).collect(Collectors.toSet());
        List<String> people = new ArrayList<>();
        for (TokenHolder a : tokens.list()) {
            if (a.kind() == Voter.Kind.PERSON
                    && !voted.contains(a.name())
                    && eligible(a.voter(), Optional.of(a), review)) {
                people.add(a.name());
            }
        }
        return people;
    }

    /** Everyone the route asked who had not voted by the deadline: LLM experts, and token holders it names. */
    private List<String> missedBy(Review review) {
        Set<String> voted = review.casts.stream().map(c -> c.vote().reviewer()).collect(Collectors.toSet());
        List<String> missed = new ArrayList<>();
        for (Expert expert : experts) {
            if (review.route.admitsLlm(expert.name()) && !voted.contains(expert.name())) {
                missed.add(expert.name());
            }
        }
        for (TokenHolder a : tokens.list()) {
            if (!voted.contains(a.name()) && eligible(a.voter(), Optional.of(a), review)) {
                missed.add(a.name());
            }
        }
        return missed;
    }

    private void timeout(Review review) {
        try {
            synchronized (review) {
                if (review.resolution().isPresent()) {
                    return;
                }
                Review.Status status = review.route.onTimeout() == Verdict.ALLOW
                        ? Review.Status.TIMED_OUT_ALLOWED
                        : Review.Status.TIMED_OUT_DENIED;
                missedBy(review).forEach(reliability::missed);
                resolve(review, status, List.of(), clock.instant());
            }
        } catch (RuntimeException e) {
            LOG.error("review {} could not be timed out; retrying in a minute", review.id, e);
            timer.schedule(() -> timeout(review), 1, TimeUnit.MINUTES);
        }
    }

    // ---------------------------------------------------------------- approvals

    /** Every approval not yet expired or revoked. */
    public List<Approval> liveApprovals() {
        Instant now = clock.instant();
        return approvals.values().stream()
                .filter(a -> a.live(now))
                .sorted(Comparator.comparing(Approval::granted))
                .toList();
    }

    /** Revokes a live approval; false if there is none with this id. */
    public boolean revoke(String approvalId, Voter by) {
        Instant now = clock.instant();
        Approval a = approvals.get(approvalId);
        if (a == null || !a.live(now)) {
            return false;
        }
        synchronized (this) {
            if (!approvals.get(approvalId).live(now)) {
                return false;
            }
            store.append(NewEvent.byAgent(
                    "review/" + a.reviewId(), by.name(), new ReviewEvent.ApprovalRevoked(approvalId, by.name(), now)));
            approvals.put(approvalId, a.revokedAt(now));
            return true;
        }
    }

    // ---------------------------------------------------------------- reading

    /**
     * The API view of a review with its whole case, read back from its {@code review.requested} event (the board
     * keeps a brief one).
     *
     * @throws UnknownReview no review has this id
     */
    public ReviewView view(String id) {
        Review review = reviews.get(id);
        if (review == null) {
            throw new UnknownReview(id);
        }
        ReviewView view = review.view();
        return store
                .query(EventQuery.all().type(EventType.REVIEW_REQUESTED).stream("review/" + id)
                        .limit(1))
                .events()
                .stream()
                .findFirst()
                .map(e -> view.withCase(e.payloadAs(ReviewEvent.Requested.class).reviewCase()))
                .orElse(view);
    }

    /**
     * What agent expert {@code agent} reviews for: the one {@link ExpertRegistry}'s capabilities (registered by the
     * agent, or declared by its token), none once its token is revoked.
     */
    public Set<String> capabilities(String agent) {
        return tokens.active(agent).isPresent() ? agentExperts.capabilities(agent) : Set.of();
    }

    /** Whether review {@code id} is routed to an agent expert with these capabilities; false if unknown. */
    public boolean routedTo(String id, Set<String> capabilities) {
        Review review = reviews.get(id);
        return review != null && review.route.admitsAgent(capabilities);
    }

    /** One page of reviews, and where the next begins ({@link ReviewQuery#after}) if there is more. */
    public record ReviewPage(List<ReviewView> reviews, Optional<String> next) {}

    /**
     * Reviews, oldest first, a page at a time.
     *
     * @throws IllegalArgumentException the query's {@code after} is not a {@code next} this board gave
     */
    public ReviewPage list(ReviewQuery query) {
        Optional<Position> from = query.after().map(Position::parse);
        boolean pending = query.status() == ReviewQuery.Status.PENDING;
        boolean simulated = query.queue() == ReviewQuery.Queue.SIMULATED;
        int limit = query.limit();
        List<Review> page = reviews.values().stream()
                .filter(r -> (r.status() == Review.Status.PENDING) == pending)
                .filter(r -> r.simulated == simulated)
                .filter(r ->
                        query.routedTo().map(caps -> r.route.admitsAgent(caps)).orElse(true))
                .filter(r ->
                        query.agent().map(a -> a.equals(r.reviewCase.agent())).orElse(true))
                .filter(r -> from.map(p -> Position.of(r).compareTo(p) > 0).orElse(true))
                .sorted(Comparator.comparing(Position::of))
                .limit(limit + 1L)
                .toList();
        List<Review> shown = page.size() > limit ? page.subList(0, limit) : page;
        return new ReviewPage(
                shown.stream().map(Review::view).toList(),
                page.size() > limit ? Optional.of(Position.of(shown.getLast()).toString()) : Optional.empty());
    }

    /** Where a review stands in a listing: by creation, then id. Shown as {@code <created>~<id>}. */
    private record Position(Instant created, String id) implements Comparable<Position> {
        static Position of(Review r) {
            return new Position(r.created, r.id);
        }

        static Position parse(String text) {
            int split = text.lastIndexOf('~');
            try {
                return new Position(Instant.parse(text.substring(0, Math.max(0, split))), text.substring(split + 1));
            } catch (java.time.DateTimeException | StringIndexOutOfBoundsException e) {
                throw new IllegalArgumentException(
                        "after=%s is not a cursor from a listing's \"next\" (expected <created>~<id>)".formatted(text));
            }
        }

        @Override
        public int compareTo(Position o) {
            int byTime = created.compareTo(o.created);
            return byTime != 0 ? byTime : id.compareTo(o.id);
        }

        @Override
        public String toString() {
            return created + "~" + id;
        }
    }

    public Reliability reliability() {
        return reliability;
    }

    /** A review just resolved: counted among the resolved ones kept, the oldest of which are forgotten. */
    private void resolved(Review review) {
        resolvedOrder.add(review);
        resolvedHeld.incrementAndGet();
        release(review.reviewCase.agent());
        while (resolvedHeld.get() > limits.resolvedKept()) {
            Review oldest = resolvedOrder.poll();
            if (oldest == null) {
                break;
            }
            resolvedHeld.decrementAndGet();
            drop(oldest);
        }
    }

    private void drop(Review review) {
        reviews.remove(review.id, review);
        latestByFingerprint.remove(review.fingerprint, review);
    }

    /**
     * Drops resolved reviews and ended approvals older than {@link #MEMORY}; with the count kept by {@link #resolved}
     * memory stays bounded.
     */
    private void forget() {
        Instant horizon = clock.instant().minus(MEMORY);
        for (Review oldest;
                (oldest = resolvedOrder.peek()) != null
                        && oldest.resolution()
                                .map(res -> res.at().isBefore(horizon))
                                .orElse(false); ) {
            if (resolvedOrder.remove(oldest)) {
                resolvedHeld.decrementAndGet();
                drop(oldest);
            }
        }
        approvals
                .values()
                .removeIf(a -> a.expires().isBefore(horizon)
                        || a.revoked().isPresent() && a.revoked().get().isBefore(horizon));
    }

    // ---------------------------------------------------------------- restart

    /**
     * Rebuilds reviews and approvals from the store's events of the last {@link #MEMORY} and re-arms the timeouts of
     * pending reviews (a deadline already passed resolves at once).
     *
     * <p>Memory stays flat however long the history: the five event types are read a page at a time and merged in
     * seq order, each review keeps only its brief case, and resolved reviews past {@link ReviewLimits#resolvedKept()}
     * are forgotten as the replay goes.
     */
    public void recover() {
        Instant since = clock.instant().minus(MEMORY);
        List<Pages> sources = new ArrayList<>();
        for (EventType type : List.of(
                EventType.REVIEW_REQUESTED,
                EventType.REVIEW_VERDICT,
                EventType.REVIEW_RESOLVED,
                EventType.APPROVAL_GRANTED,
                EventType.APPROVAL_REVOKED,
                EventType.REVIEW_APPLIED,
                EventType.REVIEW_AT_TERMINAL)) {
            // A requested event carries the whole case (up to the body limit): read those a few at a time.
            int page = type.equals(EventType.REVIEW_REQUESTED) ? 50 : 1_000;
            sources.add(
                    new Pages(store, EventQuery.all().type(type).since(since).limit(page)));
        }
        long replayed = 0;
        while (true) {
            Pages next = null;
            for (Pages source : sources) {
                if (source.peek().isPresent()
                        && (next == null
                                || source.peek().get().seq() < next.peek().get().seq())) {
                    next = source;
                }
            }
            if (next == null) {
                break;
            }
            replay(next.take());
            replayed++;
        }
        int pending = 0;
        for (Review r : reviews.values()) {
            synchronized (r) {
                r.refresh();
            }
            if (r.status() == Review.Status.PENDING) {
                arm(r);
                pending++;
                synchronized (openByAgent) {
                    openByAgent.merge(r.reviewCase.agent(), 1, Integer::sum);
                    openInAll++;
                }
            }
        }
        if (replayed > 0) {
            LOG.info(
                    "reviews rebuilt from {} events: {} pending, {} in all, {} live approvals",
                    replayed,
                    pending,
                    reviews.size(),
                    liveApprovals().size());
        }
    }

    /** The events of one query, a page at a time, in seq order. */
    private static final class Pages {
        private final EventStore store;
        private EventQuery query;
        private List<Event> page = List.of();
        private int at;
        private boolean last;

        Pages(EventStore store, EventQuery query) {
            this.store = store;
            this.query = query;
        }

        Optional<Event> peek() {
            while (at == page.size() && !last) {
                Page p = store.query(query);
                page = p.events();
                at = 0;
                last = p.next().isEmpty();
                p.next().ifPresent(c -> query = query.after(c));
            }
            return at < page.size() ? Optional.of(page.get(at)) : Optional.empty();
        }

        Event take() {
            Event e = peek().orElseThrow();
            at++;
            return e;
        }
    }

    private void replay(Event e) {
        switch (ReviewEvent.read(e)) {
            case ReviewEvent.Requested r -> {
                ReviewRoute route = r.route().toRoute();
                Review review = new Review(
                        r.review(),
                        r.reviewCase().toCase(r.review(), route.name()).brief(),
                        route,
                        r.fingerprint(),
                        r.pattern().toPattern(),
                        r.created(),
                        r.simulated().orElse(false));
                reviews.put(review.id, review);
                latestByFingerprint.put(review.fingerprint, review);
            }
            case ReviewEvent.Voted v -> {
                Review review = reviews.get(v.review());
                if (review != null) {
                    review.cast(new Review.Cast(
                            new Consensus.Vote(v.reviewer(), v.verdict().approves(), v.reason()),
                            v.eligible(),
                            v.at(),
                            v.keyId(),
                            v.signature(),
                            v.forText().isEmpty() ? Optional.empty() : Optional.of(Duration.parse(v.forText()))));
                }
            }
            case ReviewEvent.Resolved r -> {
                Review review = reviews.get(r.review());
                if (review != null) {
                    review.resolve(new Review.Resolution(
                            r.outcome().status(r.decision()), r.at(), Recorded.Decisive.votes(r.decisive())));
                    resolvedOrder.add(review);
                    if (resolvedHeld.incrementAndGet() > limits.resolvedKept()) {
                        resolvedHeld.decrementAndGet();
                        drop(resolvedOrder.poll());
                    }
                }
            }
            case ReviewEvent.ApprovalGranted g -> approvals.put(g.approval(), g.toApproval());
            case ReviewEvent.ApprovalRevoked r ->
                approvals.computeIfPresent(r.approval(), (k, a) -> a.revokedAt(r.at()));
            case ReviewEvent.AtTerminal t -> {
                Review review = reviews.get(t.review());
                if (review != null) {
                    review.terminal = Optional.of(new ReviewView.Terminal(t.outcome(), t.at()));
                }
            }
            case ReviewEvent.Applied a -> {
                Review review = reviews.get(a.review());
                if (review != null && a.decisionSeq() > 0) {
                    synchronized (review) {
                        review.alsoDecided.add(a.decisionSeq());
                    }
                }
            }
            case ReviewEvent.Refused _ -> {
                // a record of what happened to one call; nothing to rebuild
            }
        }
    }

    /**
     * Applies a review event another replica recorded (one {@link EventStore#follow} delivers), through the same
     * {@link #replay} as {@link #recover}: a review opened there can be voted on here, and a resolution reached there
     * releases the calls held here. A followed review's timeout is armed {@link #FOLLOWED_TIMEOUT_GRACE} late, so
     * the replica that opened it times it out unless it is gone. Events of other types are ignored.
     */
    public void follow(Event e) {
        if (!ReviewEvent.TYPES.containsKey(e.type())) {
            return;
        }
        ReviewEvent event = ReviewEvent.read(e);
        switch (event) {
            case ReviewEvent.Requested r -> {
                if (reviews.containsKey(r.review())) {
                    return;
                }
                replay(e);
                Review review = reviews.get(r.review());
                synchronized (review) {
                    review.refresh();
                }
                synchronized (openByAgent) {
                    openByAgent.merge(review.reviewCase.agent(), 1, Integer::sum);
                    openInAll++;
                }
                long delay = Duration.between(clock.instant(), review.deadline.plus(FOLLOWED_TIMEOUT_GRACE))
                        .toMillis();
                timer.schedule(() -> timeout(review), Math.max(0, delay), TimeUnit.MILLISECONDS);
            }
            case ReviewEvent.Voted v -> {
                Review review = reviews.get(v.review());
                if (review != null) {
                    synchronized (review) {
                        if (review.casts.stream().noneMatch(c -> c.signature().equals(v.signature()))) {
                            replay(e);
                            review.refresh();
                        }
                    }
                }
            }
            case ReviewEvent.Resolved r -> {
                Review review = reviews.get(r.review());
                if (review != null) {
                    synchronized (review) {
                        if (review.resolution().isEmpty()) {
                            review.resolve(new Review.Resolution(
                                    r.outcome().status(r.decision()), r.at(), Recorded.Decisive.votes(r.decisive())));
                            review.refresh();
                            resolved(review);
                        }
                    }
                }
            }
            case ReviewEvent.AtTerminal t -> {
                Review review = reviews.get(t.review());
                if (review != null) {
                    synchronized (review) {
                        replay(e);
                        review.refresh();
                    }
                }
            }
            case ReviewEvent.ApprovalGranted _, ReviewEvent.ApprovalRevoked _ -> replay(e);
            case ReviewEvent.Applied a -> alsoDecided(a.review(), a.decisionSeq());
            case ReviewEvent.Refused _ -> {
                // a record of what happened to one call; nothing to apply
            }
        }
    }

    /** Stops the timeout scheduler; pending reviews stay pending in the store. */
    @Override
    public void close() {
        timer.shutdownNow();
    }
}
