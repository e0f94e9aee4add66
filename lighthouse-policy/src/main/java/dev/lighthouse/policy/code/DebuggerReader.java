package dev.lighthouse.policy.code;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a debugger's command lines (gdb's {@code -ex} and command files, lldb's {@code -o}): each line's first words
 * name a command; the language's {@link Language#commands()} say which commands carry code and what kind, and the
 * rest of the line goes to the reader of that kind: a shell command line ({@code shell}, {@code !}, lldb's
 * {@code platform shell}), another language's code ({@code python}, lldb's {@code script}) read by that language's
 * reader, or an expression evaluated in the debugged program ({@code call system("id")}) read with this language's
 * own calls. A language command alone on its line opens a block that ends with {@code end}. Other commands
 * ({@code bt}, {@code run}, {@code info registers}) do nothing here.
 *
 * <p>One pass over the lines; each line is handed to one reader, so the cost is that reader's, linear in the text.
 */
final class DebuggerReader {
    private DebuggerReader() {}

    /** What the command lines in {@code code} do; {@code knowledge} reads the code of other languages. */
    static CodeFacts read(CodeKnowledge knowledge, Language language, Map<String, CodeCall> calls, String code) {
        Collected found = new Collected();
        boolean truncated = code.length() > CodeLexer.MAX_CHARS;
        String text = truncated ? code.substring(0, CodeLexer.MAX_CHARS) : code;
        found.truncated = truncated;
        String blockLanguage = null;
        StringBuilder block = new StringBuilder();
        for (String raw : text.split("\n", -1)) {
            String line = raw.strip();
            if (blockLanguage != null) {
                if (line.equals("end")) {
                    other(knowledge, blockLanguage, block.toString(), found);
                    blockLanguage = null;
                    block.setLength(0);
                } else {
                    block.append(raw).append('\n');
                }
                continue;
            }
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Optional<Match> match = command(language, line);
            if (match.isEmpty()) {
                continue;
            }
            String rest = match.get().rest();
            switch (match.get().command().reads()) {
                case DebuggerCommand.SHELL -> found.runs(rest.isEmpty() ? "sh" : rest);
                case DebuggerCommand.PIPE -> {
                    int bar = rest.indexOf('|');
                    if (bar >= 0 && !rest.substring(bar + 1).isBlank()) {
                        found.runs(rest.substring(bar + 1).strip());
                    }
                }
                case DebuggerCommand.EXPRESSION -> found.add(CodeReader.read(language, calls, rest));
                case DebuggerCommand.UNKNOWN -> found.effects.add(CodeEffect.RUNS_DYNAMIC);
                default -> {
                    if (rest.isEmpty()) {
                        blockLanguage = match.get().command().reads();
                    } else {
                        other(knowledge, match.get().command().reads(), rest, found);
                    }
                }
            }
        }
        if (blockLanguage != null && !block.isEmpty()) {
            other(knowledge, blockLanguage, block.toString(), found); // a block the code never ended
        }
        return found.facts();
    }

    /** Code of another language: read by that language's reader, or unknown when it is not known here. */
    private static void other(CodeKnowledge knowledge, String name, String code, Collected found) {
        Optional<Language> other = knowledge.language(name);
        if (other.isPresent() && other.get().grammar() != Grammar.LINES) {
            found.add(knowledge.read(other.get(), code));
        } else {
            found.effects.add(CodeEffect.RUNS_DYNAMIC);
        }
    }

    /**
     * A command line's command and the rest of it.
     *
     * @param command the command
     * @param rest the text after its name, stripped
     */
    private record Match(DebuggerCommand command, String rest) {}

    /** The longest command name that starts the line ({@code platform shell} before {@code platform}). */
    private static Optional<Match> command(Language language, String line) {
        Match best = null;
        int bestLength = -1;
        for (DebuggerCommand c : language.commands()) {
            for (String name : c.names()) {
                if (name.length() > bestLength && startsWith(line, name)) {
                    best = new Match(c, line.substring(name.length()).strip());
                    bestLength = name.length();
                }
            }
        }
        return Optional.ofNullable(best);
    }

    /** {@code name} then a blank or the end; {@code !} and {@code |} need no blank after them. */
    private static boolean startsWith(String line, String name) {
        if (!line.startsWith(name)) {
            return false;
        }
        if (line.length() == name.length() || !Character.isLetterOrDigit(name.charAt(name.length() - 1))) {
            return true;
        }
        char next = line.charAt(name.length());
        return Character.isWhitespace(next);
    }

    static List<String> kinds() {
        return List.of(
                DebuggerCommand.SHELL, DebuggerCommand.PIPE, DebuggerCommand.EXPRESSION, DebuggerCommand.UNKNOWN);
    }
}
