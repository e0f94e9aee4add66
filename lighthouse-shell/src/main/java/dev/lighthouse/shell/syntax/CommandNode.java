package dev.lighthouse.shell.syntax;

import java.util.List;
import java.util.Optional;

/** What a {@link Statement} runs: a simple command or one of bash's compound commands. */
public sealed interface CommandNode {
    Span span();

    /**
     * {@code NAME=value ... word word ...}; redirections are on the enclosing {@link Statement}.
     *
     * @param assignments prefix assignments, in order
     * @param words the command name and its arguments as written; empty for an assignment-only statement
     */
    record Simple(List<AssignmentNode> assignments, List<WordNode> words, Span span) implements CommandNode {
        public Simple {
            assignments = List.copyOf(assignments);
            words = List.copyOf(words);
        }
    }

    /**
     * {@code a | b |& c}.
     *
     * @param stages at least two
     * @param operators {@code "|"} or {@code "|&"}, one fewer than stages
     */
    record Pipeline(List<Statement> stages, List<String> operators, Span span) implements CommandNode {
        public Pipeline {
            stages = List.copyOf(stages);
            operators = List.copyOf(operators);
        }
    }

    /**
     * {@code left && right} or {@code left || right}; chains nest to the left.
     *
     * @param operator {@code "&&"} or {@code "||"}
     */
    record AndOr(Statement left, String operator, Statement right, Span span) implements CommandNode {}

    /** {@code ( list )}: runs in a child shell. */
    record Subshell(List<Statement> body, Span span) implements CommandNode {
        public Subshell {
            body = List.copyOf(body);
        }
    }

    /** <code>{ list; }</code>: runs in the current shell. */
    record Group(List<Statement> body, Span span) implements CommandNode {
        public Group {
            body = List.copyOf(body);
        }
    }

    /**
     * {@code if cond; then ...; elif ...; else ...; fi}.
     *
     * @param branches each condition with its body, the {@code if} first and then every {@code elif}
     * @param otherwise the {@code else} body; empty when absent
     */
    record If(List<Branch> branches, List<Statement> otherwise, Span span) implements CommandNode {
        public If {
            branches = List.copyOf(branches);
            otherwise = List.copyOf(otherwise);
        }
    }

    /** A condition and the body it guards. */
    record Branch(List<Statement> condition, List<Statement> body) {
        public Branch {
            condition = List.copyOf(condition);
            body = List.copyOf(body);
        }
    }

    /**
     * {@code while cond; do body; done} or {@code until ...}.
     *
     * @param until written {@code until}
     */
    record Loop(boolean until, List<Statement> condition, List<Statement> body, Span span) implements CommandNode {
        public Loop {
            condition = List.copyOf(condition);
            body = List.copyOf(body);
        }
    }

    /**
     * {@code for name in words; do body; done} or {@code for ((init; test; step)); do body; done}.
     *
     * @param variable the loop variable; empty for the arithmetic form
     * @param items the words after {@code in}; empty when {@code in} is omitted
     * @param arithmetic the header of the arithmetic form ({@code init; test; step}), parsed like {@code (( ))}: its
     *     substitutions run, its names are evaluated; empty for the list form
     */
    record For(String variable, List<WordNode> items, Optional<Arithmetic> arithmetic, List<Statement> body, Span span)
            implements CommandNode {
        public For {
            items = List.copyOf(items);
            body = List.copyOf(body);
        }
    }

    /** {@code select name in words; do body; done}: runs the body for the item a user picks. */
    record Select(String variable, List<WordNode> items, List<Statement> body, Span span) implements CommandNode {
        public Select {
            items = List.copyOf(items);
            body = List.copyOf(body);
        }
    }

    /** {@code case word in pattern) body ;; ... esac}. */
    record Case(WordNode subject, List<CaseItem> items, Span span) implements CommandNode {
        public Case {
            items = List.copyOf(items);
        }
    }

    /**
     * One {@code pattern | pattern) body ;;} arm.
     *
     * @param terminator {@code ;;}, {@code ;&} or {@code ;;&}; empty for the last arm without one
     */
    record CaseItem(List<WordNode> patterns, List<Statement> body, String terminator) {
        public CaseItem {
            patterns = List.copyOf(patterns);
            body = List.copyOf(body);
        }
    }

    /** {@code name() body} or {@code function name body}; the body runs only when the function is called. */
    record FunctionDef(String name, Statement body, Span span) implements CommandNode {}

    /**
     * {@code (( expression ))}.
     *
     * @param parts the expression's literal text and expansions, as in {@link WordPart.ArithmeticExpansion}
     */
    record Arithmetic(String expression, List<WordPart> parts, Span span) implements CommandNode {
        public Arithmetic {
            parts = List.copyOf(parts);
        }
    }

    /** {@code [[ words ]]}: a conditional expression; its words are data, except substitutions inside them. */
    record Test(List<WordNode> words, Span span) implements CommandNode {
        public Test {
            words = List.copyOf(words);
        }
    }
}
