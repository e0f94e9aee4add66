package dev.lighthouse.bridge.mcp;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.lighthouse.bridge.auth.Permission;
import dev.lighthouse.bridge.auth.Principal;
import dev.lighthouse.bridge.auth.Role;
import dev.lighthouse.bridge.mcp.InputSchema.Param;
import dev.lighthouse.coordination.elicit.Elicitation;
import dev.lighthouse.coordination.elicit.ElicitationRefusal;
import dev.lighthouse.coordination.elicit.ElicitationStatus;
import dev.lighthouse.coordination.elicit.Elicitations;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * {@code elicit}, {@code elicitation_list}, {@code elicitation_respond} and {@code elicitation_cancel}: one agent asks
 * another a question whose answer must fit a JSON Schema, with the rules of {@code /v1/elicitations} (only the asked
 * agent answers or declines, only the asker cancels, answers are checked against the schema, per-agent rate limits).
 */
final class ElicitTools {
    private static final int MAX_NAME_CHARS = 512;
    private static final int MAX_REASON_CHARS = 2000;
    private static final int MAX_ID_CHARS = 100;
    private static final int MAX_NONCE_CHARS = 200;

    private ElicitTools() {}

    record AskArguments(
            String to,
            String question,
            JsonNode schema,
            @JsonProperty("timeout_seconds") Optional<Long> timeoutSeconds) {}

    record ListArguments(Optional<String> status) {}

    record RespondArguments(
            String elicitation,
            String action,
            Optional<JsonNode> content,
            Optional<String> reason,
            Optional<String> nonce) {}

    record CancelArguments(String elicitation) {}

    record Shown(Elicitation elicitation) {}

    record ElicitationList(List<Elicitation> elicitations) {}

    static List<McpTool<?>> all(McpServices services) {
        return List.of(ask(services), list(services), respond(services), cancel(services));
    }

    static McpTool<AskArguments> ask(McpServices services) {
        Elicitations elicitations = services.elicitations();
        return new McpTool<>(
                "elicit",
                """
                Asks another agent (by its name, as lease holders and decisions show it) a question whose answer \
                must fit schema, a JSON Schema object (e.g. {"type":"object","properties":{"approved":\
                {"type":"boolean"}},"required":["approved"]}). The asked agent is notified on its MCP sessions, or \
                in its next hook answer, and replies with elicitation_respond. The question stays pending until \
                answered, declined, cancelled (elicitation_cancel) or timeout_seconds pass (default %d). Returns \
                the elicitation with its id; read the answer later with elicitation_list.""".formatted(elicitations.limits().defaultTimeout().toSeconds()),
                Permission.READ,
                InputSchema.of(
                        Param.text("to", "The agent to ask.", MAX_NAME_CHARS).mandatory(),
                        Param.text(
                                        "question",
                                        "The question, in a sentence or two.",
                                        elicitations.limits().maxQuestionChars())
                                .mandatory(),
                        Param.object("schema", "The JSON Schema the answer must fit.")
                                .mandatory(),
                        Param.whole(
                                "timeout_seconds",
                                "How long to wait for an answer, in seconds (at most %d)."
                                        .formatted(elicitations
                                                .limits()
                                                .maxTimeout()
                                                .toSeconds()),
                                1,
                                elicitations.limits().maxTimeout().toSeconds())),
                AskArguments.class,
                (caller, args) -> {
                    Principal who = agent(caller);
                    return new Shown(shown(elicitations.ask(
                            who.name(),
                            new Elicitations.Ask(
                                    args.to(),
                                    args.question(),
                                    args.schema(),
                                    args.timeoutSeconds().map(Duration::ofSeconds)))));
                });
    }

    static McpTool<ListArguments> list(McpServices services) {
        Elicitations elicitations = services.elicitations();
        List<String> statuses = Arrays.stream(ElicitationStatus.values())
                .map(ElicitationStatus::label)
                .toList();
        return new McpTool<>(
                "elicitation_list",
                """
                Lists the elicitations you asked or were asked, oldest first (people with a read-all role see \
                everyone's): each one's id, asker (from), asked agent (to), question, schema, status (pending, \
                accepted, declined, cancelled, expired), deadline, and the answer once accepted. Call it to find \
                questions waiting for you (status pending) and to read the answers to yours.""",
                Permission.READ,
                InputSchema.of(Param.choice("status", "Only elicitations in this state.", statuses)),
                ListArguments.class,
                (caller, args) -> {
                    Principal who = agent(caller);
                    Optional<String> involving =
                            who.role().readsEveryAgent() ? Optional.empty() : Optional.of(who.name());
                    Optional<ElicitationStatus> status = args.status()
                            .flatMap(label -> Arrays.stream(ElicitationStatus.values())
                                    .filter(s -> s.label().equals(label))
                                    .findFirst());
                    return new ElicitationList(elicitations.list(involving, status));
                });
    }

