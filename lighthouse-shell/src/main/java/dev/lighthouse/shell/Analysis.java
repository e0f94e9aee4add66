package dev.lighthouse.shell;

import dev.lighthouse.shell.syntax.Problem;
import dev.lighthouse.shell.syntax.Script;
import java.util.List;

/**
 * The result of {@link ShellAnalyser#analyse}: the syntax tree and the effective commands.
 *
 * @param source the text analysed (cut to {@link Limits#maxInputChars()})
 * @param script the syntax tree (best effort when incomplete)
 * @param commands every command the line would execute, including those inside substitutions, {@code bash -c}
 *     strings, {@code eval}, here-documents fed to shells, decoded payloads and function bodies; in source order, a
 *     substitution's commands before the command that uses its output, a shell before the code it runs
 * @param incomplete true if anything was not understood (syntax error, unterminated quote, a limit hit); policy
 *     should treat such lines with care
 * @param problems what was not understood, and where
 */
public record Analysis(
        String source, Script script, List<Command> commands, boolean incomplete, List<Problem> problems) {
    public Analysis {
        commands = List.copyOf(commands);
        problems = List.copyOf(problems);
    }

    /** The effective commands running {@code program} (normalised name). */
    public List<Command> commandsNamed(String program) {
        return commands.stream().filter(c -> c.program().equals(program)).toList();
    }
}
