package dev.lighthouse.bridge.review;

import static java.util.Objects.requireNonNull;

import dev.lighthouse.policy.call.ToolCall;
import dev.lighthouse.policy.facts.Act;
import dev.lighthouse.policy.facts.FactExtractor;
import dev.lighthouse.policy.facts.Facts;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/**
 * What a temporary approval covers: calls of one agent with the same tool, and for shell commands the same
 * programs and subcommands ({@code terraform apply}, {@code kubectl rollout}), whatever their other arguments. A call
 * of another tool is covered only when its input is identical. The policy still runs first: an approval turns a
 * review into an allow, never a deny.
 *
 * @param agent the agent the approval is for
 * @param tool the tool name
 * @param commands {@code program subcommand} of every effective shell command, sorted; empty for other tools
 * @param inputSha256 for other tools: the SHA-256 of the input's JSON text; empty for shell commands
 */
public record CallPattern(String agent, String tool, List<String> commands, String inputSha256) {
    private static final FactExtractor FACTS = new FactExtractor(Set.of(), List.of());

    public CallPattern {
        requireNonNull(agent, "agent");
        requireNonNull(tool, "tool");
        commands = List.copyOf(commands);
        requireNonNull(inputSha256, "inputSha256");
    }

    /** The pattern a call belongs to. */
    public static CallPattern of(ToolCall call, JsonNode input) {
        Facts facts = FACTS.extract(call);
        if (!call.input().tool().equals("Bash")) {
            return new CallPattern(call.agent(), call.input().tool(), List.of(), sha256(input.toString()));
        }
        TreeSet<String> commands = new TreeSet<>();
        for (Act act : facts.acts()) {
            commands.add((act.program() + " " + act.subcommand()).strip());
        }
        return new CallPattern(call.agent(), "Bash", List.copyOf(commands), "");
    }

    /** Whether {@code call} is covered: same agent and tool, and only commands this pattern names. */
    public boolean covers(CallPattern call) {
        return agent.equals(call.agent())
                && tool.equals(call.tool())
                && inputSha256.equals(call.inputSha256())
                && !call.commands().isEmpty() == !commands.isEmpty()
                && commands.containsAll(call.commands());
    }

    /** One line for people: {@code Bash: terraform apply} or {@code Write (same input)}. */
    public String describe() {
        return commands.isEmpty() ? tool + " (same input)" : tool + ": " + String.join(", ", commands);
    }

    /** The identity of a call for "retry the same call": agent, tool, input and working directory. */
    static String fingerprint(ToolCall call, JsonNode input) {
        return sha256(call.agent() + "\n" + call.input().tool() + "\n" + call.cwd() + "\n" + input);
    }

    static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
