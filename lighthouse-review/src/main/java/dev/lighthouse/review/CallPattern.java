package dev.lighthouse.review;

import static java.util.Objects.requireNonNull;

import dev.lighthouse.policy.call.ToolCall;
import dev.lighthouse.policy.facts.Act;
import dev.lighthouse.policy.facts.Facts;
import dev.lighthouse.policy.verdict.Risk;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import org.apache.commons.codec.digest.DigestUtils;
import tools.jackson.databind.JsonNode;

/**
 * What a temporary approval covers: calls of one agent with the same tool, and for shell commands the same
 * programs and subcommands ({@code terraform apply}, {@code kubectl rollout}), whatever their other arguments; a
 * program without known subcommands ({@code dbtool migrate --db=staging}) only with the same arguments. A call of
 * another tool is covered only when its input is identical. Never a riskier call: its risk must be at most the
 * approved call's, and every fact the analysis found in it (signals, traits, hosts) must have been in the approved
 * call too. The policy still runs first: an approval turns a review into an allow, never a deny.
 *
 * @param agent the agent the approval is for
 * @param tool the tool name
 * @param commands {@code program subcommand} of every effective shell command, or {@code program args…} for a
 *     program without known subcommands, sorted; empty for other tools
 * @param inputSha256 for other tools: the SHA-256 of the input's JSON text; empty for shell commands
 * @param risk the policy's risk label of the approved call
 * @param facts the approved call's signals, traits ({@code trait:…}) and hosts ({@code host:…}), sorted
 */
public record CallPattern(
        String agent, String tool, List<String> commands, String inputSha256, Risk risk, List<String> facts) {
    /** Longest command a pattern keeps as text; a longer one is kept as its hash. */
    static final int MAX_COMMAND_CHARS = 512;

    public CallPattern {
        requireNonNull(agent, "agent");
        requireNonNull(tool, "tool");
        commands = List.copyOf(commands);
        requireNonNull(inputSha256, "inputSha256");
        requireNonNull(risk, "risk");
        facts = List.copyOf(facts);
    }

    /**
     * The pattern a call belongs to, from the facts and at the risk the policy judged it by, with its texts passed
     * through {@code redact}
     * (patterns are recorded and shown; a deterministic redaction still tells the same secret from another).
     */
    public static CallPattern of(ToolCall call, Facts facts, JsonNode input, Risk risk, UnaryOperator<String> redact) {
        TreeSet<String> found = new TreeSet<>();
        for (Act act : facts.acts()) {
            act.signals().forEach(sig -> found.add(sig.toString()));
            act.traits().forEach(t -> found.add("trait:" + t));
            act.hosts().forEach(h -> found.add(redact.apply("host:" + h)));
        }
        if (!call.input().tool().equals("Bash")) {
            return new CallPattern(
                    call.agent(), call.input().tool(), List.of(), sha256(input.toString()), risk, List.copyOf(found));
        }
        TreeSet<String> commands = new TreeSet<>();
        for (Act act : facts.acts()) {
            // Without known subcommands nothing says which arguments change what the program does: keep them all.
            String command = act.subcommand().isEmpty()
                    ? String.join(" ", concat(act.program(), act.args()))
                    : (act.program() + " " + act.subcommand()).strip();
            // Long arguments are kept as their hash: the same call still matches, and a review stays small.
            commands.add(
                    command.length() <= MAX_COMMAND_CHARS
                            ? redact.apply(command)
                            : act.program() + " args-sha256:" + sha256(command));
        }
        return new CallPattern(call.agent(), "Bash", List.copyOf(commands), "", risk, List.copyOf(found));
    }

    private static List<String> concat(String first, List<String> rest) {
        List<String> all = new java.util.ArrayList<>(rest.size() + 1);
        all.add(first);
        all.addAll(rest);
        return all;
    }

    /**
     * Whether {@code call} is covered: same agent and tool, only commands this pattern names, no riskier and with no
     * fact this pattern lacks.
     */
    public boolean covers(CallPattern call) {
        return agent.equals(call.agent())
                && tool.equals(call.tool())
                && inputSha256.equals(call.inputSha256())
                && !call.commands().isEmpty() == !commands.isEmpty()
                && commands.containsAll(call.commands())
                && call.risk().compareTo(risk) <= 0
                && facts.containsAll(call.facts());
    }

    /** One line for people: {@code Bash: terraform apply} or {@code Write (same input)}. */
    public String describe() {
        return commands.isEmpty() ? tool + " (same input)" : tool + ": " + String.join(", ", commands);
    }

    /** The identity of a call for "retry the same call": agent, tool, input and working directory. */
    static String fingerprint(ToolCall call, JsonNode input) {
        return fingerprint(call.agent(), call.input().tool(), call.cwd(), input);
    }

    static String fingerprint(String agent, String tool, Path cwd, JsonNode input) {
        return sha256(agent + "\n" + tool + "\n" + cwd + "\n" + input);
    }

    static String sha256(String text) {
        return DigestUtils.sha256Hex(text);
    }
}
