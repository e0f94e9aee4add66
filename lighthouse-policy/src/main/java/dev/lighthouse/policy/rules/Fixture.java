package dev.lighthouse.policy.rules;

import static java.util.Objects.requireNonNull;

import dev.lighthouse.policy.call.ToolCall;
import dev.lighthouse.policy.call.ToolInput;
import dev.lighthouse.policy.verdict.Verdict;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A test case of a policy file: a call and the decision it must get.
 *
 * @param name what the case is about (defaults to the command or path)
 * @param input the call's input
 * @param cwd the working directory, if not the tester's default
 * @param expect the expected decision
 * @param expectRule a rule id that must be among the reasons, if given
 * @param expectRoute the review route the call must go by, if given ({@code route:} in the file)
 * @param origin {@code file:line} of the case
 */
public record Fixture(
        String name,
        ToolInput input,
        Optional<String> cwd,
        Verdict expect,
        Optional<String> expectRule,
        Optional<String> expectRoute,
        String origin) {
    /** The working directory and project of a case that names none. */
    public static final Path DEFAULT_CWD = Path.of("/home/dev/app");

    /** The home directory every case is judged with. */
    public static final Path DEFAULT_HOME = Path.of("/home/dev");

    public Fixture {
        requireNonNull(name, "name");
        requireNonNull(input, "input");
        requireNonNull(cwd, "cwd");
        requireNonNull(expect, "expect");
        requireNonNull(expectRule, "expectRule");
        requireNonNull(expectRoute, "expectRoute");
        requireNonNull(origin, "origin");
    }

    /** A case that does not check the route. */
    public Fixture(
            String name,
            ToolInput input,
            Optional<String> cwd,
            Verdict expect,
            Optional<String> expectRule,
            String origin) {
        this(name, input, cwd, expect, expectRule, Optional.empty(), origin);
    }

    /** The case as a call of agent {@code policy-test}, in its working directory (also its project). */
    public ToolCall call() {
        Path dir = cwd.map(Path::of).orElse(DEFAULT_CWD);
        return new ToolCall("policy-test", "", input, dir, dir, DEFAULT_HOME);
    }
}
