package dev.lighthouse.alert;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.lighthouse.events.EventPayload;
import dev.lighthouse.events.EventStore;
import dev.lighthouse.events.EventStoreException;
import dev.lighthouse.events.EventType;
import dev.lighthouse.events.NewEvent;
import dev.lighthouse.retry.Backoff;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Delivers alerts to every configured {@link AlertSink}, off the caller's thread.
 *
 * <p>Design: one lane per sink, each a bounded queue drained by its own virtual thread, so a slow or failing receiver
 * delays only its own alerts, and a trigger is always sent before the resolve that follows it. A delivery is retried
 * on network errors, 408, 429 and 5xx with {@link Backoff}; any other status is final. Each outcome is appended as an
 * {@code alert.delivered} or {@code alert.failed} event and counted in {@code lighthouse_alerts_total{sink,outcome}}.
 * When a lane's queue is full the alert is dropped, counted ({@code outcome=dropped}) and logged: callers never block.
 *
 * <p>Thread-safe.
 */
public final class AlertDispatcher implements Alerts, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AlertDispatcher.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Alerts a lane holds before it drops new ones. */
    static final int QUEUE = 1_000;

    public static final EventType DELIVERED = EventType.of("alert.delivered");
    public static final EventType FAILED = EventType.of("alert.failed");

    private final List<Lane> lanes;
    private final EventStore store;
    private final Backoff backoff;
    private final MeterRegistry registry;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * Starts one lane per sink.
     *
     * @param store where delivery outcomes are recorded
     * @param registry where {@code lighthouse_alerts_total} is counted
     */
    public AlertDispatcher(List<AlertSink> sinks, EventStore store, Backoff backoff, MeterRegistry registry) {
        this.store = requireNonNull(store, "store");
        this.backoff = requireNonNull(backoff, "backoff");
        this.registry = requireNonNull(registry, "registry");
        this.lanes = sinks.stream().map(Lane::new).toList();
    }

    private record Job(Alert alert, AlertSink.Action action) {}

    @Override
    public void trigger(Alert alert) {
        enqueue(new Job(requireNonNull(alert, "alert"), AlertSink.Action.TRIGGER));
    }

    @Override
    public void resolve(Alert alert) {
        enqueue(new Job(requireNonNull(alert, "alert"), AlertSink.Action.RESOLVE));
    }

    private void enqueue(Job job) {
        for (Lane lane : lanes) {
            if (!lane.queue.offer(job)) {
                count(lane.sink, "dropped");
                LOG.error(
                        "alert {} {} dropped for sink {}: {} alerts are already waiting",
                        job.action().label(),
                        job.alert().dedupKey(),
                        lane.sink.name(),
                        QUEUE);
            }
        }
    }

    /** Stops the lanes; alerts still queued or being retried are abandoned (the log says how many). */
    @Override
    public void close() {
        for (Lane lane : lanes) {
            lane.thread.interrupt();
            if (!lane.queue.isEmpty()) {
                LOG.warn("{} alerts for sink {} not delivered at shutdown", lane.queue.size(), lane.sink.name());
            }
        }
        http.close();
    }

    private final class Lane {
        final AlertSink sink;
        final BlockingQueue<Job> queue = new ArrayBlockingQueue<>(QUEUE);
        final Thread thread;

        Lane(AlertSink sink) {
            this.sink = sink;
            this.thread =
                    Thread.ofVirtual().name("lighthouse-alerts-" + sink.name()).start(this::run);
        }

        private void run() {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    deliver(sink, queue.take());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void deliver(AlertSink sink, Job job) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(sink.uri())
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(
                        JSON.writeValueAsBytes(sink.body(job.alert(), job.action()))))
                .build();
        Backoff.Result<Delivery> result = backoff.run(t -> send(request), Delivery::step);
        Delivery last = result.last() == null ? new Delivery(0, "no time left to try") : result.last();
        if (result instanceof Backoff.Result.Done<Delivery>) {
            record(sink, job, DELIVERED, result.attempts(), last.status(), last.outcome());
            return;
        }
        LOG.error(
                "alert {} {} not delivered to {} after {} attempts: {}",
                job.action().label(),
                job.alert().dedupKey(),
                sink.name(),
                result.attempts(),
                last.outcome());
        record(sink, job, FAILED, result.attempts(), last.status(), last.outcome());
    }

    private Delivery send(HttpRequest request) throws InterruptedException {
        try {
            int status =
                    http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            return new Delivery(status, "HTTP " + status);
        } catch (IOException e) {
            return new Delivery(0, "network error: " + e);
        }
    }

    /** What one delivery attempt came to: the HTTP status (0 when none came) and what to record. */
    private record Delivery(int status, String outcome) {
        /** A network error, 408, 429 and 5xx may pass; any other status is final. */
        Backoff.Step step() {
            if (status / 100 == 2) {
                return new Backoff.Step.Done();
            }
            boolean retryable = status == 0 || status == 408 || status == 429 || status >= 500;
            return retryable ? new Backoff.Step.Retry(Optional.empty()) : new Backoff.Step.Stop();
        }
    }

    /**
     * What {@code alert.delivered} and {@code alert.failed} record: the sink, the alert it was about, how many
     * attempts were made, the last HTTP status (0 when none came) and what the last attempt came to.
     */
    record Outcome(
            @JsonIgnore EventType eventType,
            String sink,
            String action,
            String dedupKey,
            String severity,
            String summary,
            int attempts,
            int status,
            String outcome)
            implements EventPayload {}

    private void record(AlertSink sink, Job job, EventType type, int attempts, int status, String outcome) {
        count(sink, type == DELIVERED ? "delivered" : "failed");
        Outcome payload = new Outcome(
                type,
                sink.name(),
                job.action().label(),
                job.alert().dedupKey(),
                job.alert().severity().name().toLowerCase(Locale.ROOT),
                job.alert().summary(),
                attempts,
                status,
                outcome);
        try {
            store.append(NewEvent.of("alerts", payload));
        } catch (EventStoreException e) {
            LOG.error(
                    "alert outcome not recorded ({} {} to {}: {})",
                    type,
                    job.alert().dedupKey(),
                    sink.name(),
                    outcome,
                    e);
        }
    }

    private void count(AlertSink sink, String outcome) {
        Counter.builder("lighthouse.alerts")
                .description("Alert deliveries by sink and outcome (delivered, failed, dropped)")
                .tag("sink", sink.name())
                .tag("outcome", outcome)
                .register(registry)
                .increment();
    }
}
