package dev.lighthouse.shell.syntax;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lighthouse.shell.TableLines;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Differential test against an independent parser, mvdan/sh's {@code shfmt --to-json -ln bash}: over the whole table
 * of tricky lines and over generated lines, both parsers must agree on whether a line is valid bash and, for valid
 * lines, on where every word starts and ends.
 *
 * <p>What is compared, and the deliberate differences (also listed line by line in
 * {@code shfmt-differences.txt}):
 *
 * <ul>
 *   <li>Words are compared by source span. shfmt parses arithmetic ({@code $((...))}, {@code ((...))},
 *       {@code for ((...))}), {@code [[ ]]} tests, parameter-expansion operands ({@code ${x:-word}}) and declaration
 *       builtins ({@code export}, {@code declare}, {@code local}, {@code readonly}, {@code typeset}, {@code let}) into
 *       structures of their own; we keep those as text or as ordinary commands, so words inside them are left out on
 *       both sides. {@code time} is a keyword for shfmt and a wrapper command for us. A here-document body is
 *       compared by its start: shfmt's span includes the closing delimiter line, ours ends before it.
 *   <li>Validity: where bash and shfmt would reject a line but we accept it (or the reverse) on purpose, the line is
 *       listed in {@code shfmt-differences.txt} with the reason.
 * </ul>
 *
 * Skipped with a message when shfmt is not installed ({@code apt-get install shfmt}); CI installs it.
 */
class ShfmtDifferentialTest {
    private static final long SEED = 424242L;
    private static final int GENERATED = 150;
    private static final Set<String> SKIPPED_SHFMT_NODES =
            Set.of("TestClause", "ArithmCmd", "ArithmExp", "DeclClause", "LetClause", "ParamExp", "CStyleLoop");
    private static final Set<String> DECLARATIONS =
            Set.of("export", "declare", "local", "readonly", "typeset", "let", "nameref");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @BeforeAll
    static void shfmtInstalled() {
        boolean present;
        try {
            Process p = new ProcessBuilder("shfmt", "--version")
                    .redirectErrorStream(true)
                    .start();
            present = p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            present = false;
        }
        Assumptions.assumeTrue(present, "shfmt is not installed: differential tests skipped (apt-get install shfmt)");
    }

    @Test
    void tableLines_agreeWithShfmt() {
        assertAgreement(TableLines.all());
    }

