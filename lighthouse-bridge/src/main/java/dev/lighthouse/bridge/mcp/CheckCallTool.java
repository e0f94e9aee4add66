package dev.lighthouse.bridge.mcp;

import dev.lighthouse.bridge.auth.Permission;
import dev.lighthouse.bridge.decision.BadCall;
import dev.lighthouse.bridge.decision.DecisionPipeline;
import dev.lighthouse.bridge.decision.Submission;
import dev.lighthouse.bridge.mcp.InputSchema.Param;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/** {@code check_call}: what the bridge would decide about a tool call, judged by the live policy, not recorded. */
final class CheckCallTool {
    private CheckCallTool() {}

    record Arguments(String tool, JsonNode input, String cwd, Optional<String> project, Optional<String> session) {}

    /**
     * @param decision the policy's verdict: allow, review or deny
     * @param answer what the agent's hook would hear: allow, unmatched (allowed by default), review or deny
     */
    record Verdict(
            String decision,
            String answer,
            String reason,
            String risk,
            List<String> rules,
            Optional<String> suggestion,
            String policy,
            boolean recorded) {}

    private static final List<String> FIELDS = List.of("tool", "cwd", "project", "session");

    static McpTool<Arguments> tool(McpServices services) {
        return new McpTool<>(
                "check_call",
                """
                Asks Lighthouse what it would decide about a tool call before you make it, without making or \
                recording it. Give the tool name as your hooks send it (Bash, Write, Edit, Read, or an MCP tool \
                such as mcp__github__create_issue), its input as a JSON object (for Bash: {"command": "..."}; for \
                Write: {"file_path": "...", "content": "..."}), and the absolute working directory. Returns the \
                decision (allow, review or deny), the reason, the matching rules and a safer alternative when the \
                policy offers one. Use it to choose a command the policy allows instead of being denied.""",
                Permission.READ,
                InputSchema.of(
                        Param.text("tool", "The tool's name, e.g. Bash, Write, Edit, Read.", 200)
                                .mandatory(),
                        Param.object(
                                        "input",
                                        "The tool's input, as the agent would send it, e.g. {\"command\": \"ls\"}.")
                                .mandatory(),
                        Param.text("cwd", "The absolute directory the call would run in.", 4096)
                                .mandatory(),
                        Param.text("project", "The project's absolute root (default: cwd).", 4096),
                        Param.text("session", "Your agent session's id, if the policy should see it.", 512)),
                Arguments.class,
                (caller, args) -> {
                    absolute("cwd", args.cwd());
                    args.project().ifPresent(p -> absolute("project", p));
                    DecisionPipeline.Preview preview;
                    try {
                        preview = services.pipeline()
                                .preview(
                                        caller.who(),
                                        new Submission(
                                                args.session().orElse(""),
                                                args.cwd(),
                                                args.tool(),
                                                args.input(),
                                                args.project(),
                                                Optional.empty()));
                    } catch (BadCall e) {
                        String first = e.getMessage().split(" ", 2)[0];
                        throw new InvalidArgument(FIELDS.contains(first) ? first : "input", e.getMessage());
                    }
                    return new Verdict(
                            preview.decision().verdict().label(),
                            DecisionPipeline.answerLabel(preview.answer()),
                            preview.answer().reason(),
                            preview.decision().risk().label(),
                            preview.decision().ruleIds(),
                            preview.decision().suggestion(),
                            preview.decision().policy().name() + " "
                                    + preview.decision().policy().hash(),
                            false);
                });
    }

    private static void absolute(String field, String text) {
        try {
            if (Path.of(text).isAbsolute()) {
                return;
            }
        } catch (InvalidPathException e) {
            // reported below
        }
        throw new InvalidArgument(field, "must be an absolute path, got \"%s\"".formatted(text));
    }
}
