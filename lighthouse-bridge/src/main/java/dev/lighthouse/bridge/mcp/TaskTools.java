package dev.lighthouse.bridge.mcp;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.lighthouse.bridge.auth.Permission;
import dev.lighthouse.bridge.auth.Principal;
import dev.lighthouse.bridge.mcp.InputSchema.Param;
import dev.lighthouse.coordination.expert.ExpertRegistry;
import dev.lighthouse.coordination.task.Task;
import dev.lighthouse.coordination.task.TaskRefusal;
import dev.lighthouse.coordination.task.TaskStatus;
import dev.lighthouse.coordination.task.Tasks;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * {@code task_dispatch}, {@code task_claim}, {@code task_complete}, {@code task_list} and {@code expert_register}:
 * work queued for a capability, claimed by one agent that has it, with the rules of {@code /v1/tasks} and
 * {@code /v1/experts}. The experts registered here are the ones the review board asks (one registry).
 */
final class TaskTools {
    private static final int MAX_ID_CHARS = 100;
    private static final int MAX_TITLE_CHARS = 500;

    private TaskTools() {}

    record DispatchArguments(String capability, String title, Optional<JsonNode> payload) {}

    record ClaimArguments(
            Optional<String> task,
            Optional<String> capability,
            @JsonProperty("claim_seconds") Optional<Long> claimSeconds) {}

    record CompleteArguments(String task, JsonNode result) {}

    record ListArguments(Optional<String> capability, Optional<String> status) {}

    record RegisterArguments(List<String> capabilities) {}

    record Shown(Task task) {}

    record TaskList(List<Task> tasks) {}

    static List<McpTool<?>> all(McpServices services) {
        return List.of(dispatch(services), claim(services), complete(services), list(services), register(services));
    }

    static McpTool<DispatchArguments> dispatch(McpServices services) {
        Tasks tasks = services.tasks();
        return new McpTool<>(
                "task_dispatch",
                """
                Queues work for whoever has a capability (an agent that registered it with expert_register): a \
                title saying what to do and an optional payload object with the details. One agent claims it \
                (task_claim) and completes it with a result (task_complete); follow it with task_list. Returns \
                the task with its id.""",
                Permission.READ,
                InputSchema.of(
                        Param.text("capability", "The capability the work needs, e.g. security-review.", 64)
                                .mandatory(),
                        Param.text("title", "What to do, in a line.", MAX_TITLE_CHARS)
                                .mandatory(),
                        Param.object("payload", "The details, as a JSON object.")),
                DispatchArguments.class,
                (caller, args) -> {
                    Principal who = ElicitTools.agent(caller);
                    return new Shown(shown(tasks.dispatch(
                            who.name(), new Tasks.Dispatch(args.capability(), args.title(), args.payload()))));
                });
    }

    static McpTool<ClaimArguments> claim(McpServices services) {
        Tasks tasks = services.tasks();
        return new McpTool<>(
                "task_claim",
                """
                Claims a queued task so that you alone work on it: the task by id, else the oldest queued one of \
                capability, else the oldest for any capability you registered. The claim lasts claim_seconds \
                (default %d, at most %d); if you do not complete it by then it returns to the queue. Returns the \
                claimed task with its payload.""".formatted(Tasks.DEFAULT_CLAIM.toSeconds(), Tasks.MAX_CLAIM.toSeconds()),
                Permission.READ,
                InputSchema.of(
                        Param.text("task", "This task's id.", MAX_ID_CHARS),
                        Param.text("capability", "Else the oldest queued task of this capability.", 64),
                        Param.whole("claim_seconds", "How long the claim lasts.", 1, Tasks.MAX_CLAIM.toSeconds())),
                ClaimArguments.class,
                (caller, args) -> {
                    Principal who = ElicitTools.agent(caller);
                    return new Shown(shown(tasks.claim(
                            who.name(),
                            new Tasks.Claim(
                                    args.task(),
                                    args.capability(),
                                    args.claimSeconds().map(Duration::ofSeconds)))));
                });
    }

