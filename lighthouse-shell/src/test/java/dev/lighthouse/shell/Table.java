package dev.lighthouse.shell;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The table of tricky command lines ({@code effective-commands.txt}): each case is the line (one or more text lines)
 * followed by its expected effective commands, one per {@code => } line, in a compact rendering:
 *
 * <pre>
 * via1 > via2 :: program arg 'arg with space' «dynamic» {>/resolved/target} +trait [code=python/argument: finding,...]
 * </pre>
 *
 * {@code => (none)} means no command runs; {@code => !incomplete} that the analysis must say it is incomplete. Cases
 * are separated by blank lines; {@code ## } lines outside cases are comments. All lines run with cwd
 * {@code /srv/proj}, home {@code /home/u}.
 */
final class Table {
    static final ShellContext CONTEXT =
            new ShellContext("/srv/proj", "/home/u", Map.of("USER", "u"), Limits.defaults());

    record Case(String line, List<String> expected, int lineNumber) {
        @Override
        public String toString() {
            return "line " + lineNumber + ": " + line.replace("\n", "⏎");
        }
    }

    private Table() {}

    static List<Case> load() {
        try (InputStream in = Table.class.getResourceAsStream("/effective-commands.txt")) {
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Case> parse(String text) {
        List<Case> cases = new ArrayList<>();
        List<String> input = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        int start = 0;
        String[] lines = text.split("\n", -1);
        for (int i = 0; i <= lines.length; i++) {
            String l = i < lines.length ? lines[i] : "";
            if (l.isEmpty()) {
                if (!input.isEmpty()) {
                    cases.add(new Case(String.join("\n", input), List.copyOf(expected), start));
                }
                input.clear();
                expected.clear();
            } else if (l.startsWith("=> ")) {
                expected.add(l.substring(3));
            } else if (input.isEmpty() && l.startsWith("## ")) {
                continue;
            } else {
                if (input.isEmpty()) {
                    start = i + 1;
                }
                input.add(l);
            }
        }
        return cases;
    }

    /** The expected-lines rendering of an analysis. */
    static List<String> render(Analysis a) {
        List<String> out = new ArrayList<>();
        if (a.incomplete()) {
            out.add("!incomplete");
        }
        a.commands().forEach(c -> out.add(render(c)));
        if (a.commands().isEmpty()) {
            out.add("(none)");
        }
        return out;
    }

    static String render(Command c) {
        StringBuilder sb = new StringBuilder();
        if (!c.via().isEmpty()) {
            sb.append(String.join(" > ", c.via())).append(" :: ");
        }
        sb.append(c.program().contains(" ") ? "'" + c.program() + "'" : c.program());
        for (Word w : c.args()) {
            sb.append(' ').append(arg(w));
        }
        for (Redirect r : c.redirects()) {
            boolean defaultFd = r.fd() == (r.operator().startsWith("<") ? 0 : 1);
            String target = r.target().path().orElse(arg(r.target()));
            sb.append(" {")
                    .append(defaultFd ? "" : r.fd())
                    .append(r.operator())
                    .append(target)
                    .append('}');
        }
        c.traits().stream()
                .map(t -> "+" + t.name().toLowerCase(Locale.ROOT))
                .sorted()
                .forEach(t -> sb.append(' ').append(t));
        c.code()
                .ifPresent(code -> sb.append(" [code=")
                        .append(code.language())
                        .append('/')
                        .append(code.source().name().toLowerCase(Locale.ROOT))
                        .append(code.findings().isEmpty() ? "" : ": ")
                        .append(code.findings().stream()
                                .map(f -> f.kind().name().toLowerCase(Locale.ROOT))
                                .collect(Collectors.joining(",")))
                        .append(']'));
        return sb.toString();
    }

    private static String arg(Word w) {
        String v = w.value().replace("\n", "\\n").replace("\t", "\\t");
        if (v.isEmpty() || v.contains(" ")) {
            v = "'" + v + "'";
        }
        return w.dynamic() ? "«" + v + "»" : v;
    }
}
