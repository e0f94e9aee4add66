package dev.lighthouse.bridge.sla;

import dev.lighthouse.alert.Alert;
import dev.lighthouse.alert.Alerts;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps what the monitor raised, as {@code trigger sla/p99_latency} lines, in order. */
final class RecordingAlerts implements Alerts {
    final List<String> raised = new CopyOnWriteArrayList<>();

    @Override
    public void trigger(Alert alert) {
        raised.add("trigger " + alert.dedupKey());
    }

    @Override
    public void resolve(Alert alert) {
        raised.add("resolve " + alert.dedupKey());
    }
}
