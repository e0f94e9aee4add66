package dev.lighthouse.bridge.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An HTML page from the jar with {@code {{name}}} holes. A hole takes either text, which is always escaped, or
 * {@link Markup}, which only other templates make: nothing a caller or an agent wrote can reach the page unescaped.
 * A hole without a value is an error, not an empty string. Immutable, thread-safe.
 */
final class Template {
    private static final Pattern HOLE = Pattern.compile("\\{\\{([a-z][a-zA-Z]*)}}");
    private final String resource;
    private final String text;

    /** Markup made from a template (trusted); text becomes markup only through {@link #escape}. */
    record Markup(String html) {
        static final Markup EMPTY = new Markup("");
    }

    private Template(String resource, String text) {
        this.resource = resource;
        this.text = text;
    }

    static Template load(String name) {
        String resource = "/dev/lighthouse/bridge/console/" + name;
        try (InputStream in = Template.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the jar");
            }
            return new Template(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The page with each hole filled: a {@link String} escaped, a {@link Markup} as it is. */
    Markup render(Map<String, ?> values) {
        Matcher m = HOLE.matcher(text);
        StringBuilder out = new StringBuilder(text.length() + 256);
        while (m.find()) {
            Object value = values.get(m.group(1));
            String html = switch (value) {
                case String s -> escape(s);
                case Markup markup -> markup.html();
                case null ->
                    throw new IllegalArgumentException(
                            "%s: no value for {{%s}}; have %s".formatted(resource, m.group(1), values.keySet()));
                default ->
                    throw new IllegalArgumentException("%s: {{%s}} takes text or markup, not %s"
                            .formatted(resource, m.group(1), value.getClass().getSimpleName()));
            };
            m.appendReplacement(out, Matcher.quoteReplacement(html));
        }
        m.appendTail(out);
        return new Markup(out.toString());
    }

    /** {@code text} safe in HTML content and in quoted attribute values. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
