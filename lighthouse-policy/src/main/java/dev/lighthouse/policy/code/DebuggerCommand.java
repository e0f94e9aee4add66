package dev.lighthouse.policy.code;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One command of a debugger's command language (gdb, lldb) whose rest of line is code.
 *
 * @param names the command as written, one or more words ({@code python}, {@code platform shell}); {@code !} and
 *     {@code |} stand for themselves and need no space after them
 * @param reads what the rest of the line is: {@link #SHELL} (a shell command line; none starts a shell),
 *     {@link #PIPE} (the shell command after the first {@code |}), {@link #EXPRESSION} (an expression in the
 *     debugged program, read with the language's own calls), {@link #UNKNOWN} (code nobody here reads), or the name
 *     of another language ({@code python}); a language command alone on its line opens a block up to {@code end}
 */
public record DebuggerCommand(List<String> names, String reads) {
    public static final String SHELL = "shell";
    public static final String PIPE = "pipe";
    public static final String EXPRESSION = "expression";
    public static final String UNKNOWN = "unknown";

    public DebuggerCommand {
        names = List.copyOf(names);
        requireNonNull(reads, "reads");
    }
}
