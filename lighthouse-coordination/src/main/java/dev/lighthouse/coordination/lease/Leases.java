package dev.lighthouse.coordination.lease;

import static java.util.Objects.requireNonNull;

import dev.lighthouse.events.Cursor;
import dev.lighthouse.events.Event;
import dev.lighthouse.events.EventQuery;
import dev.lighthouse.events.EventStore;
import dev.lighthouse.events.NewEvent;
import dev.lighthouse.events.Page;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * File leases: an agent claims paths of a project for a while, exclusively or shared, so that no other agent writes to
 * them meanwhile. The bridge checks every decision's written paths against {@link #touching}.
 *
 * <p><b>Time.</b> A lease holds while {@code now < expires} and has ended at {@code expires} exactly: not a moment
 * earlier (nothing sweeps it early), not later (every lookup compares with the time it is given). Only its holder's
 * release, an owner's revoke, or its expiry end it; a renewal never moves the expiry earlier.
 *
 * <p><b>State is a projection of the {@code leases} stream</b> ({@link LeaseEvent}). {@link #open} replays it, so
 * leases survive a restart with the same expiries. A change is checked, then recorded, then answered: a request
 * refused ({@link LeaseRefusal}) records nothing.
 *
 * <p><b>Cost.</b> {@link #touching} is a hash probe per directory level of the path ({@link LeaseIndex}); the
 * benchmark {@code LeaseCheckBenchmark} measures it with 10,000 leases held.
 *
 * <p>Thread-safe. Lookups never lock. Changes are checked under this object's lock; an acquisition is entered into
 * the index before its event is durable (so two racing requests cannot both win) and taken out again if the store
 * fails, which lets concurrent acquisitions share the store's group commits.
 */
public final class Leases {
    private static final Logger LOG = LoggerFactory.getLogger(Leases.class);
    /** The stream every lease event is appended to. */
    public static final String STREAM = "leases";

    static final int MAX_PATHS = 100;
    static final int MAX_REASON_CHARS = 500;
    private static final SecureRandom IDS = new SecureRandom();

    private final EventStore store;
    private final Clock clock;
    private final LeaseSettings settings;
    private final LeaseIndex index = new LeaseIndex();
    /** Every lease not yet released or revoked, by id; expired ones until the next change prunes them. */
    private final Map<String, Lease> held = new ConcurrentHashMap<>();
    /** Leases by expiry, for pruning; guarded by this. */
    private final PriorityQueue<Lease> byExpiry = new PriorityQueue<>(Comparator.comparing(Lease::expires));

    private Leases(EventStore store, Clock clock, LeaseSettings settings) {
        this.store = requireNonNull(store, "store");
        this.clock = requireNonNull(clock, "clock");
        this.settings = requireNonNull(settings, "settings");
    }

    /** The leases recorded in {@code store}, replayed; those that have ended by now are left out. */
    public static Leases open(EventStore store, Clock clock, LeaseSettings settings) {
        Leases leases = new Leases(store, clock, settings);
        long replayed = 0;
        Optional<Cursor> next = Optional.of(new Cursor(0));
        EventQuery query = EventQuery.all().stream(STREAM).limit(1000);
        while (next.isPresent()) {
            Page page = store.query(query.after(next.get()));
            for (Event e : page.events()) {
                leases.replay(e);
                replayed++;
            }
            next = page.next();
        }
        synchronized (leases) {
            leases.prune(clock.instant());
        }
        if (replayed > 0) {
            LOG.info("leases: replayed {} events, {} leases hold", replayed, leases.held.size());
        }
        return leases;
    }

    public LeaseSettings settings() {
        return settings;
    }

    /** Whether no lease is held (or has ended but not been pruned): the decision path's shortcut. */
    public boolean isEmpty() {
        return index.isEmpty();
    }

    /**
     * Takes a lease, or says why not: a conflict names the holders. The lease holds from now for {@code ttl}.
     *
     * @throws dev.lighthouse.events.EventStoreException the lease could not be recorded; it is not held
     */
    public LeaseOutcome acquire(LeaseRequest request) {
        Instant now = clock.instant();
        List<String> paths = new ArrayList<>();
        Optional<LeaseRefusal> invalid = check(request, paths);
        if (invalid.isPresent()) {
            return invalid.get();
        }
        List<PathSpec> specs = paths.stream().map(PathSpec::of).toList();
        Lease lease;
        synchronized (this) {
            prune(now);
            Set<Lease> conflicts = new LinkedHashSet<>();
            for (PathSpec spec : specs) {
                index.nested(spec.anchor(), entry -> {
                    Lease other = held.get(entry.leaseId());
                    if (other != null
                            && other.activeAt(now)
                            && !other.agent().equals(request.agent())
                            && !other.mode().compatibleWith(request.mode())
                            && spec.overlaps(entry.spec())) {
                        conflicts.add(other);
                    }
                });
            }
            if (!conflicts.isEmpty()) {
                return new LeaseRefusal.Conflict(List.copyOf(conflicts));
            }
            lease = new Lease(
                    newId(),
                    request.agent(),
                    request.session(),
                    request.project(),
                    paths,
                    request.mode(),
                    request.reason().isBlank()
                            ? "(no reason given)"
                            : request.reason().strip(),
                    now,
                    now.plus(request.ttl()));
            enter(lease);
        }
        try {
            store.append(NewEvent.byAgent(STREAM, lease.agent(), LeaseEvent.Acquired.of(lease)));
        } catch (RuntimeException e) {
            synchronized (this) {
                leave(lease);
            }
            throw e;
        }
        return lease;
    }

    /**
     * Extends the holder's lease to {@code ttl} from now (never earlier than it already ends).
     *
     * @throws dev.lighthouse.events.EventStoreException the renewal could not be recorded; the lease is unchanged
     */
    public synchronized LeaseOutcome renew(String id, String agent, Duration ttl) {
        Instant now = clock.instant();
        Optional<LeaseRefusal> badTtl = checkTtl(ttl);
        if (badTtl.isPresent()) {
            return badTtl.get();
        }
        LeaseOutcome found = holders(id, agent, now);
        if (!(found instanceof Lease lease)) {
            return found;
        }
        Instant expires = now.plus(ttl).isAfter(lease.expires()) ? now.plus(ttl) : lease.expires();
        store.append(NewEvent.byAgent(STREAM, agent, new LeaseEvent.Renewed(id, agent, now, expires)));
        Lease renewed = lease.expiringAt(expires);
        held.put(id, renewed);
        byExpiry.add(renewed);
        return renewed;
    }

    /** Gives up the holder's lease; answers the lease as it was. */
    public synchronized LeaseOutcome release(String id, String agent) {
        Instant now = clock.instant();
        LeaseOutcome found = holders(id, agent, now);
        if (found instanceof Lease lease) {
            store.append(NewEvent.byAgent(STREAM, agent, new LeaseEvent.Released(id, agent, now)));
            leave(lease);
        }
        return found;
    }

    /** Ends anyone's lease: for owners and admins (the caller checks that {@code by} may). */
    public synchronized LeaseOutcome revoke(String id, String by, String reason) {
        Instant now = clock.instant();
        Lease lease = held.get(id);
        if (lease == null || !lease.activeAt(now)) {
            return new LeaseRefusal.UnknownLease(id);
        }
        store.append(NewEvent.byAgent(STREAM, by, new LeaseEvent.Revoked(id, by, reason, now)));
        leave(lease);
        return lease;
    }

    /** The leases holding now, oldest first. */
    public List<Lease> list() {
        Instant now = clock.instant();
        return held.values().stream()
                .filter(l -> l.activeAt(now))
                .sorted(Comparator.comparing(Lease::acquired).thenComparing(Lease::id))
                .toList();
    }

    /** The lease with this id, if it holds now. */
    public Optional<Lease> get(String id) {
        Instant now = clock.instant();
        return Optional.ofNullable(held.get(id)).filter(l -> l.activeAt(now));
    }

    /**
     * The leases holding at {@code now} on {@code path} (absolute, normalised): those covering it, and for a
     * recursive operation (or a path with wildcards, which a shell may expand to anything below) also those on paths
     * under it. Every holder is included, the caller's own leases too. Costs a hash probe per directory level.
     */
    public List<Lease> touching(String path, boolean recursive, Instant now) {
        if (index.isEmpty()) {
            return List.of();
        }
        Map<String, Lease> found = new LinkedHashMap<>(4);
        if (!recursive && PathSpec.firstWildcard(path) < 0) {
            index.covering(path, id -> keep(found, id, now));
        } else {
            PathSpec reach = PathSpec.of(path);
            index.nested(reach.anchor(), entry -> {
                if (reach.overlaps(entry.spec())) {
                    keep(found, entry.leaseId(), now);
                }
            });
        }
        return found.isEmpty() ? List.of() : List.copyOf(found.values());
    }

    private void keep(Map<String, Lease> found, String id, Instant now) {
        Lease lease = held.get(id);
        if (lease != null && lease.activeAt(now)) {
            found.putIfAbsent(id, lease);
        }
    }

    // ---------------------------------------------------------------- checks

    /** The request's refusal, if it has one; otherwise fills {@code resolved} with its absolute paths. */
    private Optional<LeaseRefusal> check(LeaseRequest r, List<String> resolved) {
        if (r.agent().isBlank()) {
            return invalid("agent", "must not be blank");
        }
        if (r.session().length() > 512) {
            return invalid("session", "must be at most 512 characters");
        }
        Path project;
        try {
            project = Path.of(r.project());
        } catch (InvalidPathException e) {
            return invalid("project", "\"%s\" is not a path".formatted(r.project()));
        }
        if (!project.isAbsolute() || !project.normalize().toString().equals(r.project())) {
            return invalid(
                    "project",
                    "must be an absolute, normalised path (the agent's project root), got \"%s\""
                            .formatted(r.project()));
        }
        if (project.getNameCount() == 0) {
            return invalid("project", "the file system root is not a project; name the project's own directory");
        }
        if (r.paths().isEmpty() || r.paths().size() > MAX_PATHS) {
            return invalid(
                    "paths",
                    "must name 1 to %d paths, got %d"
                            .formatted(MAX_PATHS, r.paths().size()));
        }
        for (String p : r.paths()) {
            Optional<LeaseRefusal> bad = checkPath(project, p, resolved);
            if (bad.isPresent()) {
                return bad;
            }
        }
        if (r.reason().length() > MAX_REASON_CHARS) {
            return invalid(
                    "reason",
                    "must be at most %d characters, got %d"
                            .formatted(MAX_REASON_CHARS, r.reason().length()));
        }
        if (!printable(r.reason())) {
            return invalid("reason", "must be one line of printable text");
        }
        return checkTtl(r.ttl());
    }

    private static Optional<LeaseRefusal> checkPath(Path project, String p, List<String> resolved) {
        if (p.isBlank() || p.length() > PathSpec.MAX_CHARS || !printable(p)) {
            return invalid(
                    "paths",
                    "each path must be 1 to %d printable characters, got \"%s\""
                            .formatted(PathSpec.MAX_CHARS, p.length() > 60 ? p.substring(0, 60) + "…" : p));
        }
        Optional<String> unsupported = PathSpec.unsupported(p);
        if (unsupported.isPresent()) {
            return invalid("paths", unsupported.get());
        }
        Path absolute;
        try {
            absolute = project.resolve(p).normalize();
        } catch (InvalidPathException e) {
            return invalid("paths", "\"%s\" is not a path".formatted(p));
        }
        if (!absolute.startsWith(project)) {
            return Optional.of(new LeaseRefusal.OutsideProject(p, project.toString()));
        }
        resolved.add(absolute.toString());
        return Optional.empty();
    }

    private Optional<LeaseRefusal> checkTtl(Duration ttl) {
        if (ttl.compareTo(Duration.ofSeconds(1)) < 0) {
            return invalid("ttl_seconds", "must be at least 1 second, got " + ttl.toSeconds());
        }
        if (ttl.compareTo(settings.maxTtl()) > 0) {
            return Optional.of(new LeaseRefusal.TtlOverMaximum(ttl, settings.maxTtl()));
        }
        return Optional.empty();
    }

    /** The lease {@code id} if it holds and {@code agent} holds it; else the refusal. */
    private LeaseOutcome holders(String id, String agent, Instant now) {
        Lease lease = held.get(id);
        if (lease == null || !lease.activeAt(now)) {
            return new LeaseRefusal.UnknownLease(id);
        }
        if (!lease.agent().equals(agent)) {
            return new LeaseRefusal.NotHolder(id, lease.agent(), agent);
        }
        return lease;
    }

    private static Optional<LeaseRefusal> invalid(String field, String reason) {
        return Optional.of(new LeaseRefusal.Invalid(field, reason));
    }

    private static boolean printable(String text) {
        return text.chars().noneMatch(c -> Character.isISOControl(c) || c == '\u2028' || c == '\u2029');
    }

    private static String newId() {
        byte[] bytes = new byte[8];
        IDS.nextBytes(bytes);
        return "lease-" + HexFormat.of().formatHex(bytes);
    }

    /**
     * Applies a lease event another replica recorded (one {@link EventStore#follow} delivers), as a restart would
     * replay it; events of other streams are ignored.
     */
    public void follow(Event e) {
        if (e.stream().equals(STREAM)) {
            replay(e);
        }
    }

    // ---------------------------------------------------------------- the projection

    private void replay(Event e) {
        Optional<LeaseEvent> read = LeaseEvent.read(e);
        if (read.isEmpty()) {
            LOG.warn(
                    "leases stream event seq={} has type {}, which this version does not know; skipped",
                    e.seq(),
                    e.type());
            return;
        }
        synchronized (this) {
            switch (read.get()) {
                case LeaseEvent.Acquired a -> enter(a.toLease());
                case LeaseEvent.Renewed r -> {
                    Lease lease = held.get(r.lease());
                    if (lease != null) {
                        Lease renewed = lease.expiringAt(r.expires());
                        held.put(r.lease(), renewed);
                        byExpiry.add(renewed);
                    }
                }
                case LeaseEvent.Released r -> forget(r.lease());
                case LeaseEvent.Revoked r -> forget(r.lease());
            }
        }
    }

    private void forget(String id) {
        Lease lease = held.get(id);
        if (lease != null) {
            leave(lease);
        }
    }

    /** Enters a lease into the state; caller holds the lock. */
    private void enter(Lease lease) {
        held.put(lease.id(), lease);
        byExpiry.add(lease);
        index.add(lease.id(), specs(lease));
    }

    /** Takes a lease out of the state; caller holds the lock. Its expiry-queue entries go when they come due. */
    private void leave(Lease lease) {
        if (held.remove(lease.id()) != null) {
            index.remove(lease.id(), specs(lease));
        }
    }

    /** Drops leases that have ended by {@code now}; caller holds the lock. */
    private void prune(Instant now) {
        while (!byExpiry.isEmpty() && !byExpiry.peek().activeAt(now)) {
            Lease due = byExpiry.poll();
            Lease current = held.get(due.id());
            // A renewal queued a later expiry; only the lease's current expiry ends it.
            if (current != null && !current.activeAt(now)) {
                leave(current);
            }
        }
    }

    private static List<PathSpec> specs(Lease lease) {
        return lease.paths().stream().map(PathSpec::of).toList();
    }
}
