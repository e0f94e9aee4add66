package dev.lighthouse.bridge.console;

import static java.util.Objects.requireNonNull;

import dev.lighthouse.bridge.auth.Principal;
import dev.lighthouse.events.Cursor;
import dev.lighthouse.events.Event;
import dev.lighthouse.events.EventQuery;
import dev.lighthouse.events.EventStore;
import dev.lighthouse.events.EventType;
import dev.lighthouse.events.NewEvent;
import dev.lighthouse.events.Page;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's logins as events, so that the audit trail shows who used the console, how and from where: each
 * login is a {@code console.login} event on the session's stream (by the person), each refused token one on
 * {@link ConsoleEvent.Login#REFUSALS} (by no one), and {@link #recent} lists them with the logouts.
 *
 * <p><b>Refusals are rate-limited.</b> Anyone who reaches the login page can send a wrong token, and each recorded
 * refusal is an append: so at most {@link #REFUSALS_PER_MINUTE} a minute are recorded (a bucket that refills evenly),
 * and each recorded refusal counts those that were not since the previous one ({@code unrecorded}). A login that
 * works is always recorded, and is refused when it cannot be. Thread-safe.
 */
final class Logins {
    private static final Logger LOG = LoggerFactory.getLogger(Logins.class);
    /** Refused logins recorded a minute at most; the rest are counted into the next recorded one. */
    static final int REFUSALS_PER_MINUTE = 10;
    /** Longest text kept of a header a browser sent (agents and strangers write these). */
    static final int HEADER_CHARS = 200;
    /** How far back the Health page's list of logins and logouts looks. */
    static final Duration RECENT = Duration.ofDays(1);

    private final EventStore store;
    private final Clock clock;
    private double allowance = REFUSALS_PER_MINUTE;
    private Instant refilled;
    private long unrecorded;

    Logins(EventStore store, Clock clock) {
        this.store = requireNonNull(store, "store");
        this.clock = requireNonNull(clock, "clock");
        this.refilled = clock.instant();
    }

    /** Where a login came from, as the request says: its peer's address and what its headers claim. */
    record Origin(String address, Optional<String> forwardedFor, Optional<String> userAgent) {
        Origin {
            requireNonNull(address, "address");
            forwardedFor = forwardedFor.map(Logins::cut);
            userAgent = userAgent.map(Logins::cut);
        }
    }

    /**
     * Records that {@code who} logged in {@code via} a token or a link, beginning {@code session}.
     *
     * @throws dev.lighthouse.events.EventStoreException the store cannot record it: do not start the session
     */
    void loggedIn(Principal who, ConsoleEvent.Login.Via via, Sessions.Session session, Origin origin) {
        store.append(NewEvent.byAgent(
                ConsoleEvent.SessionEnded.stream(session.id()),
                who.name(),
                new ConsoleEvent.Login(
                        ConsoleEvent.Login.Outcome.LOGGED_IN,
                        via,
                        Optional.of(who.role().label()),
                        Optional.of(session.id()),
                        Optional.of(session.expires()),
                        origin.address(),
                        origin.forwardedFor(),
                        origin.userAgent(),
                        0)));
    }

    /**
     * Records a refused token, unless the minute's allowance is spent (then it is counted into the next one). Never
     * throws: the login is refused whether or not the refusal could be recorded.
     */
    void refused(Origin origin) {
        long before;
        synchronized (this) {
            Instant now = clock.instant();
            double minutes = Math.max(0, Duration.between(refilled, now).toMillis() / 60_000.0);
            allowance = Math.min(REFUSALS_PER_MINUTE, allowance + minutes * REFUSALS_PER_MINUTE);
            refilled = now;
            if (allowance < 1) {
                unrecorded++;
                return;
            }
            allowance--;
            before = unrecorded;
            unrecorded = 0;
        }
        try {
            store.append(NewEvent.of(
                    ConsoleEvent.Login.REFUSALS,
                    new ConsoleEvent.Login(
                            ConsoleEvent.Login.Outcome.REFUSED,
                            ConsoleEvent.Login.Via.TOKEN,
                            Optional.empty(),
                            Optional.empty(),
                            Optional.empty(),
                            origin.address(),
                            origin.forwardedFor(),
                            origin.userAgent(),
                            before)));
        } catch (RuntimeException e) {
            synchronized (this) {
                unrecorded += before + 1;
            }
            LOG.warn("a refused console login from {} could not be recorded: {}", origin.address(), e.getMessage());
        }
    }

    /** One login, refused login or logout, as the Health page lists it. */
    record Entry(
            long seq,
            Instant time,
            String action,
            Optional<String> who,
            Optional<String> role,
            Optional<String> via,
            Optional<String> from,
            Optional<String> forwardedFor,
            Optional<String> userAgent,
            long unrecorded) {}

    record Recent(Instant since, List<Entry> entries) {}

    /** The newest {@code limit} logins, refusals and logouts of the last {@link #RECENT}, newest first. */
    Recent recent(int limit) {
        Instant since = clock.instant().minus(RECENT);
        List<Entry> entries = new ArrayList<>(newest(ConsoleEvent.LOGIN, since, limit));
        entries.addAll(newest(ConsoleEvent.SESSION_ENDED, since, limit));
        entries.sort(Comparator.comparingLong(Entry::seq).reversed());
        return new Recent(since, List.copyOf(entries.subList(0, Math.min(limit, entries.size()))));
    }

    private List<Entry> newest(EventType type, Instant since, int limit) {
        Deque<Entry> newest = new ArrayDeque<>();
        EventQuery query = EventQuery.all().type(type).since(since).limit(1000);
        for (Optional<Cursor> next = Optional.of(new Cursor(0)); next.isPresent(); ) {
            Page page = store.query(query.after(next.get()));
            for (Event e : page.events()) {
                ConsoleEvent.read(e).flatMap(c -> entry(e, c)).ifPresent(newest::addFirst);
                if (newest.size() > limit) {
                    newest.removeLast();
                }
            }
            next = page.next();
        }
        return List.copyOf(newest);
    }

    private static Optional<Entry> entry(Event e, ConsoleEvent c) {
        return switch (c) {
            case ConsoleEvent.Login l ->
                Optional.of(new Entry(
                        e.seq(),
                        e.time(),
                        switch (l.outcome()) {
                            case LOGGED_IN -> "logged in";
                            case REFUSED -> "refused: unknown or revoked token";
                        },
                        e.agent(),
                        l.role(),
                        Optional.of(
                                switch (l.via()) {
                                    case TOKEN -> "token";
                                    case LINK -> "review link";
                                }),
                        Optional.of(l.from()),
                        l.forwardedFor(),
                        l.userAgent(),
                        l.unrecorded()));
            case ConsoleEvent.SessionEnded _ ->
                Optional.of(new Entry(
                        e.seq(),
                        e.time(),
                        "logged out",
                        e.agent(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        0));
            case ConsoleEvent.LinkUsed _ -> Optional.empty();
        };
    }

    private static String cut(String header) {
        return header.length() > HEADER_CHARS ? header.substring(0, HEADER_CHARS) + "…" : header;
    }
}
