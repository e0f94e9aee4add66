package dev.lighthouse.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lighthouse.policy.call.ToolCall;
import dev.lighthouse.policy.call.ToolInput;
import java.nio.file.Path;
import java.time.Instant;

/**
 * A shell command as the table tests write it: run in the project {@code /home/dev/app} by the user whose home is
 * {@code /home/dev}, decided by the default policy or a given one.
 */
final class ShellCalls {
    static final Path HOME = Path.of("/home/dev");
    static final Path PROJECT = Path.of("/home/dev/app");
    private static final Policy DEFAULT = Policies.defaultPolicy();

    private ShellCalls() {}

    static Decision decide(String command) {
        return decide(DEFAULT, command);
    }

    static Decision decide(Policy policy, String command) {
        return policy.decide(ToolCall.of(new ToolInput.Bash(command), PROJECT, HOME), Instant.EPOCH);
    }

    /**
     * Asserts the default policy's verdict ({@code allow}, {@code review}, {@code deny}) and whether the call is
     * recognised as safe ({@code true}, {@code false}, or {@code any} where only the verdict matters).
     */
    static void check(String command, String verdict, String recognised) {
        Decision d = decide(command);
        assertThat(d.verdict().label()).as("%s: %s", command, d.reasons()).isEqualTo(verdict);
        if (!recognised.equals("any")) {
            assertThat(d.recognised()).as("recognised: %s", command).isEqualTo(Boolean.parseBoolean(recognised));
        }
    }

    /** {@code recognised}, or the verdict's label when the call is not recognised as safe. */
    static String answer(String command) {
        Decision d = decide(command);
        return d.recognised() ? "recognised" : d.verdict().label();
    }
}
