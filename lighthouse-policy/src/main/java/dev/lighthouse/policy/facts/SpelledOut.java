package dev.lighthouse.policy.facts;

import dev.lighthouse.shell.Command;
import dev.lighthouse.shell.Input;
import dev.lighthouse.shell.Word;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The text a command prints when the line spells it out: {@code echo}'s arguments, what {@code printf}'s format makes
 * of its arguments, a here-document or here-string given to {@code cat} or {@code tee}, and for {@code tee} such text
 * piped into it; for {@code sed}, the lines its {@code a}, {@code i} and {@code c} commands add to what it writes; for
 * a command that sets a file's keys through its tool's CLI ({@code npm pkg set}), that file's text with those keys
 * ({@link SettingsSet}). Empty when the output is not text written in the line (a file's contents, a variable).
 */
final class SpelledOut {
    /** A format reused for more arguments than it takes stops here: the text is for reading, not for printing. */
    private static final int MAX_CHARS = 64 * 1024;

    private SpelledOut() {}

    static Optional<String> text(Command c) {
        return switch (c.program()) {
            case "echo" -> Optional.of(echoed(c.argValues()));
            case "printf" -> printed(c.argValues());
            case "cat", "tee" -> {
                if (c.stdin() instanceof Input.Text(String operator, Word body)) {
                    yield Optional.of(body.value());
                }
                if (c.program().equals("tee")
                        && c.stdin() instanceof Input.Pipe(List<Command> upstream)
                        && !upstream.isEmpty()
                        && !upstream.getLast().program().equals("tee")) {
                    yield text(upstream.getLast());
                }
                yield Optional.empty();
            }
            case "sed" ->
                sedScript(c.argValues()).map(script -> SedScript.read(script).added());
            default -> SettingsSet.of(c).map(SettingsSet.Written::content);
        };
    }

    /**
     * The script of a sed call: its {@code -e}/{@code --expression} values joined by newlines, as sed joins them, or
     * else its first operand.
     */
    private static Optional<String> sedScript(List<String> args) {
        List<String> expressions = new ArrayList<>();
        String operand = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if ((a.equals("-e") || a.equals("--expression")) && i + 1 < args.size()) {
                expressions.add(args.get(++i));
            } else if (a.startsWith("--expression=")) {
                expressions.add(a.substring("--expression=".length()));
            } else if (a.startsWith("-e") && a.length() > 2) {
                expressions.add(a.substring(2));
            } else if ((a.equals("-f") || a.equals("--file") || a.equals("-l")) && i + 1 < args.size()) {
                i++;
            } else if (!a.startsWith("-") && operand == null) {
                operand = a;
            }
        }
        if (!expressions.isEmpty()) {
            return Optional.of(String.join("\n", expressions));
        }
        return Optional.ofNullable(operand);
    }

    /** bash's {@code echo}: leading {@code -n}, {@code -e}, {@code -E} options, the rest joined by spaces. */
    private static String echoed(List<String> args) {
        int i = 0;
        boolean escapes = false;
        while (i < args.size() && args.get(i).matches("-[neE]+")) {
            escapes = args.get(i).contains("e") || escapes && !args.get(i).contains("E");
            i++;
        }
        String text = String.join(" ", args.subList(i, args.size()));
        return escapes ? unescaped(text) : text;
    }

    /**
     * {@code printf FORMAT ARGS}: the format's escapes, each conversion taking the next argument (a number's digits as
     * written), the format reused while arguments remain. {@code printf -v NAME} prints nothing.
     */
    private static Optional<String> printed(List<String> args) {
        int i = 0;
        if (i < args.size() && args.get(i).equals("--")) {
            i++;
        }
        if (i >= args.size() || args.get(i).startsWith("-v")) {
            return Optional.empty();
        }
        String format = args.get(i);
        List<String> values = args.subList(i + 1, args.size());
        StringBuilder out = new StringBuilder();
        int next = 0;
        do {
            int taken = 0;
            for (int k = 0; k < format.length() && out.length() < MAX_CHARS; k++) {
                char ch = format.charAt(k);
                if (ch == '\\' && k + 1 < format.length()) {
                    out.append(unescaped(format.substring(k, k + 2)));
                    k++;
                } else if (ch == '%' && k + 1 < format.length()) {
                    int end = k + 1;
                    while (end < format.length() && "-+ #0123456789.".indexOf(format.charAt(end)) >= 0) {
                        end++;
                    }
                    if (end >= format.length() || format.charAt(end) == '%') {
                        out.append('%');
                    } else {
                        String value = next < values.size() ? values.get(next++) : "";
                        taken++;
                        out.append(format.charAt(end) == 'b' ? unescaped(value) : value);
                    }
                    k = end;
                } else {
                    out.append(ch);
                }
            }
            if (taken == 0) {
                break;
            }
        } while (next < values.size() && out.length() < MAX_CHARS);
        return Optional.of(out.toString());
    }

    /** The common backslash escapes of {@code echo -e} and {@code printf}: newline, tab, backslash. */
    private static String unescaped(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch == '\\' && i + 1 < text.length()) {
                char next = text.charAt(++i);
                switch (next) {
                    case 'n' -> out.append('\n');
                    case 't' -> out.append('\t');
                    case '\\' -> out.append('\\');
                    default -> out.append(ch).append(next);
                }
            } else {
                out.append(ch);
            }
        }
        return out.toString();
    }
}
