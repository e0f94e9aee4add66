package dev.lighthouse.bridge.auth;

import static java.util.Objects.requireNonNull;

import dev.lighthouse.events.Event;
import dev.lighthouse.events.EventQuery;
import dev.lighthouse.events.EventStore;
import dev.lighthouse.events.EventType;
import dev.lighthouse.events.NewEvent;
import dev.lighthouse.events.Page;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a replica's agent tokens and the event chain in step, so that a token issued or revoked on one replica is in
 * force on every replica of the store: it replays the chain's {@code agent.token_issued} and
 * {@code agent.token_revoked} at start, applies those other replicas append ({@link #follow}), and publishes what this
 * replica's {@code agents.json} says and the chain does not yet — at once when this process issues or revokes a
 * token (the console), and within {@link #CHECK_EVERY} when another process ({@code lighthouse agents add|revoke})
 * changed the file.
 *
 * <p>While the store is away, this replica still honours its own file; what it could not publish it publishes when
 * the store is back. Two replicas that read the same change may both publish it: the events are idempotent.
 *
 * <p>Thread-safe.
 */
public final class TokenLedger implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TokenLedger.class);
    /** How often the file is looked at for changes made by another process. */
    static final Duration CHECK_EVERY = Duration.ofMillis(250);

    private final AgentTokens tokens;
    private final EventStore store;
    private final ScheduledExecutorService checks = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("agent-token-ledger").daemon().factory());
    private volatile boolean warned;

    private TokenLedger(AgentTokens tokens, EventStore store) {
        this.tokens = requireNonNull(tokens, "tokens");
        this.store = requireNonNull(store, "store");
    }

    /**
     * Replays the chain's token events into {@code tokens}, publishes what its file adds, and from then on publishes
     * each change. Start the {@link dev.lighthouse.bridge.cluster.Follower} first and hand it {@link #follow}.
     *
     * @throws dev.lighthouse.events.EventStoreException the store cannot be read
     */
    public static TokenLedger attach(AgentTokens tokens, EventStore store) {
        TokenLedger ledger = new TokenLedger(tokens, store);
        ledger.replay(TokenEvent.ISSUED);
        ledger.replay(TokenEvent.REVOKED);
        ledger.publish();
        tokens.onChange(ledger::publish);
        ledger.checks.scheduleWithFixedDelay(
                ledger::publish, CHECK_EVERY.toMillis(), CHECK_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        return ledger;
    }

    private void replay(EventType type) {
        EventQuery query = EventQuery.all().type(type).limit(EventQuery.MAX_LIMIT);
        while (true) {
            Page page = store.query(query);
            page.events().forEach(this::follow);
            if (page.next().isEmpty()) {
                return;
            }
            query = query.after(page.next().get());
        }
    }

    /** Applies a token event another replica appended; other events are ignored. */
    public void follow(Event e) {
        TokenEvent.read(e).ifPresent(tokens::apply);
    }

    /**
     * Appends what the file says of tokens and the chain does not: an issue for each active token the chain has not
     * seen, a revocation for each revoked one it has not. Never throws: what fails is tried again at the next check.
     */
    synchronized void publish() {
        try {
            List<AgentTokens.Agent> unpublished =
                    tokens.filed().stream().filter(a -> !tokens.chainKnows(a)).toList();
            for (AgentTokens.Agent a : unpublished) {
                TokenEvent event = a.revoked()
                        .<TokenEvent>map(when -> new TokenEvent.Revoked(a.name(), a.tokenSha256(), when))
                        .orElseGet(() -> TokenEvent.Issued.of(a));
                store.append(NewEvent.of(TokenEvent.stream(a.name()), event));
                tokens.apply(event);
            }
            warned = false;
        } catch (RuntimeException e) {
            if (!warned) {
                warned = true;
                LOG.warn(
                        "cannot publish agent token changes to the event store ({}); this replica honours its own"
                                + " agents.json meanwhile, and retries every {} ms",
                        e.getMessage(),
                        CHECK_EVERY.toMillis());
            }
        }
    }

    /** Stops looking at the file; changes made after this are published by the next start. */
    @Override
    public void close() {
        tokens.onChange(() -> {});
        checks.shutdownNow();
    }
}
