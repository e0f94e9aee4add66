package dev.lighthouse.policy.facts;

import java.util.List;

/**
 * Everything a policy knows about one tool call.
 *
 * @param tool the tool name
 * @param acts what the call does, one act per effective command (at least one)
 * @param incomplete the shell analysis did not understand all of the command line
 * @param problems what it did not understand
 */
public record Facts(String tool, List<Act> acts, boolean incomplete, List<String> problems) {
    public Facts {
        acts = List.copyOf(acts);
        problems = List.copyOf(problems);
    }

    /** For a decision no analysis backs (a judge without a policy): no acts, and incomplete. */
    public static Facts unanalysed(String tool) {
        return new Facts(tool, List.of(), true, List.of("the call was not analysed"));
    }
}
