package dev.lighthouse.policy.facts;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The processes a build script starts, in languages without a code reader here: Gradle's Groovy and Kotlin DSLs
 * ({@code exec { commandLine … }}, {@code "…".execute()}, {@code ["sh", "-c", "…"].execute()}), Java's
 * {@code ProcessBuilder} and {@code Runtime.exec}, Rust's {@code Command::new(…).arg(…)} in {@code build.rs},
 * Jenkins' {@code sh '…'} (also a multi-line {@code '''…'''} script), CMake's {@code execute_process} and custom
 * commands, Maven's exec plugin ({@code <executable>}, {@code <argument>}) and Ant's
 * {@code <exec executable=…><arg value=…/>}. Per statement (a line, or an XML element's block) that names one of
 * these calls, its string literals are the command: one literal with a space is a command line, several are an
 * argument vector. Strings are lexed (quotes and escapes), never matched as substrings of the whole file.
 */
final class ProcessCalls {
    private static final Set<String> CALLS = Set.of(
            "commandLine",
            "executable",
            "execute",
            "exec",
            "ProcessBuilder",
            "Command::new",
            "sh",
            "bat",
            "args",
            "arg",
            "system",
            // CMake: COMMAND words of these run while configuring or building
            "execute_process",
            "add_custom_command",
            "add_custom_target",
            // Meson: run_command runs while configuring
            "run_command");

    private ProcessCalls() {}

    static void read(String content, List<String> out) {
        if (content.contains("<project") || content.contains("<target")) {
            xml(content, out);
            return;
        }
        List<String> lines = content.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int call = call(line);
            if (call < 0) {
                continue;
            }
            // Groovy's multi-line strings (Jenkins' sh '''…''' and sh """…"""): the lines up to the closing
            // delimiter are one script
            String rest = line.substring(call);
            String delimiter = rest.contains("'''") ? "'''" : rest.contains("\"\"\"") ? "\"\"\"" : "";
            int open = delimiter.isEmpty() ? -1 : rest.indexOf(delimiter);
            if (open >= 0 && !rest.substring(open + 3).contains(delimiter)) {
                StringBuilder script = new StringBuilder(rest.substring(open + 3));
                while (++i < lines.size() && !lines.get(i).contains(delimiter)) {
                    script.append('\n').append(lines.get(i));
                }
                if (i < lines.size()) {
                    script.append('\n').append(lines.get(i), 0, lines.get(i).indexOf(delimiter));
                }
                out.add(script.toString().strip());
                continue;
            }
            // the call's arguments follow it (commandLine 'sh', '-c', …; sh '…'); "…".execute() has them before
            List<String> strings = strings(line.substring(call));
            if (strings.isEmpty()) {
                strings = strings(line.substring(0, call));
            }
            if (strings.size() == 1) {
                out.add(strings.getFirst());
            } else if (strings.size() > 1) {
                out.add(String.join(
                        " ", strings.stream().map(ProcessCalls::quote).toList()));
            }
        }
    }

    /** Maven's exec plugin and Ant's exec task: the executable and its arguments, per element. */
    private static void xml(String content, List<String> out) {
        int from = 0;
        while (true) {
            int exec = indexOfAny(content, from, "<executable>", "<exec ");
            if (exec < 0) {
                return;
            }
            int end = indexOfAny(content, exec + 1, "</configuration>", "</exec>", "<execution>");
            end = end < 0 ? content.length() : end;
            String block = content.substring(exec, end);
            List<String> words = new ArrayList<>();
            for (String tag : List.of("<executable>", "executable=\"")) {
                int at = block.indexOf(tag);
                if (at >= 0) {
                    int start = at + tag.length();
                    int stop = block.indexOf(tag.endsWith(">") ? "<" : "\"", start);
                    words.add(quote(QuotedValues.entities(block.substring(start, stop < 0 ? block.length() : stop))));
                }
            }
            int i = 0;
            while ((i = indexOfAny(block, i, "<argument>", "value=\"", "line=\"")) >= 0) {
                boolean element = block.startsWith("<argument>", i);
                int start = block.indexOf(element ? '>' : '"', i) + 1;
                int stop = block.indexOf(element ? "</argument>" : "\"", start);
                if (stop < 0) {
                    break;
                }
                String value = QuotedValues.entities(block.substring(start, stop));
                words.add(block.startsWith("line=", i) ? value : quote(value));
                i = stop;
            }
            if (!words.isEmpty()) {
                out.add(String.join(" ", words));
            }
            from = end;
        }
    }

    private static int indexOfAny(String text, int from, String... needles) {
        int best = -1;
        for (String n : needles) {
            int at = text.indexOf(n, from);
            if (at >= 0 && (best < 0 || at < best)) {
                best = at;
            }
        }
        return best;
    }

    /**
     * Where the first process-starting call named as a whole word (outside strings and comments) ends in the line,
     * or -1.
     */
    private static int call(String line) {
        int i = 0;
        while (i < line.length()) {
            char ch = line.charAt(i);
            if (ch == '"' || ch == '\'') {
                i = Quoted.end(line, i, Quoted.Escapes.BACKSLASH);
            } else if (ch == '/' && i + 1 < line.length() && line.charAt(i + 1) == '/') {
                return -1;
            } else if (Character.isJavaIdentifierStart(ch)
                    && (i == 0 || !Character.isJavaIdentifierPart(line.charAt(i - 1)))) {
                int end = i;
                while (end < line.length()
                        && (Character.isJavaIdentifierPart(line.charAt(end))
                                || line.startsWith("::", end) && end + 2 < line.length())) {
                    end += line.startsWith("::", end) ? 2 : 1;
                }
                String word = line.substring(i, end);
                if (CALLS.contains(word) || word.endsWith("Command::new")) {
                    return end;
                }
                i = end;
            } else {
                i++;
            }
        }
        return -1;
    }

    /** The string literals of a line, in order (comments after {@code //} dropped). */
    private static List<String> strings(String line) {
        List<String> found = new ArrayList<>();
        int i = 0;
        while (i < line.length()) {
            char ch = line.charAt(i);
            if (ch == '"' || ch == '\'') {
                int end = Quoted.end(line, i, Quoted.Escapes.BACKSLASH);
                found.add(line.substring(i + 1, Math.max(i + 1, end - 1))
                        .replace("\\\"", "\"")
                        .replace("\\'", "'")
                        .replace("\\\\", "\\"));
                i = end;
            } else if (ch == '/' && i + 1 < line.length() && line.charAt(i + 1) == '/') {
                break;
            } else {
                i++;
            }
        }
        return found;
    }

    /** One word as shell text that reads back as the same word. */
    static String quote(String word) {
        return word.matches("[A-Za-z0-9_./:=@%+,-]+") ? word : "'" + word.replace("'", "'\\''") + "'";
    }
}
