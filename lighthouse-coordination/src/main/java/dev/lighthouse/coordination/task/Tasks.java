package dev.lighthouse.coordination.task;

import static java.util.Objects.requireNonNull;

import dev.lighthouse.coordination.Replay;
import dev.lighthouse.coordination.expert.ExpertRegistry;
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
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Work handed to whoever has a capability: a projection of {@link TaskEvent}s.
 *
 * <p>A dispatched task waits in the queue of its capability. An agent with that capability (in the {@link
 * ExpertRegistry}) claims it, the oldest first; one claimer at a time. A claim lasts {@link #DEFAULT_CLAIM} unless the
 * claimer asks for another span (up to {@link #MAX_CLAIM}); if the task is not completed by then it returns to the
 * queue ({@code task.returned}) for the next claimer. Only the claimer completes it, with a result.
 *
 * <p>Refusals are {@link TaskRefusal}s and record nothing. Lapsed claims are returned whenever tasks are read or
 * changed, and by {@link #returnLapsed()}, which the bridge calls every second; the clock is the one given.
 *
 * <p>Thread-safe: one monitor; every change is one append. Knows neither HTTP nor MCP.
 */
public final class Tasks {
    private static final Logger LOG = LoggerFactory.getLogger(Tasks.class);
    /** How long a claim lasts unless the claimer says. */
    public static final Duration DEFAULT_CLAIM = Duration.ofMinutes(5);
    /** The longest claim. */
    public static final Duration MAX_CLAIM = Duration.ofHours(1);
    /** Most tasks one agent may have queued or claimed at once. */
    public static final int MAX_OPEN_PER_DISPATCHER = 1_000;
    /** How long completed tasks are remembered. */
    static final Duration MEMORY = Duration.ofDays(1);

    private static final int MAX_TITLE_CHARS = 500;

    /** What a change comes to: the task as it now stands, or why not. */
    public sealed interface Outcome permits Task, TaskRefusal {}

    /**
     * Work to queue.
     *
     * @param payload what the claimer needs to do it (any JSON; {@code {}} when empty)
     */
    public record Dispatch(String capability, String title, Optional<JsonNode> payload) {
        public Dispatch {
            requireNonNull(payload, "payload");
        }
    }

    /**
     * What to claim.
     *
     * @param task this task; else the oldest queued one of {@code capability}
     * @param capability else the oldest queued for any of the claimer's capabilities
     * @param claimFor how long the claim lasts; {@link #DEFAULT_CLAIM} when empty
     */
    public record Claim(Optional<String> task, Optional<String> capability, Optional<Duration> claimFor) {
        public Claim {
            requireNonNull(task, "task");
            requireNonNull(capability, "capability");
            requireNonNull(claimFor, "claimFor");
        }

        /** The oldest queued task the claimer can do, for the default span. */
        public static Claim next() {
            return new Claim(Optional.empty(), Optional.empty(), Optional.empty());
        }
    }

    private final EventStore store;
    private final Clock clock;
    private final Function<String, Set<String>> capabilities;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Task> byId = new LinkedHashMap<>();

    /** @param capabilities what an agent can do: the expert registry's {@link ExpertRegistry#capabilities} */
    public Tasks(EventStore store, Clock clock, Function<String, Set<String>> capabilities) {
        this.store = requireNonNull(store, "store");
        this.clock = requireNonNull(clock, "clock");
        this.capabilities = requireNonNull(capabilities, "capabilities");
    }

    /** {@code by} queues work for a capability. */
    public synchronized Outcome dispatch(String by, Dispatch dispatch) {
        Instant now = clock.instant();
        returnLapsed(now);
        if (dispatch.capability() == null
                || !ExpertRegistry.CAPABILITY.matcher(dispatch.capability()).matches()) {
            return new TaskRefusal.InvalidArgument(
                    "capability", "1-64 letters, digits, `.`, `_` or `-`, got `%s`".formatted(dispatch.capability()));
        }
        if (dispatch.title() == null || dispatch.title().isBlank()) {
            return new TaskRefusal.InvalidArgument("title", "a title is required");
        }
        if (dispatch.title().length() > MAX_TITLE_CHARS) {
            return new TaskRefusal.InvalidArgument(
                    "title",
                    "%,d characters; at most %,d".formatted(dispatch.title().length(), MAX_TITLE_CHARS));
        }
        long open = byId.values().stream()
                .filter(t -> t.dispatchedBy().equals(by) && t.status() != TaskStatus.COMPLETED)
                .count();
        if (open >= MAX_OPEN_PER_DISPATCHER) {
            return new TaskRefusal.QueueFull(by, MAX_OPEN_PER_DISPATCHER);
        }
        String id = "tk_" + HexFormat.of().formatHex(randomBytes());
        TaskEvent.Dispatched dispatched = new TaskEvent.Dispatched(
                id,
                by,
                dispatch.capability(),
                dispatch.title(),
                dispatch.payload().orElse(JsonNodeFactory.instance.objectNode()),
                now);
        return record(by, dispatched);
    }

    /** {@code by} claims a task it has the capability for. */
    public synchronized Outcome claim(String by, Claim claim) {
        Instant now = clock.instant();
        returnLapsed(now);
        Duration span = claim.claimFor().orElse(DEFAULT_CLAIM);
        if (span.compareTo(Duration.ofSeconds(1)) < 0 || span.compareTo(MAX_CLAIM) > 0) {
            return new TaskRefusal.InvalidArgument(
                    "claim_seconds", "%d s; from 1 s to %d s".formatted(span.toSeconds(), MAX_CLAIM.toSeconds()));
        }
        Set<String> mine = capabilities.apply(by);
        Task task;
        if (claim.task().isPresent()) {
            task = byId.get(claim.task().get());
            if (task == null) {
                return new TaskRefusal.UnknownTask(claim.task().get());
            }
            if (!mine.contains(task.capability())) {
                return new TaskRefusal.NotCapable(by, task.capability());
            }
            switch (task.status()) {
                case CLAIMED -> {
                    return new TaskRefusal.AlreadyClaimed(
                            task.id(),
                            task.claimedBy().orElseThrow(),
                            task.claimedUntil().orElseThrow());
                }
                case COMPLETED -> {
                    return new TaskRefusal.AlreadyCompleted(
                            task.id(), task.claimedBy().orElseThrow());
                }
                case QUEUED -> {
                    // claimable
                }
            }
        } else {
            Set<String> wanted;
            if (claim.capability().isPresent()) {
                if (!mine.contains(claim.capability().get())) {
                    return new TaskRefusal.NotCapable(by, claim.capability().get());
                }
                wanted = Set.of(claim.capability().get());
            } else {
                wanted = mine;
            }
            Optional<Task> oldest = byId.values().stream()
                    .filter(t -> t.status() == TaskStatus.QUEUED && wanted.contains(t.capability()))
                    .min(Comparator.comparing(Task::created));
            if (oldest.isEmpty()) {
                return new TaskRefusal.NothingQueued(wanted);
            }
            task = oldest.get();
        }
        return record(by, new TaskEvent.Claimed(task.id(), by, now, now.plus(span)));
    }

    /** The claimer {@code by} finishes task {@code id} with {@code result}. */
    public synchronized Outcome complete(String by, String id, JsonNode result) {
        Instant now = clock.instant();
        returnLapsed(now);
        Task task = byId.get(id);
        if (task == null) {
            return new TaskRefusal.UnknownTask(id);
        }
        if (task.status() == TaskStatus.COMPLETED) {
            return new TaskRefusal.AlreadyCompleted(id, task.claimedBy().orElseThrow());
        }
        if (task.status() != TaskStatus.CLAIMED
                || !task.claimedBy().orElseThrow().equals(by)) {
            return new TaskRefusal.NotTheClaimer(id, by);
        }
        if (result == null || result.isMissingNode()) {
            return new TaskRefusal.InvalidArgument("result", "a result is required (any JSON)");
        }
        return record(by, new TaskEvent.Completed(id, by, result, now));
    }

    /** Returns every task whose claim has lapsed to the queue; how many. */
    public synchronized int returnLapsed() {
        return returnLapsed(clock.instant());
    }

    /** The task with this id, if remembered. */
    public synchronized Optional<Task> get(String id) {
        returnLapsed(clock.instant());
        return Optional.ofNullable(byId.get(id));
    }

    /** Tasks, oldest first, of one capability and in one state when given. */
    public synchronized List<Task> list(Optional<String> capability, Optional<TaskStatus> status) {
        returnLapsed(clock.instant());
        return byId.values().stream()
                .filter(t -> capability.map(t.capability()::equals).orElse(true))
                .filter(t -> status.map(s -> s == t.status()).orElse(true))
                .sorted(Comparator.comparing(Task::created))
                .toList();
    }

    /** Rebuilds the tasks from the store; claims that lapsed meanwhile return to the queue at once. */
    public synchronized void recover() {
        List<Event> events = Replay.of(store, TaskEvent.TYPES.keySet(), Optional.empty());
        for (Event e : events) {
            apply(TaskEvent.read(e));
        }
        forget(clock.instant());
        returnLapsed(clock.instant());
        if (!events.isEmpty()) {
            LOG.info("tasks rebuilt from {} events: {} remembered", events.size(), byId.size());
        }
    }

    /**
     * Applies a task event another replica recorded (one {@link EventStore#follow} delivers); events of other types
     * are ignored.
     */
    public synchronized void follow(Event e) {
        if (TaskEvent.TYPES.containsKey(e.type())) {
            apply(TaskEvent.read(e));
        }
    }

    private Outcome record(String by, TaskEvent event) {
        NewEvent e;
        try {
            e = NewEvent.byAgent("task/" + event.task(), by, event);
        } catch (EventRejectedException x) {
            return new TaskRefusal.TooLarge(x.getMessage());
        }
        store.append(e);
        return apply(event);
    }

    private Task apply(TaskEvent event) {
        Task task = switch (event) {
            case TaskEvent.Dispatched d ->
                new Task(
                        d.task(),
                        d.capability(),
                        d.title(),
                        d.payload(),
                        d.by(),
                        TaskStatus.QUEUED,
                        d.at(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        0);
            case TaskEvent.Claimed c ->
                known(c).map(t -> t.claimed(c.by(), c.until())).orElse(null);
            case TaskEvent.Returned r -> known(r).map(Task::returned).orElse(null);
            case TaskEvent.Completed c ->
                known(c).map(t -> t.completed(c.by(), c.result(), c.at())).orElse(null);
        };
        if (task != null) {
            byId.put(task.id(), task);
        }
        return task;
    }

    private Optional<Task> known(TaskEvent event) {
        return Optional.ofNullable(byId.get(event.task()));
    }

    private int returnLapsed(Instant now) {
        List<TaskEvent.Returned> lapsed = new ArrayList<>();
        for (Task t : byId.values()) {
            if (t.status() == TaskStatus.CLAIMED
                    && !now.isBefore(t.claimedUntil().orElseThrow())) {
                lapsed.add(new TaskEvent.Returned(
                        t.id(), t.claimedBy().orElseThrow(), t.claimedUntil().orElseThrow()));
            }
        }
        for (int from = 0; from < lapsed.size(); from += EventStore.MAX_BATCH) {
            List<TaskEvent.Returned> batch = lapsed.subList(from, Math.min(lapsed.size(), from + EventStore.MAX_BATCH));
            store.append(
                    batch.stream().map(r -> NewEvent.of("task/" + r.task(), r)).toList());
            batch.forEach(this::apply);
        }
        forget(now);
        return lapsed.size();
    }

    private void forget(Instant now) {
        Instant horizon = now.minus(MEMORY);
        byId.values().removeIf(t -> t.completed().map(c -> c.isBefore(horizon)).orElse(false));
    }

    private byte[] randomBytes() {
        byte[] bytes = new byte[8];
        random.nextBytes(bytes);
        return bytes;
    }
}
