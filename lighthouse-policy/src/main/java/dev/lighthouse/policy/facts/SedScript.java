package dev.lighthouse.policy.facts;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads a sed script for what it does besides editing the stream (GNU sed manual, "sed scripts": addresses, then one
 * command letter; {@code s} and {@code y} take delimited parts). Only the commands that reach outside the stream
 * matter: {@code e} and the {@code e} flag run a shell, {@code w}/{@code W} and the {@code w} flag write a file, and
 * {@code r}/{@code R} read one. A command it does not know, or a script it cannot follow, is not understood.
 */
final class SedScript {
    /**
     * What the script does: runs shell commands, writes and reads files, the lines its {@code a}, {@code i} and
     * {@code c} commands add (one per line, empty when none), and whether it was followed to the end.
     */
    record Effects(boolean runs, List<String> writes, List<String> reads, String added, boolean understood) {}

    private final String s;
    private int i;
    private boolean runs;
    private final List<String> writes = new ArrayList<>();
    private final List<String> reads = new ArrayList<>();
    private final StringBuilder added = new StringBuilder();

    private SedScript(String script) {
        this.s = script;
    }

    static Effects read(String script) {
        SedScript p = new SedScript(script);
        boolean understood = p.commands();
        return new Effects(p.runs, List.copyOf(p.writes), List.copyOf(p.reads), p.added.toString(), understood);
    }

    private boolean commands() {
        while (true) {
            while (i < s.length() && (Character.isWhitespace(s.charAt(i)) || s.charAt(i) == ';')) {
                i++;
            }
            if (i >= s.length()) {
                return true;
            }
            if (!address() || !address2()) {
                return false;
            }
            while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '!')) {
                i++;
            }
            if (i >= s.length()) {
                return false;
            }
            char cmd = s.charAt(i++);
            switch (cmd) {
                case '{', '}', '=', 'd', 'D', 'g', 'G', 'h', 'H', 'n', 'N', 'p', 'P', 'x', 'z', 'F' -> {}
                case 'l', 'L', 'q', 'Q' -> skipDigits();
                case ':', 'b', 't', 'T' -> label();
                case 'a', 'i', 'c' -> text();
                case 's' -> {
                    if (!delimited(2)) {
                        return false;
                    }
                    if (!substituteFlags()) {
                        return false;
                    }
                }
                case 'y' -> {
                    if (!delimited(2)) {
                        return false;
                    }
                }
                case 'e' -> {
                    runs = true;
                    toEndOfLine();
                }
                case 'w', 'W' -> writes.add(toEndOfLine());
                case 'r', 'R' -> reads.add(toEndOfLine());
                default -> {
                    return false;
                }
            }
        }
    }

    /** A line number, {@code $}, {@code first~step}, {@code /regex/} or {@code \cregexc}, with its I/M flags. */
    private boolean address() {
        if (i >= s.length()) {
            return true;
        }
        char c = s.charAt(i);
        if (Character.isDigit(c)) {
            skipDigits();
            if (i < s.length() && s.charAt(i) == '~') {
                i++;
                skipDigits();
            }
        } else if (c == '$') {
            i++;
        } else if (c == '/' || c == '\\') {
            if (c == '\\') {
                i++;
            }
            if (!delimited(1)) {
                return false;
            }
            while (i < s.length() && (s.charAt(i) == 'I' || s.charAt(i) == 'M')) {
                i++;
            }
        }
        return true;
    }

    private boolean address2() {
        if (i < s.length() && s.charAt(i) == ',') {
            i++;
            if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '~')) {
                i++;
            }
            return address();
        }
        return true;
    }

    /** At a delimiter: skips {@code parts} parts each closed by it, honouring backslash escapes. */
    private boolean delimited(int parts) {
        if (i >= s.length()) {
            return false;
        }
        char d = s.charAt(i++);
        if (d == '\n' || d == '\\') {
            return false;
        }
        for (int part = 0; part < parts; part++) {
            // An unescaped newline ends the command: sed stops with "unterminated `s' command", and what follows is
            // another command, not a part of this one.
            while (i < s.length() && s.charAt(i) != d && s.charAt(i) != '\n') {
                i += s.charAt(i) == '\\' ? 2 : 1;
            }
            if (i >= s.length() || s.charAt(i) != d) {
                return false;
            }
            i++;
        }
        return true;
    }

    private boolean substituteFlags() {
        while (i < s.length()) {
            char f = s.charAt(i);
            if (f == 'e') {
                runs = true;
                i++;
            } else if (f == 'w') {
                i++;
                writes.add(toEndOfLine());
                return true;
            } else if (f == 'g' || f == 'p' || f == 'i' || f == 'I' || f == 'm' || f == 'M' || Character.isDigit(f)) {
                i++;
            } else {
                return f == ';' || f == '}' || f == '\n' || f == ' ';
            }
        }
        return true;
    }

    private void skipDigits() {
        while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == ' ')) {
            i++;
        }
    }

    private void label() {
        while (i < s.length() && s.charAt(i) != ';' && s.charAt(i) != '\n' && s.charAt(i) != '}') {
            i++;
        }
    }

    /**
     * The text of {@code a}, {@code i} and {@code c}: to the end of the line, and on over every line that ends in a
     * backslash ({@code a\}, then the text on the next lines), so that text is never read as commands.
     */
    private void text() {
        String line = toEndOfLine();
        // a\ alone: the text starts on the next line; a\text or GNU's one-line form (1a text): it starts here.
        boolean more = line.equals("\\");
        if (!more) {
            line = line.startsWith("\\") ? line.substring(1).strip() : line;
            more = addLine(line);
        }
        while (more && i < s.length()) {
            i++;
            more = addLine(toEndOfLine());
        }
    }

    /** Adds one line of {@code a}/{@code i}/{@code c} text; true when it ends in a backslash (the text goes on). */
    private boolean addLine(String line) {
        boolean more = line.endsWith("\\");
        added.append(more ? line.substring(0, line.length() - 1) : line).append('\n');
        return more;
    }

    private String toEndOfLine() {
        int start = i;
        while (i < s.length() && s.charAt(i) != '\n') {
            i++;
        }
        return s.substring(start, i).strip();
    }
}
