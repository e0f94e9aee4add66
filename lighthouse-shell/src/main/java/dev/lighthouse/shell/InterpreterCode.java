package dev.lighthouse.shell;

import java.util.List;

/**
 * Code a shell or interpreter would run.
 *
 * @param language the interpreter's normalised name: {@code bash}, {@code sh}, {@code python}, {@code perl},
 *     {@code node}, {@code ruby}, {@code php}...
 * @param text the code, when known (literal argument, here-document, literal or decoded payload); empty if unknown
 * @param source where it comes from
 * @param feeders the commands whose output becomes the code ({@code curl} in {@code curl x | sh}); empty otherwise
 * @param findings what the heuristic scan found; for shell code the nested commands also appear as effective
 *     commands of the analysis
 */
public record InterpreterCode(
        String language, String text, CodeSource source, List<Command> feeders, List<Finding> findings) {
    public InterpreterCode {
        feeders = List.copyOf(feeders);
        findings = List.copyOf(findings);
    }

    public boolean known() {
        return !text.isEmpty();
    }
}
