package dev.lighthouse.bridge.http;

import static java.util.Objects.requireNonNull;

import dev.lighthouse.events.EventStore;
import dev.lighthouse.events.EventStoreException;
import dev.lighthouse.events.EventType;
import dev.lighthouse.events.NewEvent;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Records calls the bridge refused before deciding them (credentials, permissions, rate limits, bodies) as {@code
 * call.refused} events: one event per caller, reason and second, with the count, so a flood of refused calls costs
 * the store one event a second per caller and reason, never one per call.
 *
 * <p>Thread-safe: {@link #record} only counts; a single background thread appends each second's counts once that
 * second is over. {@link #close()} appends what is left.
 */
final class RefusedCalls implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RefusedCalls.class);
    static final EventType CALL_REFUSED = new EventType("call.refused");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The payload of a {@code call.refused} event. */
    record Refusal(String agent, String reason, Instant second, long count) {}

    private record Key(String agent, String reason, long second) {}

    private final EventStore store;
    private final Clock clock;
    private final Map<Key, LongAdder> counts = new ConcurrentHashMap<>();
    private final ScheduledExecutorService flusher;

    RefusedCalls(EventStore store, Clock clock) {
        this.store = requireNonNull(store, "store");
        this.clock = requireNonNull(clock, "clock");
        this.flusher = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("refused-calls").daemon().factory());
        flusher.scheduleWithFixedDelay(() -> flush(false), 1, 1, TimeUnit.SECONDS);
    }

    /** Counts one refused call of {@code agent} ({@code "(unauthenticated)"} when unknown) for {@code reason}. */
    void record(String agent, String reason) {
        long second = clock.instant().getEpochSecond();
        counts.computeIfAbsent(new Key(agent, reason, second), k -> new LongAdder())
                .increment();
    }

    private void flush(boolean all) {
        long now = clock.instant().getEpochSecond();
        List<NewEvent> events = new ArrayList<>();
        for (Key key : List.copyOf(counts.keySet())) {
            if (!all && key.second() >= now) {
                continue;
            }
            LongAdder count = counts.remove(key);
            if (count != null) {
                Refusal refusal =
                        new Refusal(key.agent(), key.reason(), Instant.ofEpochSecond(key.second()), count.sum());
                events.add(NewEvent.byAgent(
                        CALL_REFUSED, "refused/" + key.agent(), key.agent(), JSON.valueToTree(refusal)));
            }
        }
        if (events.isEmpty()) {
            return;
        }
        try {
            store.append(events);
        } catch (EventStoreException | IllegalArgumentException e) {
            LOG.warn("cannot record {} refused-call events: {}", events.size(), e.getMessage());
        }
    }

    @Override
    public void close() {
        flusher.shutdownNow();
        flush(true);
    }
}