    static McpTool<CompleteArguments> complete(McpServices services) {
        Tasks tasks = services.tasks();
        return new McpTool<>(
                "task_complete",
                """
                Completes a task you claimed, with its result (a JSON object the dispatcher reads with \
                task_list). Only the current claimer may complete it. Returns the completed task.""",
                Permission.READ,
                InputSchema.of(
                        Param.text("task", "The task's id.", MAX_ID_CHARS).mandatory(),
                        Param.object("result", "What came of it, as a JSON object.")
                                .mandatory()),
                CompleteArguments.class,
                (caller, args) -> {
                    Principal who = ElicitTools.agent(caller);
                    return new Shown(shown(tasks.complete(who.name(), args.task(), args.result())));
                });
    }

    static McpTool<ListArguments> list(McpServices services) {
        Tasks tasks = services.tasks();
        List<String> statuses =
                Arrays.stream(TaskStatus.values()).map(TaskStatus::label).toList();
        return new McpTool<>(
                "task_list",
                """
                Lists tasks, oldest first: each one's id, capability, title, payload, who dispatched it, status \
                (queued, claimed, completed), the claimer and until when, and the result once completed. Filter \
                by capability or status.""",
                Permission.READ,
                InputSchema.of(
                        Param.text("capability", "Only tasks of this capability.", 64),
                        Param.choice("status", "Only tasks in this state.", statuses)),
                ListArguments.class,
                (caller, args) -> {
                    ElicitTools.agent(caller);
                    Optional<TaskStatus> status = args.status()
                            .flatMap(label -> Arrays.stream(TaskStatus.values())
                                    .filter(s -> s.label().equals(label))
                                    .findFirst());
                    return new TaskList(tasks.list(args.capability(), status));
                });
    }

    static McpTool<RegisterArguments> register(McpServices services) {
        ExpertRegistry experts = services.experts();
        return new McpTool<>(
                "expert_register",
                """
                Registers the capabilities you offer from now on (replacing any earlier list; [] withdraws): tasks \
                dispatched for them can be claimed by you, and reviews routed to them are yours to vote on, as \
                for any expert. Returns your capabilities as registered.""",
                Permission.READ,
                InputSchema.of(Param.texts(
                                "capabilities",
                                "Capability names, e.g. [\"security-review\"].",
                                ExpertRegistry.MAX_CAPABILITIES,
                                64)
                        .mandatory()),
                RegisterArguments.class,
                (caller, args) -> {
                    Principal who = ElicitTools.agent(caller);
                    Set<String> wanted = new LinkedHashSet<>(args.capabilities());
                    experts.register(who.name(), wanted).ifPresent(refusal -> {
                        throw new InvalidArgument(refusal.field(), refusal.reason());
                    });
                    return experts.expert(who.name());
                });
    }

    /** The task, or the domain's refusal: bad input as the field at fault, the rest as a tool error. */
    private static Task shown(Tasks.Outcome outcome) {
        return switch (outcome) {
            case Task t -> t;
            case TaskRefusal.InvalidArgument a -> throw new InvalidArgument(a.field(), a.reason());
            case TaskRefusal.UnknownTask r -> throw new ToolRefusal("unknown_task", r.message());
            case TaskRefusal.NotCapable r -> throw new ToolRefusal("not_capable", r.message());
            case TaskRefusal.AlreadyClaimed r -> throw new ToolRefusal("already_claimed", r.message());
            case TaskRefusal.AlreadyCompleted r -> throw new ToolRefusal("already_completed", r.message());
            case TaskRefusal.NotTheClaimer r -> throw new ToolRefusal("not_the_claimer", r.message());
            case TaskRefusal.NothingQueued r -> throw new ToolRefusal("nothing_queued", r.message());
            case TaskRefusal.QueueFull r -> throw new ToolRefusal("queue_full", r.message());
            case TaskRefusal.TooLarge r -> throw new ToolRefusal("too_large", r.message());
        };
    }
}
