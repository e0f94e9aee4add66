package dev.lighthouse.shell.syntax;

import java.util.ArrayList;
import java.util.List;

/**
 * Prints a syntax tree back as bash source, for the print-then-parse round-trip property. Lists are printed one
 * statement per line so that here-document bodies can follow the line that opened them.
 */
final class AstPrinter {
    private final StringBuilder out = new StringBuilder();
    private final List<String> pendingHereDocs = new ArrayList<>();

    static String print(Script script) {
        AstPrinter p = new AstPrinter();
        p.statements(script.statements());
        return p.out.toString();
    }

    private void statements(List<Statement> statements) {
        for (Statement s : statements) {
            statement(s);
            newline();
        }
    }

    private void newline() {
        out.append('\n');
        for (String doc : pendingHereDocs) {
            out.append(doc);
        }
        pendingHereDocs.clear();
    }

    private void statement(Statement s) {
        if (s.negated()) {
            out.append("! ");
        }
        command(s.command());
        for (RedirectNode r : s.redirects()) {
            out.append(' ');
            redirect(r);
        }
        if (s.background()) {
            out.append(" &");
        }
    }

    private void command(CommandNode c) {
        switch (c) {
            case CommandNode.Simple s -> {
                List<String> parts = new ArrayList<>();
                for (AssignmentNode a : s.assignments()) {
                    parts.add(assignment(a));
                }
                for (WordNode w : s.words()) {
                    parts.add(word(w));
                }
                out.append(String.join(" ", parts));
            }
            case CommandNode.Pipeline p -> {
                for (int i = 0; i < p.stages().size(); i++) {
                    if (i > 0) {
                        out.append(' ').append(p.operators().get(i - 1)).append(' ');
                    }
                    statement(p.stages().get(i));
                }
            }
            case CommandNode.AndOr a -> {
                statement(a.left());
                out.append(' ').append(a.operator()).append(' ');
                statement(a.right());
            }
            case CommandNode.Subshell s -> block("(", s.body(), ")");
            case CommandNode.Group g -> block("{", g.body(), "}");
            case CommandNode.If i -> {
                for (int b = 0; b < i.branches().size(); b++) {
                    block(b == 0 ? "if" : "elif", i.branches().get(b).condition(), "");
                    block("then", i.branches().get(b).body(), "");
                }
                if (!i.otherwise().isEmpty()) {
                    block("else", i.otherwise(), "");
                }
                out.append("fi");
            }
            case CommandNode.Loop l -> {
                block(l.until() ? "until" : "while", l.condition(), "");
                block("do", l.body(), "done");
            }
            case CommandNode.For f -> {
                if (f.arithmetic().isPresent()) {
                    out.append("for ((")
                            .append(f.arithmetic().get().expression())
                            .append("))");
                } else {
                    out.append("for ").append(f.variable());
                    items(f.items());
                }
                newline();
                block("do", f.body(), "done");
            }
            case CommandNode.Select s -> {
                out.append("select ").append(s.variable());
                items(s.items());
                newline();
                block("do", s.body(), "done");
            }
            case CommandNode.Case k -> {
                out.append("case ").append(word(k.subject())).append(" in");
                newline();
                for (CommandNode.CaseItem item : k.items()) {
                    out.append(String.join(
                                    " | ",
                                    item.patterns().stream()
                                            .map(AstPrinter::word)
                                            .toList()))
                            .append(')');
                    newline();
                    statements(item.body());
                    out.append(item.terminator());
                    newline();
                }
                out.append("esac");
            }
            case CommandNode.FunctionDef f -> {
                out.append(f.name()).append("() ");
                statement(f.body());
            }
            case CommandNode.Arithmetic a ->
                out.append("((").append(a.expression()).append("))");
            case CommandNode.Test t ->
                out.append("[[ ")
                        .append(String.join(
                                " ", t.words().stream().map(AstPrinter::word).toList()))
                        .append(" ]]");
        }
    }

    private void items(List<WordNode> items) {
        if (!items.isEmpty()) {
            out.append(" in ")
                    .append(String.join(
                            " ", items.stream().map(AstPrinter::word).toList()));
        }
    }

    private void block(String open, List<Statement> body, String close) {
        out.append(open);
        newline();
        statements(body);
        out.append(close);
    }

    private void redirect(RedirectNode r) {
        if (r.fd() >= 0) {
            out.append(r.fd());
        }
        out.append(r.operator()).append(word(r.target()));
        r.hereDoc().ifPresent(body -> {
            String text = parts(body.parts());
            String delimiter = r.target().literal().orElse("EOF");
            pendingHereDocs.add(text + (text.isEmpty() || text.endsWith("\n") ? "" : "\n") + delimiter + "\n");
        });
    }

    private static String assignment(AssignmentNode a) {
        String op = a.append() ? "+=" : "=";
        if (!a.array().isEmpty()) {
            return a.name() + op + "("
                    + String.join(" ", a.array().stream().map(AstPrinter::word).toList()) + ")";
        }
        return a.name() + op + word(a.value());
    }

    static String word(WordNode w) {
        return parts(w.parts());
    }

    private static String parts(List<WordPart> parts) {
        StringBuilder sb = new StringBuilder();
        for (WordPart p : parts) {
            sb.append(part(p));
        }
        return sb.toString();
    }

    private static String part(WordPart p) {
        return switch (p) {
            case WordPart.Literal l -> l.raw();
            case WordPart.SingleQuoted s -> "'" + s.value() + "'";
            case WordPart.AnsiCQuoted a -> "$'" + a.raw() + "'";
            case WordPart.DoubleQuoted d -> "\"" + parts(d.parts()) + "\"";
            case WordPart.ParamExpansion e ->
                e.braced()
                        ? "${" + e.prefix() + e.name() + e.operator()
                                + e.argument().map(AstPrinter::word).orElse("") + "}"
                        : "$" + e.name();
            case WordPart.CommandSubstitution c ->
                c.backquoted()
                        ? "`"
                                + body(c.body())
                                        .replace("\\", "\\\\")
                                        .replace("`", "\\`")
                                        .replace("$", "\\$") + "`"
                        : "$(" + body(c.body()) + ")";
            case WordPart.ArithmeticExpansion a -> "$((" + a.expression() + "))";
            case WordPart.ProcessSubstitution s -> s.direction() + "(" + body(s.body()) + ")";
        };
    }

    private static String body(List<Statement> statements) {
        AstPrinter p = new AstPrinter();
        p.statements(statements);
        return p.out.toString();
    }
}
