package dev.lighthouse.shell;

import dev.lighthouse.shell.syntax.Span;
import dev.lighthouse.shell.syntax.WordPart;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Text that bash evaluates as an arithmetic expression or an array subscript, treated as the code it is.
 *
 * <p>Bash evaluates {@code $(( ))}, {@code (( ))}, {@code for (( ))}, {@code let}, the operands of {@code [[ -eq ]]}
 * and its kin, {@code declare -i} values, and the subscript of every array name it is given ({@code declare},
 * {@code unset}, {@code read}, {@code printf -v}, {@code test -v}, {@code a[i]=v}). Inside an expression, a variable's
 * value is itself evaluated as an expression, and a subscript is expanded first, so
 * {@code x='a[$(cmd)]'; echo $((x))} runs {@code cmd}. Here, such text is parsed when it is known (its substitutions
 * are walked, so their commands are recorded and judged) and every name in it is followed to its value. A value the
 * analysis cannot know (a caller variable, a substitution's output, a dynamic name) could hold such a subscript: that
 * adds a problem, so the analysis is incomplete and the call is never judged fully understood.
 *
 * <p>Names assigned by arithmetic ({@code i=0}, {@code i++}) hold integers and are safe to evaluate again
 * ({@link Scope#isNumeric}); so are bash's own integer variables ({@code $#}, {@code $?}, {@code RANDOM}...).
 */
final class Arithmetic {
    private static final Set<String> INTEGER_PARAMETERS = Set.of(
            "#",
            "?",
            "$",
            "!",
            "RANDOM",
            "SRANDOM",
            "SECONDS",
            "LINENO",
            "EPOCHSECONDS",
            "BASHPID",
            "PPID",
            "UID",
            "EUID",
            "OPTIND",
            "BASH_SUBSHELL",
            "HISTCMD");

    private final Normaliser normaliser;

    /*
     * Names whose value was followed from a mention to the end and led nowhere: no substitution, no unknown value, no
     * assignment. While the variables stay as they were (the same scope, the same version) another mention of such a
     * name would follow the same values to the same nothing, so it is skipped: 5,000 mentions of a name whose value
     * names four others, 25 deep, are followed once, not 5,000 times.
     */
    private final Set<String> leadNowhere = new HashSet<>();
    private Scope leadNowhereScope;
    private int leadNowhereVersion;
    /** Problems, code and assignments met so far: when a follow does not change it, it led nowhere. */
    private int effects;
    /** How many values deep the current follow is: only a mention's own name (depth 0) is remembered. */
    private int depth;

    Arithmetic(Normaliser normaliser) {
        this.normaliser = normaliser;
    }

    /** True if the expansion always gives an integer ({@code $#}, {@code ${#x}}, a name assigned by arithmetic). */
    static boolean integer(WordPart.ParamExpansion p, Scope scope) {
        if (p.prefix().equals("#")) {
            return true;
        }
        return p.prefix().isEmpty()
                && p.operator().isEmpty()
                && (INTEGER_PARAMETERS.contains(p.name()) || scope.isNumeric(p.name()));
    }

    /** An expression after expansion ({@code expanded}): evaluated, so its names and subscripts run as code. */
    void evaluate(Word expanded, Scope scope, Route route) {
        if (expanded.dynamic()) {
            unknown("the expression '" + expanded.value() + "'", expanded.span());
            return;
        }
        text(expanded.value(), expanded.span(), scope, route, new HashSet<>());
    }

    /**
     * A variable name bash resolves, as given to {@code declare}, {@code unset}, {@code read}, {@code printf -v},
     * {@code test -v}: an array subscript in it ({@code a[$(cmd)]}) is expanded and evaluated. For {@code NAME=value}
     * only the part before {@code =} is a name.
     */
    void name(Word w, Scope scope, Route route) {
        String name = namePart(w.value());
        if (w.dynamic() && (name.indexOf('$') >= 0 || name.indexOf('`') >= 0)) {
            unknown("the variable name '" + name + "'", w.span());
            return;
        }
        subscriptOf(name).ifPresent(sub -> text(sub, w.span(), scope, route, new HashSet<>()));
    }

    /**
     * The subscript of a name as written in the source ({@code a[SUB]=v}, {@code ${a[SUB]}}): expanded and evaluated
     * by bash even when quoted inside the brackets.
     */
    void subscript(String assignedName, Span at, Scope scope, Route route) {
        subscriptOf(assignedName).ifPresent(sub -> text(sub, at, scope, route, new HashSet<>()));
    }

    /** {@code NAME} of {@code NAME=value} (the first {@code =} outside brackets), or the whole word. */
    static String namePart(String word) {
        int brackets = 0;
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (c == '[') {
                brackets++;
            } else if (c == ']' && brackets > 0) {
                brackets--;
            } else if (c == '=' && brackets == 0) {
                int end = i > 0 && word.charAt(i - 1) == '+' ? i - 1 : i;
                return word.substring(0, end);
            }
        }
        return word;
    }

    /** The text between a name's first {@code [} and its matching {@code ]}, if the name has a subscript. */
    private static Optional<String> subscriptOf(String name) {
        int open = name.indexOf('[');
        if (open <= 0) {
            return Optional.empty();
        }
        int depth = 0;
        for (int i = open; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '[') {
                depth++;
            } else if (c == ']' && --depth == 0) {
                return Optional.of(name.substring(open + 1, i));
            }
        }
        return Optional.of(name.substring(open + 1));
    }

    /**
     * Known text bash evaluates: parsed when it holds expansions, else its names are followed. Values that name other
     * values can multiply ({@code x='y+y', y='z+z'...}), so the text read is budgeted: past the budget the rest is
     * not known.
     */
    private void text(String code, Span at, Scope scope, Route route, Set<String> following) {
        if (!normaliser.spendOnArithmetic(code.length())) {
            effects++;
            normaliser.problem("arithmetic text past the analysis budget is not read; bash evaluates it as code", at);
            return;
        }
        if (code.indexOf('$') >= 0 || code.indexOf('`') >= 0) {
            effects++;
            normaliser.arithmeticCode(code, scope, route, at);
            return;
        }
        names(code, at, scope, route, following);
    }

    /**
     * The names in an expression's text: those assigned with plain {@code =} become integers; every other one is read,
     * and bash evaluates its value as an expression in turn.
     */
    private void names(String text, Span at, Scope scope, Route route, Set<String> following) {
        int n = text.length();
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                // A number in any base: 42, 0x2A, 16#2a, 64#_@.
                while (i < n && (Character.isLetterOrDigit(text.charAt(i)) || "#_@".indexOf(text.charAt(i)) >= 0)) {
                    i++;
                }
            } else if (c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
                int start = i;
                while (i < n && nameChar(text.charAt(i))) {
                    i++;
                }
                String name = text.substring(start, i);
                if (assigned(text, i)) {
                    effects++;
                    scope.setNumeric(name);
                } else {
                    read(name, at, scope, route, following);
                }
            } else {
                i++;
            }
        }
    }

    /** True if the name ending at {@code i} is assigned with a plain {@code =} (not {@code ==}): its old value unread. */
    private static boolean assigned(String text, int i) {
        int k = i;
        while (k < text.length() && (text.charAt(k) == ' ' || text.charAt(k) == '\t')) {
            k++;
        }
        if (k < text.length() && text.charAt(k) == '[') {
            int depth = 0;
            for (; k < text.length(); k++) {
                char c = text.charAt(k);
                if (c == '[') {
                    depth++;
                } else if (c == ']' && --depth == 0) {
                    k++;
                    break;
                }
            }
            while (k < text.length() && (text.charAt(k) == ' ' || text.charAt(k) == '\t')) {
                k++;
            }
        }
        return k < text.length() && text.charAt(k) == '=' && (k + 1 >= text.length() || text.charAt(k + 1) != '=');
    }

    private void read(String name, Span at, Scope scope, Route route, Set<String> following) {
        if (INTEGER_PARAMETERS.contains(name) || scope.isNumeric(name) || following.contains(name)) {
            return;
        }
        if (following.contains("\0" + name)) {
            // Already followed in this expression (x='y+y+y'): the same value says nothing new.
            return;
        }
        boolean mention = depth == 0;
        if (mention && leadsNowhere(name, scope)) {
            return;
        }
        Optional<String> value = scope.value(name);
        if (value.isEmpty()) {
            unknown("the variable " + name, at);
            return;
        }
        String v = value.get().strip();
        if (v.isEmpty() || isInteger(v)) {
            return;
        }
        int effectsBefore = effects;
        int versionBefore = scope.version();
        following.add(name);
        depth++;
        try {
            text(v, at, scope, route, following);
        } finally {
            depth--;
        }
        following.remove(name);
        following.add("\0" + name);
        if (mention && effects == effectsBefore && scope.version() == versionBefore) {
            if (leadNowhereScope != scope || leadNowhereVersion != versionBefore) {
                leadNowhere.clear();
                leadNowhereScope = scope;
                leadNowhereVersion = versionBefore;
            }
            leadNowhere.add(name);
        }
    }

    private boolean leadsNowhere(String name, Scope scope) {
        return leadNowhereScope == scope && leadNowhereVersion == scope.version() && leadNowhere.contains(name);
    }

    private static boolean nameChar(char c) {
        return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    private static boolean isInteger(String v) {
        int start = v.startsWith("-") || v.startsWith("+") ? 1 : 0;
        if (start == v.length()) {
            return false;
        }
        for (int i = start; i < v.length(); i++) {
            if (!Character.isDigit(v.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private void unknown(String what, Span at) {
        effects++;
        normaliser.problem(
                what + " reaches arithmetic evaluation with a value not known here; bash evaluates it as code "
                        + "(an array subscript in it runs commands)",
                at);
    }
}
