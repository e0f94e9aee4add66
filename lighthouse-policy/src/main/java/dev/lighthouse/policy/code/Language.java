package dev.lighthouse.policy.code;

import static java.util.Objects.requireNonNull;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One interpreter language: how its code is written and which of its calls do what.
 *
 * @param name the language as the shell analysis names it ({@code python}, {@code node}, {@code perl}, ...)
 * @param programs program names that run it when the shell analysis does not say ({@code awk}, {@code gawk})
 * @param source where its facts come from (the language's reference)
 * @param syntax how comments and strings are written
 * @param calls what calls do
 * @param socketPaths string prefixes that name a network connection ({@code /inet/tcp/} in gawk)
 * @param pipesRunCommands whether {@code "cmd" | getline} and {@code print | "cmd"} run shell commands (awk)
 * @param grammar how statements are built, which decides the reader
 * @param scriptCommands for {@link Grammar#WORDS}: commands whose arguments are scripts ({@code while},
 *     {@code catch}, {@code after}); their literal arguments are read as code
 * @param commands for {@link Grammar#LINES}: the commands whose rest of line is code
 * @param codeOptions the interpreter's options whose value is code ({@code -c}, {@code -ex}), as the shell analysis
 *     finds them (a test holds the two together)
 */
public record Language(
        String name,
        List<String> programs,
        String source,
        Syntax syntax,
        List<CodeCall> calls,
        List<String> socketPaths,
        boolean pipesRunCommands,
        Grammar grammar,
        List<String> scriptCommands,
        List<DebuggerCommand> commands,
        List<String> codeOptions) {
    public Language {
        requireNonNull(name, "name");
        programs = List.copyOf(programs);
        requireNonNull(source, "source");
        requireNonNull(syntax, "syntax");
        calls = List.copyOf(calls);
        socketPaths = List.copyOf(socketPaths);
        requireNonNull(grammar, "grammar");
        scriptCommands = List.copyOf(scriptCommands);
        commands = List.copyOf(commands);
        codeOptions = List.copyOf(codeOptions);
    }

    /** The calls by name. */
    Map<String, CodeCall> byName() {
        Map<String, CodeCall> map = new HashMap<>();
        for (CodeCall c : calls) {
            for (String n : c.names()) {
                map.put(n, c);
            }
        }
        return map;
    }

    /** The call named {@code dotted}: exactly, or (for a qualified entry) as the end of a longer chain. */
    Optional<CodeCall> call(Map<String, CodeCall> byName, String dotted) {
        CodeCall exact = byName.get(dotted);
        if (exact != null) {
            return Optional.of(exact);
        }
        for (int dot = dotted.indexOf('.'); dot >= 0; dot = dotted.indexOf('.', dot + 1)) {
            String tail = dotted.substring(dot + 1);
            if (tail.indexOf('.') >= 0 && byName.containsKey(tail)) {
                return Optional.of(byName.get(tail));
            }
        }
        return Optional.empty();
    }
}
