package dev.lighthouse.shell;

import dev.lighthouse.shell.syntax.BashParser;
import dev.lighthouse.shell.syntax.ParseResult;
import dev.lighthouse.shell.syntax.Problem;
import dev.lighthouse.shell.syntax.Script;
import dev.lighthouse.shell.syntax.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Tells what a bash command line would really run: parses it ({@link BashParser}) and lists its effective commands,
 * seeing through quoting, wrappers, nested shells, interpreters and literal payloads.
 *
 * <p>Contract: pure (no I/O, no clock, no threads), thread-safe, never throws. Cost is linear in the input for
 * ordinary lines (see {@code docs/performance.md}); nesting and total work are bounded by {@link Limits}. Anything not
 * fully understood sets {@link Analysis#incomplete()} with a {@link Problem} saying where and what.
 *
 * {@snippet :
 * Analysis a = ShellAnalyser.analyse("sudo bash -c \"r\\m -rf \\$HOME\"", ShellContext.of("/work", "/home/u"));
 * Command rm = a.commandsNamed("rm").getFirst(); // rm -rf /home/u, PRIVILEGED, via [sudo, bash -c]
 * }
 */
public final class ShellAnalyser {
    private ShellAnalyser() {}

    /**
     * The programs the analysis runs as shells ({@code sh}, {@code bash}, {@code zsh}...): the one list, which the
     * policy reads rather than keeping its own.
     */
    public static Set<String> shells() {
        return Interpreters.shells();
    }

    /**
     * The programs that run code of a language of their own ({@code python}, {@code perl}, {@code node}, {@code awk},
     * {@code gdb}...), by their usual names: the one list, which the policy reads rather than keeping its own.
     */
    public static Set<String> interpreters() {
        return Interpreters.names();
    }

    /** Whether {@code program} runs code of its own language, by a usual name or a versioned one ({@code lua5.1}). */
    public static boolean isInterpreter(String program) {
        return Interpreters.isInterpreter(program);
    }

    public static Analysis analyse(String commandLine, ShellContext context) {
        String source = commandLine == null ? "" : commandLine;
        List<Problem> problems = new ArrayList<>();
        int max = context.limits().maxInputChars();
        if (source.length() > max) {
            problems.add(new Problem(
                    "input of " + source.length() + " characters cut to the limit of " + max, new Span(max, max)));
            source = source.substring(0, max);
        }
        try {
            ParseResult parsed = BashParser.parse(source, context.limits().maxNesting());
            problems.addAll(parsed.problems());
            Normaliser normaliser = new Normaliser(context, source.length());
            Scope scope = Scope.initial(context);
            String text = source;
            parsed.cutAt().ifPresent(at -> normaliser.cut(text.substring(at), new Span(at, text.length()), scope));
            normaliser.program(parsed.script().statements(), scope, Route.top(source));
            normaliser.beyondLimits();
            problems.addAll(normaliser.problems());
            return new Analysis(source, parsed.script(), normaliser.commands(), !problems.isEmpty(), problems);
        } catch (RuntimeException | StackOverflowError e) {
            // The outermost boundary: a bug of ours must not become an exception in the decision path. The caller
            // sees an incomplete analysis with no commands and treats the line with care.
            problems.add(new Problem("internal error while analysing: " + e, new Span(0, 0)));
            return new Analysis(source, new Script(List.of(), new Span(0, source.length())), List.of(), true, problems);
        }
    }
}
