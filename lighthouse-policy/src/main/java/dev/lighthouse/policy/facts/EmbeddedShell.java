package dev.lighthouse.policy.facts;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Shell command lines embedded in another language's text, found by a small lexer that knows that language's strings:
 * the command a script hands to the shell is read back through the shell analysis like any other command.
 *
 * <ul>
 *   <li>AppleScript {@code do shell script "…"} and JXA {@code doShellScript("…")} (osascript(1), the AppleScript
 *       Language Guide, Technical Note TN2065);
 *   <li>SQL {@code COPY … TO PROGRAM '…'} and {@code FROM PROGRAM '…'} (PostgreSQL COPY);
 *   <li>client escapes at the start of a line or statement: psql's and mysql's {@code \! cmd}, mysql's
 *       {@code system cmd}, sqlite3's {@code .shell cmd} and {@code .system cmd} (psql(1), mysql(1) "mysql Client
 *       Commands", sqlite3 "Special commands").
 * </ul>
 *
 * Linear in the text: one pass, strings skipped as units.
 */
public final class EmbeddedShell {
    private EmbeddedShell() {}

    /** The command lines AppleScript or JXA code hands to the shell; string concatenation ({@code &}) joined. */
    public static List<String> appleScript(String code) {
        List<String> found = new ArrayList<>();
        String lower = code.toLowerCase(Locale.ROOT);
        int i = 0;
        while (i < code.length()) {
            char ch = code.charAt(i);
            if (ch == '"' || ch == '\'' && lower.indexOf("doshellscript") >= 0) {
                i = Quoted.end(code, i, Quoted.Escapes.BACKSLASH_AND_DOUBLED_QUOTE);
                continue;
            }
            int after = marker(lower, i, "do shell script");
            if (after < 0) {
                after = marker(lower, i, "doshellscript");
            }
            if (after < 0) {
                i++;
                continue;
            }
            StringBuilder command = new StringBuilder();
            int j = after;
            while (true) {
                while (j < code.length()
                        && (code.charAt(j) == ' ' || code.charAt(j) == '(' || code.charAt(j) == '\t')) {
                    j++;
                }
                if (j >= code.length() || code.charAt(j) != '"' && code.charAt(j) != '\'') {
                    break;
                }
                int end = Quoted.end(code, j, Quoted.Escapes.BACKSLASH_AND_DOUBLED_QUOTE);
                command.append(unescape(code.substring(j + 1, Math.max(j + 1, end - 1))));
                j = end;
                while (j < code.length() && (code.charAt(j) == ' ' || code.charAt(j) == '\t')) {
                    j++;
                }
                if (j < code.length() && (code.charAt(j) == '&' || code.charAt(j) == '+')) {
                    command.append(' ');
                    j++;
                    continue;
                }
                break;
            }
            found.add(command.isEmpty() ? "\"$APPLESCRIPT_VALUE\"" : command.toString());
            i = Math.max(j, after);
        }
        return found;
    }

    /**
     * The command lines SQL text (and the escapes of the client {@code program}) runs on the database host or the
     * client; mysql's bare {@code system} escape only for mysql and mariadb, where it is not SQL.
     */
    public static List<String> sql(String text, String program) {
        boolean systemWord = program.equals("mysql") || program.equals("mariadb");
        List<String> found = new ArrayList<>();
        String lower = text.toLowerCase(Locale.ROOT);
        boolean lineStart = true;
        int i = 0;
        while (i < text.length()) {
            char ch = text.charAt(i);
            if (ch == '\n' || ch == ';') {
                lineStart = true;
                i++;
                continue;
            }
            if (ch == ' ' || ch == '\t' || ch == '\r') {
                i++;
                continue;
            }
            if (lineStart) {
                lineStart = false;
                int after = clientEscape(lower, i, systemWord);
                if (after >= 0) {
                    int end = endOfLine(text, after);
                    String command = text.substring(after, end).strip();
                    if (!command.isEmpty()) {
                        found.add(command);
                    }
                    i = end;
                    continue;
                }
            }
            if (ch == '\'' || ch == '"' || ch == '`') {
                i = Quoted.end(text, i, Quoted.Escapes.BACKSLASH_AND_DOUBLED_QUOTE);
                continue;
            }
            if (ch == '-' && i + 1 < text.length() && text.charAt(i + 1) == '-') {
                i = endOfLine(text, i);
                continue;
            }
            int after = marker(lower, i, "program");
            if (after >= 0 && precededBy(lower, i, "to", "from")) {
                int j = after;
                while (j < text.length() && Character.isWhitespace(text.charAt(j))) {
                    j++;
                }
                if (j < text.length() && text.charAt(j) == '\'') {
                    int end = Quoted.end(text, j, Quoted.Escapes.BACKSLASH_AND_DOUBLED_QUOTE);
                    found.add(text.substring(j + 1, Math.max(j + 1, end - 1)).replace("''", "'"));
                    i = end;
                    continue;
                }
                found.add("\"$SQL_PROGRAM\"");
            }
            i++;
        }
        return found;
    }

    /** The index after a client escape ({@code \!}, {@code system}, {@code .shell}, {@code .system}) at {@code i}. */
    private static int clientEscape(String lower, int i, boolean systemWord) {
        if (lower.startsWith("\\!", i)) {
            return i + 2;
        }
        for (String word : systemWord ? List.of(".shell", ".system", "system") : List.of(".shell", ".system")) {
            if (lower.startsWith(word, i)
                    && i + word.length() < lower.length()
                    && Character.isWhitespace(lower.charAt(i + word.length()))) {
                return i + word.length() + 1;
            }
        }
        return -1;
    }

    /** Whether the last word before {@code i} is one of {@code words}. */
    private static boolean precededBy(String lower, int i, String... words) {
        int end = i;
        while (end > 0 && Character.isWhitespace(lower.charAt(end - 1))) {
            end--;
        }
        if (end == i) {
            return false;
        }
        for (String w : words) {
            if (end >= w.length()
                    && lower.startsWith(w, end - w.length())
                    && (end == w.length() || !Character.isLetterOrDigit(lower.charAt(end - w.length() - 1)))) {
                return true;
            }
        }
        return false;
    }

    /** The index after {@code word} when it starts at {@code i} as a whole word, else -1. */
    private static int marker(String lower, int i, String word) {
        if (!lower.startsWith(word, i)) {
            return -1;
        }
        if (i > 0 && (Character.isLetterOrDigit(lower.charAt(i - 1)) || lower.charAt(i - 1) == '_')) {
            return -1;
        }
        int after = i + word.length();
        if (after < lower.length() && (Character.isLetterOrDigit(lower.charAt(after)) || lower.charAt(after) == '_')) {
            return -1;
        }
        return after;
    }

    private static int endOfLine(String text, int from) {
        int nl = text.indexOf('\n', from);
        return nl < 0 ? text.length() : nl;
    }

    private static String unescape(String s) {
        return s.replace("\\\"", "\"").replace("\\\\", "\\");
    }
}
