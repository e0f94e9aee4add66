package dev.lighthouse.shell;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Programs with a command language of their own given on the command line ({@code lftp -c 'open HOST; put FILE'}):
 * each of its commands is read as a subcommand of the program ({@code lftp put FILE}), so the registry judges what it
 * does, and its shell escape ({@code !sh}) as shell code.
 */
final class CommandLanguages {
    /**
     * @param codeOptions options whose value is a list of the program's commands
     * @param optionsWithValue the program's other options that take a value (before its first operand)
     * @param escape the prefix of a command that the program hands to a shell
     */
    record Spec(Set<String> codeOptions, Set<String> optionsWithValue, String escape) {}

    /** The commands found: the option that carried them, and the word itself. */
    record Code(String option, Word word) {}

    private static final Map<String, Spec> SPECS = Map.of(
            // lftp(1): "lftp [-d] [-e cmd] [-p port] [-u user[,pass]] [site]", "lftp -c commands"; commands are
            // separated by ; && || and "!" runs the rest with a shell.
            "lftp", new Spec(Set.of("-c", "-e"), Set.of("-p", "-u", "-f"), "!"));

    private CommandLanguages() {}

    /** The command list {@code argv} gives its program, if the program has a language and one is given. */
    static Optional<Code> code(String program, List<Word> argv) {
        Spec spec = SPECS.get(program);
        if (spec == null) {
            return Optional.empty();
        }
        for (int i = 1; i < argv.size() && argv.get(i).value().startsWith("-"); i++) {
            String a = argv.get(i).value();
            if (spec.codeOptions().contains(a) && i + 1 < argv.size()) {
                return Optional.of(new Code(a, argv.get(i + 1)));
            }
            if (spec.optionsWithValue().contains(a)) {
                i++;
            }
        }
        return Optional.empty();
    }

    /**
     * The program's commands as shell code: {@code open HOST; put FILE; !sh} becomes {@code lftp open HOST; lftp put
     * FILE; sh}. Separators and quotes are the shell's, so they are found outside quotes only.
     */
    static String asShell(String program, String commands) {
        String escape = SPECS.get(program).escape();
        StringBuilder out = new StringBuilder();
        StringBuilder command = new StringBuilder();
        char quote = 0;
        for (int i = 0; i < commands.length(); i++) {
            char c = commands.charAt(i);
            if (quote != 0) {
                command.append(c);
                if (c == quote) {
                    quote = 0;
                } else if (c == '\\' && quote == '"' && i + 1 < commands.length()) {
                    command.append(commands.charAt(++i));
                }
                continue;
            }
            if (c == '\\' && i + 1 < commands.length()) {
                command.append(c).append(commands.charAt(++i));
                continue;
            }
            if (c == '\'' || c == '"') {
                quote = c;
                command.append(c);
                continue;
            }
            boolean pair = i + 1 < commands.length() && (c == '&' || c == '|') && commands.charAt(i + 1) == c;
            if (c == ';' || c == '\n' || pair) {
                out.append(one(program, escape, command.toString())).append(pair ? " " + c + c + " " : "; ");
                command.setLength(0);
                i += pair ? 1 : 0;
                continue;
            }
            command.append(c);
        }
        return out.append(one(program, escape, command.toString())).toString();
    }

    private static String one(String program, String escape, String command) {
        String c = command.strip();
        if (c.isEmpty()) {
            return "true";
        }
        return c.startsWith(escape) ? c.substring(escape.length()) : program + " " + c;
    }
}