    static McpTool<RespondArguments> respond(McpServices services) {
        Elicitations elicitations = services.elicitations();
        return new McpTool<>(
                "elicitation_respond",
                """
                Answers a question another agent asked you (find them with elicitation_list, status pending): \
                action accept with content, a JSON object that must fit the question's schema (a misfit is \
                refused naming the field, and you may answer again), or action decline with an optional reason. \
                Only the asked agent may respond, once. nonce, any fresh string, guards against a response being \
                replayed; one is made up when you leave it out. Returns the elicitation as it now stands.""",
                Permission.READ,
                InputSchema.of(
                        Param.text("elicitation", "The elicitation's id.", MAX_ID_CHARS)
                                .mandatory(),
                        Param.choice("action", "accept (answer) or decline.", List.of("accept", "decline"))
                                .mandatory(),
                        Param.object("content", "With accept: the answer, fitting the question's schema."),
                        Param.text("reason", "With decline: why, in a sentence.", MAX_REASON_CHARS),
                        Param.text("nonce", "A fresh string, used once.", MAX_NONCE_CHARS)),
                RespondArguments.class,
                (caller, args) -> {
                    Principal who = agent(caller);
                    String nonce =
                            args.nonce().orElseGet(() -> UUID.randomUUID().toString());
                    if (args.action().equals("accept")) {
                        JsonNode content = args.content()
                                .orElseThrow(() -> new InvalidArgument(
                                        "content", "is required with accept: the answer, fitting the schema"));
                        return new Shown(shown(elicitations.answer(who.name(), args.elicitation(), content, nonce)));
                    }
                    if (args.content().isPresent()) {
                        throw new InvalidArgument("content", "goes with accept only; decline takes a reason");
                    }
                    return new Shown(shown(elicitations.decline(who.name(), args.elicitation(), args.reason(), nonce)));
                });
    }

    static McpTool<CancelArguments> cancel(McpServices services) {
        Elicitations elicitations = services.elicitations();
        return new McpTool<>(
                "elicitation_cancel",
                """
                Withdraws a question you asked that is still pending (the asked agent can no longer answer it). \
                Only its asker may cancel. Returns the elicitation as it now stands.""",
                Permission.READ,
                InputSchema.of(Param.text("elicitation", "The elicitation's id.", MAX_ID_CHARS)
                        .mandatory()),
                CancelArguments.class,
                (caller, args) ->
                        new Shown(shown(elicitations.cancel(agent(caller).name(), args.elicitation()))));
    }

    /** The caller, who must hold a token: a question from the anonymous loopback caller could be from anyone. */
    static Principal agent(Caller caller) {
        if (caller.who().role() == Role.LOCAL) {
            throw new ToolRefusal(
                    "unauthenticated",
                    "questions and tasks are between agents: connect with a token as `Authorization: Bearer <token>`");
        }
        return caller.who();
    }

    /** An answer that breaks the asker's schema: the first field at fault, and every problem in its reason. */
    private static InvalidArgument misfit(List<ElicitationRefusal.Violation> violations) {
        ElicitationRefusal.Violation first = violations.getFirst();
        String also = violations.stream()
                .skip(1)
                .map(x -> "; content%s: %s".formatted(x.field(), x.reason()))
                .collect(Collectors.joining());
        return new InvalidArgument(
                "content" + first.field(),
                first.reason() + also + " (the asker's schema; answer again with a content that fits)");
    }

    /** The elicitation, or the domain's refusal: bad input as the field at fault, the rest as a tool error. */
    private static Elicitation shown(Elicitations.Outcome outcome) {
        return switch (outcome) {
            case Elicitation e -> e;
            case ElicitationRefusal.InvalidArgument a -> throw new InvalidArgument(a.field(), a.reason());
            case ElicitationRefusal.SchemaViolation v -> throw misfit(v.violations());
            case ElicitationRefusal.UnknownAgent r -> throw new ToolRefusal("unknown_agent", r.message());
            case ElicitationRefusal.UnknownElicitation r -> throw new ToolRefusal("unknown_elicitation", r.message());
            case ElicitationRefusal.NotTheAskedAgent r -> throw new ToolRefusal("not_the_asked_agent", r.message());
            case ElicitationRefusal.NotTheAsker r -> throw new ToolRefusal("not_the_asker", r.message());
            case ElicitationRefusal.NotPending r -> throw new ToolRefusal("not_pending", r.message());
            case ElicitationRefusal.NonceReused r -> throw new ToolRefusal("nonce_reused", r.message());
            case ElicitationRefusal.RateLimited r -> throw new ToolRefusal("rate_limited", r.message());
            case ElicitationRefusal.TooLarge r -> throw new ToolRefusal("too_large", r.message());
        };
    }
}
