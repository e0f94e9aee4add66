package dev.lighthouse.bridge.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.lighthouse.bridge.auth.Permission;
import dev.lighthouse.bridge.auth.Principal;
import dev.lighthouse.coordination.expert.ExpertRegistry;
import dev.lighthouse.coordination.task.Task;
import dev.lighthouse.coordination.task.TaskRefusal;
import dev.lighthouse.coordination.task.TaskStatus;
import dev.lighthouse.coordination.task.Tasks;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Tasks and agent experts over plain HTTP: {@code POST /v1/tasks} (dispatch), {@code POST /v1/tasks/claim},
 * {@code POST /v1/tasks/{id}/complete}, {@code GET /v1/tasks[?capability=C][&status=S]}, {@code GET /v1/tasks/{id}};
 * {@code POST /v1/experts} (register the caller's capabilities), {@code GET /v1/experts}. Every one needs a token with
 * the read permission (agents, experts, people; not the tokenless loopback caller).
 *
 * <p>{@link Tasks} and {@link ExpertRegistry} answer records and refusals; this class alone maps them to HTTP.
 */
final class TasksApi {
    private final Gate gate;
    private final CoordinationBodies bodies;
    private final Tasks tasks;
    private final ExpertRegistry experts;

    TasksApi(Gate gate, CoordinationBodies bodies, Tasks tasks, ExpertRegistry experts) {
        this.gate = gate;
        this.bodies = bodies;
        this.tasks = tasks;
        this.experts = experts;
    }

    /** {@code POST /v1/tasks}. */
    record DispatchBody(String capability, String title, Optional<JsonNode> payload) {}

    /** {@code POST /v1/tasks/claim}: a task by id, else the oldest of a capability, else of any of the caller's. */
    record ClaimBody(
            Optional<String> task,
            Optional<String> capability,
            @JsonProperty("claim_seconds") Optional<Long> claimSeconds) {}

    /** {@code POST /v1/tasks/{id}/complete}. */
    record CompleteBody(JsonNode result) {}

    /** {@code POST /v1/experts}: exactly the capabilities the caller offers from now on. */
    record RegisterBody(Set<String> capabilities) {}

    record TaskList(List<Task> tasks) {}

    record ExpertList(List<ExpertRegistry.Expert> experts) {}

    void routes(HttpRouting.Builder routing) {
        routing.post("/v1/tasks", this::dispatch)
                .post("/v1/tasks/claim", this::claim)
                .get("/v1/tasks", this::list)
                .get("/v1/tasks/{id}", this::show)
                .post("/v1/tasks/{id}/complete", this::complete)
                .post("/v1/experts", this::register)
                .get("/v1/experts", this::experts);
    }

    private void dispatch(ServerRequest req, ServerResponse res) {
        Principal who = gate.admit(req, Permission.READ);
        DispatchBody body = bodies.read(req, DispatchBody.class);
        answer(
                res,
                201,
                tasks.dispatch(who.name(), new Tasks.Dispatch(body.capability(), body.title(), body.payload())));
    }

    private void claim(ServerRequest req, ServerResponse res) {
        Principal who = gate.admit(req, Permission.READ);
        ClaimBody body = bodies.read(req, ClaimBody.class);
        answer(
                res,
                200,
                tasks.claim(
                        who.name(),
                        new Tasks.Claim(
                                body.task(),
                                body.capability(),
                                body.claimSeconds().map(Duration::ofSeconds))));
    }

    private void complete(ServerRequest req, ServerResponse res) {
        Principal who = gate.admit(req, Permission.READ);
        CompleteBody body = bodies.read(req, CompleteBody.class);
        answer(res, 200, tasks.complete(who.name(), req.path().pathParameters().get("id"), body.result()));
    }

    private void show(ServerRequest req, ServerResponse res) {
        gate.admit(req, Permission.READ);
        String id = req.path().pathParameters().get("id");
        Task task = tasks.get(id).orElseThrow(() -> refusal(new TaskRefusal.UnknownTask(id)));
        Responses.json(res, 200, task);
    }

    private void list(ServerRequest req, ServerResponse res) {
        gate.admit(req, Permission.READ);
        Optional<TaskStatus> status = req.query().first("status").asOptional().map(TasksApi::status);
        Responses.json(
                res,
                200,
                new TaskList(tasks.list(req.query().first("capability").asOptional(), status)));
    }

    private void register(ServerRequest req, ServerResponse res) {
        Principal who = gate.admit(req, Permission.READ);
        RegisterBody body = bodies.read(req, RegisterBody.class);
        if (body.capabilities() == null) {
            throw new CoordinationBodies.BadField(
                    400,
                    "invalid_argument",
                    "capabilities",
                    "required: a list of capability names ([] withdraws)",
                    "capabilities: required, a list of capability names ([] withdraws the registration)");
        }
        Optional<ExpertRegistry.Refusal> refused = experts.register(who.name(), body.capabilities());
        if (refused.isPresent()) {
            throw new CoordinationBodies.BadField(
                    400,
                    "invalid_argument",
                    refused.get().field(),
                    refused.get().reason(),
                    "%s: %s".formatted(refused.get().field(), refused.get().reason()));
        }
        Responses.json(res, 200, experts.expert(who.name()));
    }

    private void experts(ServerRequest req, ServerResponse res) {
        gate.admit(req, Permission.READ);
        Responses.json(res, 200, new ExpertList(experts.registered()));
    }

    private static TaskStatus status(String text) {
        return Arrays.stream(TaskStatus.values())
                .filter(s -> s.label().equals(text))
                .findFirst()
                .orElseThrow(() -> new CoordinationBodies.BadField(
                        400,
                        "bad_request",
                        "status",
                        "expected queued, claimed or completed",
                        "status must be queued, claimed or completed, got \"%s\"".formatted(text)));
    }

    private static void answer(ServerResponse res, int status, Tasks.Outcome outcome) {
        switch (outcome) {
            case Task t -> Responses.json(res, status, t);
            case TaskRefusal r -> CoordinationBodies.refused(res, refusal(r));
        }
    }

    /** The HTTP form of a refusal: its status, code, and the field it is about. */
    private static CoordinationBodies.BadField refusal(TaskRefusal r) {
        return switch (r) {
            case TaskRefusal.InvalidArgument a ->
                new CoordinationBodies.BadField(400, "invalid_argument", a.field(), a.reason(), r.message());
            case TaskRefusal.UnknownTask _ -> new CoordinationBodies.BadField(404, "unknown_task", "", "", r.message());
            case TaskRefusal.NotCapable _ ->
                new CoordinationBodies.BadField(
                        403, "not_capable", "capability", "not among the caller's capabilities", r.message());
            case TaskRefusal.AlreadyClaimed _ ->
                new CoordinationBodies.BadField(409, "already_claimed", "", "", r.message());
            case TaskRefusal.AlreadyCompleted _ ->
                new CoordinationBodies.BadField(409, "already_completed", "", "", r.message());
            case TaskRefusal.NotTheClaimer _ ->
                new CoordinationBodies.BadField(409, "not_the_claimer", "", "", r.message());
            case TaskRefusal.NothingQueued _ ->
                new CoordinationBodies.BadField(404, "nothing_queued", "", "", r.message());
            case TaskRefusal.QueueFull _ -> new CoordinationBodies.BadField(409, "queue_full", "", "", r.message());
            case TaskRefusal.TooLarge t ->
                new CoordinationBodies.BadField(413, "too_large", "", t.detail(), r.message());
        };
    }
}