    @Test
    void generatedLines_agreeWithShfmt() {
        LineGenerator generator = new LineGenerator(SEED);
        System.out.println("ShfmtDifferentialTest.generated seed=" + SEED);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < GENERATED; i++) {
            lines.add(generator.line());
        }
        assertAgreement(lines);
    }

    private static void assertAgreement(List<String> lines) {
        Set<String> deliberate = deliberateDifferences();
        List<String> disagreements = new ArrayList<>();
        for (String line : lines) {
            if (deliberate.contains(line)) {
                continue;
            }
            Shfmt theirs = shfmt(line);
            ParseResult ours = BashParser.parse(line, 32);
            if (theirs.valid() != !ours.incomplete()) {
                disagreements.add("validity: shfmt " + (theirs.valid() ? "accepts" : "rejects") + ", we "
                        + (ours.incomplete() ? "reject " + ours.problems() : "accept") + ": " + line);
            } else if (theirs.valid()) {
                Set<String> ourWords = ourWords(line, ours.script());
                if (!ourWords.equals(theirs.words())) {
                    disagreements.add("words: shfmt " + theirs.words() + " we " + ourWords + ": " + line);
                }
            }
        }
        assertThat(disagreements).as("undocumented disagreements with shfmt").isEmpty();
    }

    static Set<String> deliberateDifferences() {
        try (InputStream in = ShfmtDifferentialTest.class.getResourceAsStream("/shfmt-differences.txt")) {
            Set<String> lines = new TreeSet<>();
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            for (String block : text.split("\n\n")) {
                StringBuilder line = new StringBuilder();
                for (String l : block.split("\n")) {
                    if (!l.startsWith("#") && !l.isEmpty()) {
                        line.append(line.isEmpty() ? "" : "\n").append(l);
                    }
                }
                if (!line.isEmpty()) {
                    lines.add(line.toString());
                }
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Arithmetic is parsed into parts of its own (issue 26): the command substitutions inside {@code (( ))},
     * {@code $(( ))}, {@code for (( ))} headers and subscripts must sit where shfmt puts them.
     */
    @Test
    void substitutionsInsideArithmetic_agreeWithShfmt() {
        List<String> lines = List.of(
                "for (( i=$(rm -rf ~); i<1; i++ )); do :; done",
                "for ((i=0;i<1;i+=$(rm -rf /)1)); do :; done",
                "for ((;;)); do break; done",
                "(( x = $(id -u) + `id -g` ))",
                "echo $(( $(date +%s) - ${start:-0} ))",
                "echo $(( a[$(id -u)] + 1 ))",
                "(( $(echo 1) ? $(echo 2) : 3 ))",
                "for (( i = $( (echo 1) ); i < $(echo 3); i++ )); do echo $(( i * $(echo 2) )); done");
        List<String> disagreements = new ArrayList<>();
        for (String line : lines) {
            Set<String> theirs = shfmtSubstitutions(line);
            Set<String> ours = new TreeSet<>();
            substitutions(BashParser.parse(line, 32).script().statements(), ours);
            if (!theirs.equals(ours)) {
                disagreements.add("substitutions: shfmt " + theirs + " we " + ours + ": " + line);
            }
        }
        assertThat(disagreements).isEmpty();
    }

    private static Set<String> shfmtSubstitutions(String line) {
        try {
            Process p = new ProcessBuilder("shfmt", "--to-json", "-ln", "bash").start();
            p.getOutputStream().write(line.getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            p.getErrorStream().readAllBytes();
            assertThat(p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0)
                    .as("shfmt accepts " + line)
                    .isTrue();
            Set<String> spans = new TreeSet<>();
            collectShfmtSubstitutions(JSON.readTree(out), line, spans);
            return spans;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void collectShfmtSubstitutions(JsonNode node, String line, Set<String> spans) {
        if (node.isArray()) {
            node.forEach(n -> collectShfmtSubstitutions(n, line, spans));
        } else if (node.isObject()) {
            if (node.has("Type") && node.get("Type").asString().equals("CmdSubst")) {
                spans.add(charOffset(line, node.get("Pos").get("Offset").asInt()) + "-"
                        + charOffset(line, node.get("End").get("Offset").asInt()));
            }
            node.properties().forEach(e -> collectShfmtSubstitutions(e.getValue(), line, spans));
        }
    }

    /** Every command substitution in the tree, arithmetic and parameter operands included. */
    private static void substitutions(List<Statement> statements, Set<String> spans) {
        for (Statement s : statements) {
            s.redirects().forEach(r -> wordSubstitutions(r.target().parts(), spans));
            switch (s.command()) {
                case CommandNode.Simple c -> {
                    c.assignments().forEach(a -> wordSubstitutions(a.value().parts(), spans));
                    c.words().forEach(w -> wordSubstitutions(w.parts(), spans));
                }
                case CommandNode.Pipeline p -> substitutions(p.stages(), spans);
                case CommandNode.AndOr a -> substitutions(List.of(a.left(), a.right()), spans);
                case CommandNode.Subshell g -> substitutions(g.body(), spans);
                case CommandNode.Group g -> substitutions(g.body(), spans);
                case CommandNode.If i -> {
                    i.branches().forEach(b -> {
                        substitutions(b.condition(), spans);
                        substitutions(b.body(), spans);
                    });
                    substitutions(i.otherwise(), spans);
                }
                case CommandNode.Loop l -> {
                    substitutions(l.condition(), spans);
                    substitutions(l.body(), spans);
                }
                case CommandNode.For f -> {
                    f.arithmetic().ifPresent(h -> wordSubstitutions(h.parts(), spans));
                    f.items().forEach(w -> wordSubstitutions(w.parts(), spans));
                    substitutions(f.body(), spans);
                }
                case CommandNode.Select x -> substitutions(x.body(), spans);
                case CommandNode.Case k -> k.items().forEach(item -> substitutions(item.body(), spans));
                case CommandNode.FunctionDef f -> substitutions(List.of(f.body()), spans);
                case CommandNode.Arithmetic a -> wordSubstitutions(a.parts(), spans);
                case CommandNode.Test t -> t.words().forEach(w -> wordSubstitutions(w.parts(), spans));
            }
        }
    }

    private static void wordSubstitutions(List<WordPart> parts, Set<String> spans) {
        for (WordPart p : parts) {
            switch (p) {
                case WordPart.CommandSubstitution c -> {
                    spans.add(c.span().start() + "-" + c.span().end());
                    substitutions(c.body(), spans);
                }
                case WordPart.DoubleQuoted d -> wordSubstitutions(d.parts(), spans);
                case WordPart.ArithmeticExpansion a -> wordSubstitutions(a.parts(), spans);
                case WordPart.ParamExpansion x -> x.argument().ifPresent(w -> wordSubstitutions(w.parts(), spans));
                case WordPart.ProcessSubstitution x -> substitutions(x.body(), spans);
                case WordPart.Literal _, WordPart.SingleQuoted _, WordPart.AnsiCQuoted _ -> {}
            }
        }
    }

    // ---- shfmt's side

    record Shfmt(boolean valid, Set<String> words) {}

    private static Shfmt shfmt(String line) {
        try {
            Process p = new ProcessBuilder("shfmt", "--to-json", "-ln", "bash").start();
            p.getOutputStream().write(line.getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            p.getErrorStream().readAllBytes();
            if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return new Shfmt(false, Set.of());
            }
            Set<String> words = new TreeSet<>();
            collectShfmtWords(JSON.readTree(out), line, words);
            return new Shfmt(true, words);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** shfmt's words are the JSON objects with {@code Parts} and no {@code Type}. */
    private static void collectShfmtWords(JsonNode node, String line, Set<String> words) {
        if (node.isArray()) {
            node.forEach(n -> collectShfmtWords(n, line, words));
            return;
        }
        if (!node.isObject()) {
            return;
        }
        if (node.has("Type") && SKIPPED_SHFMT_NODES.contains(node.get("Type").asString())) {
            return;
        }
        if (node.has("Parts") && !node.has("Type") && node.has("Pos")) {
            int start = charOffset(line, node.get("Pos").get("Offset").asInt());
            int end = charOffset(line, node.get("End").get("Offset").asInt());
            if (end > start) {
                words.add(start + "-" + end);
            }
        }
        node.properties().forEach(e -> {
            if (e.getKey().equals("Hdoc") && e.getValue().has("Pos")) {
                // shfmt's here-document word ends after the closing delimiter; ours ends before it.
                words.add(charOffset(line, e.getValue().get("Pos").get("Offset").asInt()) + "-heredoc");
                collectShfmtWords(e.getValue().get("Parts"), line, words);
            } else {
                collectShfmtWords(e.getValue(), line, words);
            }
        });
    }

    /** shfmt counts UTF-8 bytes; we count UTF-16 chars. */
    private static int charOffset(String line, int byteOffset) {
        int bytes = 0;
        for (int i = 0; i < line.length(); i++) {
            if (bytes >= byteOffset) {
                return i;
            }
            bytes += String.valueOf(line.charAt(i)).getBytes(StandardCharsets.UTF_8).length;
        }
        return line.length();
    }

    // ---- our side

    private static Set<String> ourWords(String line, Script script) {
        Set<String> words = new TreeSet<>();
        statements(script.statements(), words);
        return words;
    }

    private static void statements(List<Statement> statements, Set<String> words) {
        statements.forEach(s -> statement(s, words));
    }

    private static void statement(Statement s, Set<String> words) {
        command(s.command(), words);
        for (RedirectNode r : s.redirects()) {
            word(r.target(), words);
            r.hereDoc().ifPresent(body -> {
                words.add(body.span().start() + "-heredoc");
                parts(body.parts(), words);
            });
        }
    }

    private static void command(CommandNode c, Set<String> words) {
        switch (c) {
            case CommandNode.Simple s -> {
                String first = s.words().isEmpty()
                        ? ""
                        : s.words().getFirst().literal().orElse("");
                if (DECLARATIONS.contains(first)) {
                    return;
                }
                for (AssignmentNode a : s.assignments()) {
                    word(a.value(), words);
                    a.array().forEach(w -> word(w, words));
                }
                int skip = first.equals("time") ? 1 : 0;
                if (skip == 1
                        && s.words().size() > 1
                        && s.words().get(1).literal().orElse("").equals("-p")) {
                    skip = 2;
                }
                s.words().stream().skip(skip).forEach(w -> word(w, words));
            }
            case CommandNode.Pipeline p -> p.stages().forEach(st -> statement(st, words));
            case CommandNode.AndOr a -> {
                statement(a.left(), words);
                statement(a.right(), words);
            }
            case CommandNode.Subshell s -> statements(s.body(), words);
            case CommandNode.Group g -> statements(g.body(), words);
            case CommandNode.If i -> {
                i.branches().forEach(b -> {
                    statements(b.condition(), words);
                    statements(b.body(), words);
                });
                statements(i.otherwise(), words);
            }
            case CommandNode.Loop l -> {
                statements(l.condition(), words);
                statements(l.body(), words);
            }
            case CommandNode.For f -> {
                f.items().forEach(w -> word(w, words));
                statements(f.body(), words);
            }
            case CommandNode.Select s -> {
                s.items().forEach(w -> word(w, words));
                statements(s.body(), words);
            }
            case CommandNode.Case k -> {
                word(k.subject(), words);
                k.items().forEach(item -> {
                    item.patterns().forEach(w -> word(w, words));
                    statements(item.body(), words);
                });
            }
            case CommandNode.FunctionDef f -> statement(f.body(), words);
            case CommandNode.Arithmetic _, CommandNode.Test _ -> {}
        }
    }

    private static void word(WordNode w, Set<String> words) {
        if (w.span().end() > w.span().start()) {
            words.add(w.span().start() + "-" + w.span().end());
        }
        parts(w.parts(), words);
    }

    private static void parts(List<WordPart> parts, Set<String> words) {
        for (WordPart p : parts) {
            switch (p) {
                case WordPart.DoubleQuoted d -> parts(d.parts(), words);
                case WordPart.CommandSubstitution c -> statements(c.body(), words);
                case WordPart.ProcessSubstitution s -> statements(s.body(), words);
                case WordPart.Literal _,
                        WordPart.SingleQuoted _,
                        WordPart.AnsiCQuoted _,
                        WordPart.ParamExpansion _,
                        WordPart.ArithmeticExpansion _ -> {}
            }
        }
    }
}
