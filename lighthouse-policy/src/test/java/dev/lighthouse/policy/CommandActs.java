package dev.lighthouse.policy;

import dev.lighthouse.policy.call.ToolCall;
import dev.lighthouse.policy.call.ToolInput;
import dev.lighthouse.policy.facts.Act;
import dev.lighthouse.policy.facts.Op;
import dev.lighthouse.policy.facts.Signal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A shell command's facts as the command reader's table tests read them: run in the project {@code
 * /home/dev/project} by the user whose home is {@code /home/dev}, under the default policy.
 */
final class CommandActs {
    private static final Path HOME = Path.of("/home/dev");
    private static final Path PROJECT = Path.of("/home/dev/project");
    private static final Policy POLICY = Policies.defaultPolicy();

    private CommandActs() {}

    static List<Act> acts(String command) {
        return POLICY.facts(call(command)).acts();
    }

    static Decision decide(String command) {
        return POLICY.decide(call(command), Instant.EPOCH);
    }

    /** The operations of the command's acts of {@code program}: {@code KIND /resolved/path}, {@code -r} if recursive. */
    static String ops(String command, String program) {
        return acts(command).stream()
                .filter(a -> a.program().equals(program))
                .flatMap(a -> a.ops().stream())
                .map(CommandActs::op)
                .collect(Collectors.joining("; "));
    }

    static boolean signals(String command, Signal signal) {
        return acts(command).stream().anyMatch(a -> a.signals().contains(signal));
    }

    private static String op(Op op) {
        return op.kind() + " " + op.target().resolved() + (op.recursive() ? " -r" : "");
    }

    private static ToolCall call(String command) {
        return ToolCall.of(new ToolInput.Bash(command), PROJECT, HOME);
    }
}
