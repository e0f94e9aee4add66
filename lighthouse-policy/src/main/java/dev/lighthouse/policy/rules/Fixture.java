package dev.lighthouse.policy.rules;

import static java.util.Objects.requireNonNull;

import dev.lighthouse.policy.Verdict;
import dev.lighthouse.policy.call.ToolInput;
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
}
