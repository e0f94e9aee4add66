package dev.lighthouse.policy.facts;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Strings in a written file of any kind that have the shape of a shell command line, whatever key or call holds them:
 * a terminal's {@code shell}, an editor's language-server {@code command}, a session's {@code exec-once}, a hook's
 * {@code run}. Nobody can list every tool's command-valued keys, but the value tells: {@code curl -s http://… | sh},
 * {@code bash -i >& /dev/tcp/…}, {@code wget -qO- URL && …} are command lines wherever they are written.
 *
 * <p>Per line, the candidates are the line itself, what follows its first word or key ({@code key = …},
 * {@code key: …}, {@code directive …}; in a line with {@code `inline code`} only its spans), each quoted string (escapes
 * undone) and what follows its first word, the lines of a quoted string of several lines, the text after a {@code !}
 * shell escape (vi, ex, mutt, GHCi's {@code :!}, psql's {@code \!}) and a markup element's text (a property list's
 * {@code <string>}). A candidate has the shape
 * when it starts like a program name and holds a pipe into another word, a {@code /dev/tcp} or {@code /dev/udp} path,
 * a command substitution, an {@code &&} list, options (after at most two subcommand words) followed by a URL, an
 * address and port, or a shell given with
 * {@code -e}. Only the shape is tested here; what the command does is judged by the shell analysis, and only what is
 * dangerous whatever runs it later counts (see {@code ShellFacts.runLater}).
 *
 * <p>A line reader, not a parser: a command split over lines or built from variables is not seen.
 */
final class CommandStrings {
    private CommandStrings() {}

    private static final int LONGEST = 2_000;
    private static final Pattern DOUBLE_QUOTED = Pattern.compile("\"((?:[^\"\\\\]++|\\\\.)*+)\"");
    private static final Pattern SINGLE_QUOTED = Pattern.compile("'([^']*+)'");
    /** The text of a markup element ({@code <string>…</string>} in a property list). */
    private static final Pattern ELEMENT_TEXT = Pattern.compile(">([^<>]++)<");

    private static final Pattern INLINE_CODE = Pattern.compile("`([^`]++)`");
    private static final Pattern REST = Pattern.compile("^[-\\s]*+[\\w.@$-]++\\s*+[=:]?\\s*+(.++)$");
    /** A shell escape: vi's and mutt's {@code !cmd}, GHCi's {@code :!}, psql's {@code \\!} (a space may follow). */
    private static final Pattern SHELL_ESCAPE = Pattern.compile("(?:^|[\\s:\\\\])!\\s*+([A-Za-z/].*+)$");

    private static final Pattern STARTS_LIKE_A_PROGRAM = Pattern.compile("^[A-Za-z_./~(][\\w./~+-]*+(?:\\s|$)");
    private static final Pattern SHAPE = Pattern.compile("(?<![|])\\|(?![|])\\s*+[A-Za-z/.~]"
            + "|/dev/(?:tcp|udp)/"
            + "|\\$\\("
            + "|&&"
            // a network peer given as an address and a port, or a shell handed to one with -e
            + "|\\b\\d{1,3}+(?:\\.\\d{1,3}+){3}+\\s++\\d{2,5}+\\b"
            + "|\\s-e\\s++/\\S*sh\\b"
            // options, after at most two subcommand words (pip install -q --index-url …), then a URL
            + "|^\\S++(?:\\s++\\w[\\w.-]*+){0,2}\\s++-.*?\\s\\S*?://");

    private static final Pattern NETWORK_SHAPE =
            Pattern.compile("://|/dev/(?:tcp|udp)/|\\b\\d{1,3}+(?:\\.\\d{1,3}+){3}+\\s++\\d{2,5}+\\b");

    /** Adds to {@code out} every string of {@code content} with the shape of a command line, once each. */
    static void read(String content, List<String> out) {
        boolean markup = content.stripLeading().startsWith("<");
        for (String raw : content.lines().toList()) {
            String line = raw.strip();
            if (line.isEmpty() || line.length() > LONGEST) {
                continue;
            }
            String item = line.startsWith("- ") ? line.substring(2).strip() : line;
            if (item.indexOf('`') < 0) {
                addWithRest(item, out);
            } else {
                // prose with inline code (`curl … | sh` to install): the spans are the commands, not the line
                Matcher span = INLINE_CODE.matcher(item);
                while (span.find()) {
                    add(span.group(1), out);
                }
            }
            // each quote kind on its own: a Lisp symbol's quote ('hook) must not open a string
            quoted(line, markup, true, out);
            Matcher element = ELEMENT_TEXT.matcher(line);
            while (element.find()) {
                add(QuotedValues.entities(element.group(1)), out);
            }
            Matcher escape = SHELL_ESCAPE.matcher(line);
            if (escape.find()) {
                add(escape.group(1), out);
            }
        }
    }

    /**
     * Whether {@code content} holds a command line that reaches the network (a URL, {@code /dev/tcp}, an address and a
     * port): such content is never vouched for, whatever the analysis makes of it. A local command line
     * ({@code npm ci && npm run build}) is read but does not keep a file from being an ordinary write.
     */
    static boolean reachesOut(String content) {
        List<String> found = new java.util.ArrayList<>();
        read(content, found);
        return found.stream().anyMatch(c -> NETWORK_SHAPE.matcher(c).find());
    }

    /**
     * The quoted strings of {@code text} (markup's entities or other text's escapes undone), and once more the strings
     * quoted inside them: an IDE's {@code value="-c &quot;curl … | sh&quot;"} or Doxygen's {@code *.cpp="sh -c '…'"}.
     */
    private static void quoted(String text, boolean markup, boolean outer, List<String> out) {
        Matcher doubleQuoted = DOUBLE_QUOTED.matcher(text);
        while (doubleQuoted.find()) {
            String inner = markup
                    ? QuotedValues.entities(doubleQuoted.group(1))
                    : QuotedValues.unescape(doubleQuoted.group(1));
            if (inner.indexOf('\n') >= 0) {
                // a string of several lines (an inline Dockerfile, a script given to a key) is read as the file is
                read(inner, out);
                continue;
            }
            addWithRest(inner, out);
            if (outer) {
                quoted(inner, false, false, out);
            }
        }
        Matcher singleQuoted = SINGLE_QUOTED.matcher(text);
        while (singleQuoted.find()) {
            addWithRest(singleQuoted.group(1), out);
        }
    }

    static boolean shaped(String candidate) {
        return STARTS_LIKE_A_PROGRAM.matcher(candidate).find()
                && SHAPE.matcher(candidate).find();
    }

    /** Adds the candidate and what follows its first word or key (Mix's {@code "cmd curl … | sh"}, {@code key = …}). */
    private static void addWithRest(String candidate, List<String> out) {
        add(candidate, out);
        Matcher rest = REST.matcher(candidate.strip());
        if (rest.matches()) {
            add(rest.group(1), out);
        }
    }

    private static void add(String candidate, List<String> out) {
        String text = candidate.strip();
        if (shaped(text) && !out.contains(text)) {
            out.add(text);
        }
    }
}
