package dev.lighthouse.policy.facts;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The command lines that files in any syntax give a known key as one quoted string on one line: {@code cmd = "…"}
 * (Starlark), {@code INPUT_FILTER = "…"} (a Doxyfile), {@code command: '…'} (an object literal or YAML),
 * {@code Command="…"} (an XML attribute) and {@code <option name="SCRIPT_TEXT" value="…"/>} (IDE settings).
 *
 * <p>A line reader, not a parser of any of these languages: a string built by concatenation, over several lines or
 * from variables is not seen. The pattern has possessive quantifiers only, so a line is scanned once.
 */
final class QuotedValues {
    private QuotedValues() {}

    private static final Pattern KEYED_STRING =
            Pattern.compile("(?:name=\"([A-Za-z_][\\w.-]*+)\"\\s++value=|\\b([A-Za-z_][\\w.-]*+)\\s*+[=:]\\s*+)"
                    + "(\"(?:[^\"\\\\]++|\\\\.)*+\"|'(?:[^'\\\\]++|\\\\.)*+')");

    /** Adds to {@code out} the strings given to one of {@code keys} in {@code content}, one a command line. */
    static void read(String content, List<String> keys, List<String> out) {
        if (keys.isEmpty()) {
            return;
        }
        boolean markup = content.stripLeading().startsWith("<");
        for (String line : content.lines().toList()) {
            Matcher m = KEYED_STRING.matcher(line);
            while (m.find()) {
                String key = m.group(1) != null ? m.group(1) : m.group(2);
                if (keys.contains(key)) {
                    String quoted = m.group(3);
                    String text = quoted.substring(1, quoted.length() - 1);
                    // markup has no backslash escapes, only entities
                    out.add(markup ? entities(text) : unescape(text));
                }
            }
        }
    }

    /** Backslash escapes undone ({@code \\n} and {@code \\t} as a newline and a tab, any other character as itself). */
    static String unescape(String text) {
        if (text.indexOf('\\') < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                char next = text.charAt(++i);
                out.append(next == 'n' ? '\n' : next == 't' ? '\t' : next);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** XML and HTML markup's five named character references, decoded. */
    static String entities(String text) {
        return text.replace("&quot;", "\"")
                .replace("&apos;", "'")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&amp;", "&");
    }
}
