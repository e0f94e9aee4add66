package dev.lighthouse.bridge.http;

import dev.lighthouse.bridge.auth.Permission;
import dev.lighthouse.bridge.sla.SlaMonitor;
import dev.lighthouse.bridge.sla.SlaThreshold;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

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
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        ArrayNode thresholds = body.putArray("thresholds");
        for (SlaMonitor.Status s : monitor.statuses()) {
            SlaThreshold t = s.threshold();
            ObjectNode o = thresholds.addObject();
            o.put("id", t.id());
            o.put("title", t.measure().title());
            if (Double.isNaN(s.value())) {
                o.putNull("value");
            } else {
                o.put("value", Math.round(s.value() * 1000) / 1000.0);
            }
            o.put("limit", t.limit());
            o.put("unit", t.measure().unit());
            o.put("violatedWhen", t.measure().floor() ? "below" : "above");
            o.put("windowSeconds", t.window().toSeconds());
            o.put("graceSeconds", t.grace().toSeconds());
            o.put("state", s.state().label());
            o.put("since", s.since().toString());
            o.put("severity", t.severity().label());
            o.put("rollback", t.rollback());
            o.put("enabled", t.enabled());
        }
        Responses.json(res, 200, body);
    }
}
