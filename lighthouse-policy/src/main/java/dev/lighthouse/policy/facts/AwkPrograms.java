package dev.lighthouse.policy.facts;

import dev.lighthouse.shell.Command;
import dev.lighthouse.shell.Word;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Whether an awk program only computes and prints to standard output, which makes the call as read-only as the
 * files it is given (gawk manual: "Redirecting Output of print and printf", "Using getline", "Built-in Functions
 * for Input/Output", "Loading Dynamic Extensions").
 *
 * <p>Design: the code reader finds what a program runs ({@code system}, pipes); this check answers the other
 * question, whether it does anything but print, and it answers no whenever it is unsure. Outside strings, regular
 * expressions and comments, a program that only prints names no {@code system}, {@code getline} (which reads files and
 * commands), {@code ENVIRON} (the environment's secrets) or {@code @} directive ({@code @load} loads a shared
 * library), and none of its {@code print}/{@code printf} statements has a {@code >}, {@code >>} or {@code |} outside
 * parentheses (a redirection to a file or a command: {@code print $1 > "out"}; a comparison printed is written
 * {@code print ($1 > 5)}). Options that load code or write files ({@code -f}, {@code -l}, {@code -i}, {@code -E},
 * {@code -o}, {@code -p}, {@code -d}, {@code -D}) and a program known only at run time never only print. Linear in the
 * program's length, no allocation beyond the lookups.
 */
final class AwkPrograms {
    private AwkPrograms() {}

    /** gawk(1) options that read a program file, load or include code, debug, or write a file of their own. */
    private static final Set<String> NOT_ONLY_PRINTING_OPTIONS = Set.of(
            "-f",
            "--file",
            "-E",
            "--exec",
            "-l",
            "--load",
            "-i",
            "--include",
            "-o",
            "--pretty-print",
            "-p",
            "--profile",
            "-d",
            "--dump-variables",
            "-D",
            "--debug",
            "--source",
            "-e");

    private static final Set<String> NOT_ONLY_PRINTING_NAMES = Set.of("system", "getline", "ENVIRON");

    /** Whether awk run as {@code c} only computes and prints what it reads (see the class comment). */
    static boolean onlyPrints(Command c) {
        List<Word> args = c.args();
        for (Word w : args) {
            String v = w.value();
            if (v.equals("--")) {
                break;
            }
            for (String option : NOT_ONLY_PRINTING_OPTIONS) {
                if (v.equals(option) || option.startsWith("--") && v.startsWith(option + "=")) {
                    return false;
                }
            }
        }
        Optional<Word> program = ShellFacts.awkProgram(c);
        return program.isPresent()
                && !program.get().dynamic()
                && onlyPrints(program.get().value());
    }

    /** Whether the awk program text {@code program} only computes and prints (see the class comment). */
    static boolean onlyPrints(String program) {
        int depth = 0;
        boolean inPrint = false;
        boolean operandBefore = false; // a '/' after an operand divides; anywhere else it starts a regex
        int n = program.length();
        for (int i = 0; i < n; i++) {
            char ch = program.charAt(i);
            if (ch == '"') {
                i = skipQuoted(program, i, '"');
                operandBefore = true;
            } else if (ch == '/' && !operandBefore) {
                i = skipQuoted(program, i, '/');
                operandBefore = true;
            } else if (ch == '#') {
                while (i + 1 < n && program.charAt(i + 1) != '\n') {
                    i++;
                }
            } else if (ch == '@') {
                return false;
            } else if (Character.isLetter(ch) || ch == '_') {
                int start = i;
                while (i + 1 < n
                        && (Character.isLetterOrDigit(program.charAt(i + 1)) || program.charAt(i + 1) == '_')) {
                    i++;
                }
                String name = program.substring(start, i + 1);
                if (NOT_ONLY_PRINTING_NAMES.contains(name)) {
                    return false;
                }
                if (name.equals("print") || name.equals("printf")) {
                    inPrint = true;
                    depth = 0;
                }
                operandBefore = true;
            } else if (Character.isDigit(ch) || ch == '$' || ch == ')' || ch == ']') {
                depth -= (ch == ')' && depth > 0) ? 1 : 0;
                operandBefore = true;
            } else if (ch == '(') {
                depth++;
                operandBefore = false;
            } else if (ch == ';' || ch == '}' || ch == '{' || ch == '\n') {
                inPrint = false;
                depth = 0;
                operandBefore = false;
            } else if ((ch == '>' || ch == '|') && inPrint && depth == 0) {
                return false;
            } else if (!Character.isWhitespace(ch)) {
                operandBefore = false;
            }
        }
        return true;
    }

    /** The index of the closing {@code quote} of the string or regex opening at {@code open} (backslash escapes). */
    private static int skipQuoted(String text, int open, char quote) {
        for (int i = open + 1; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch == '\\') {
                i++;
            } else if (ch == quote) {
                return i;
            }
        }
        return text.length();
    }
}
