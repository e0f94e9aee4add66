package dev.lighthouse.bridge.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.lighthouse.bridge.auth.Permission;
import dev.lighthouse.bridge.sla.SlaMonitor;
import dev.lighthouse.bridge.sla.SlaThreshold;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.List;

/** {@code GET /v1/sla}: every SLA threshold's measured value, limit, window and state as of the last tick. */
final class SlaApi {
    private final Gate gate;
    private final SlaMonitor monitor;

    SlaApi(Gate gate, SlaMonitor monitor) {
        this.gate = gate;
        this.monitor = monitor;
    }

    void routes(HttpRouting.Builder routing) {
        routing.get("/v1/sla", this::list);
    }

    private void list(ServerRequest req, ServerResponse res) {
        gate.admit(req, Permission.READ);
        Responses.json(
                res,
                200,
                new SlaBody(monitor.statuses().stream().map(ThresholdBody::of).toList()));
    }

    private record SlaBody(List<ThresholdBody> thresholds) {}

    /** One threshold as {@code GET /v1/sla} shows it; {@code value} is null when nothing was measured. */
    private record ThresholdBody(
            String id,
            String title,
            @JsonInclude(JsonInclude.Include.ALWAYS) Double value,
            double limit,
            String unit,
            String violatedWhen,
            long windowSeconds,
            long graceSeconds,
            String state,
            String since,
            long activeSessions,
            String severity,
            boolean rollback,
            boolean enabled) {
        static ThresholdBody of(SlaMonitor.Status s) {
            SlaThreshold t = s.threshold();
            return new ThresholdBody(
                    t.id(),
                    t.measure().title(),
                    Double.isNaN(s.value()) ? null : Math.round(s.value() * 1000) / 1000.0,
                    t.limit(),
                    t.measure().unit(),
                    t.measure().floor() ? "below" : "above",
                    t.window().toSeconds(),
                    t.grace().toSeconds(),
                    s.state().label(),
                    s.since().toString(),
                    s.activeSessions(),
                    t.severity().label(),
                    t.rollback(),
                    t.enabled());
        }
    }
}
