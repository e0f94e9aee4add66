package dev.lighthouse.shell.syntax;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Recursive-descent bash parser working directly on characters, because bash's tokens depend on context (a {@code #}
 * starts a comment only at a word start, {@code }} closes a group only in command position, quotes nest inside
 * substitutions).
 *
 * <p>Design: one cursor {@code pos} over {@code src} up to {@code end}. Every loop either consumes a character or
 * stops, and no position is re-scanned except by the bounded look-aheads for {@code $((}, so parsing is linear in the
 * input. Errors never throw: they add a {@link Problem} and the parser continues with what it has. Nesting deeper than
 * the limit stops the parse (the rest of the input is skipped and reported). Here-document bodies are read when their
 * operator is seen (from the next line on) and the region is skipped when the cursor later reaches that newline.
 */
final class Parser {
    private static final Set<String> NOTHING = Set.of();
    private static final Pattern LINE_START_TABS = Pattern.compile("(?<=\n)\t+");
    private static final Set<String> CLOSE_PAREN = Set.of(")");
    private static final List<String> RESERVED_CLOSERS =
            List.of("then", "elif", "else", "fi", "do", "done", "esac", "in");

    private final String src;
    private final int base;
    private final int maxNesting;
    private final List<Problem> problems;
    /** Where the nesting limit first cut the input (source offset), shared with parsers of backquoted bodies. */
    private final int[] cutAt;

    private int end;
    private int pos;
    private int depth;
    private boolean aborted;
    private int heredocSkipFrom = -1;
    private int heredocSkipTo = -1;

    Parser(String src, int maxNesting) {
        this(src, 0, maxNesting, 0, new ArrayList<>(), new int[] {-1});
    }

    /** A parser over {@code src} whose spans are shifted by {@code base} (for backquoted bodies). */
    private Parser(String src, int base, int maxNesting, int depth, List<Problem> problems, int[] cutAt) {
        this.src = src;
        this.base = base;
        this.maxNesting = maxNesting;
        this.depth = depth;
        this.problems = problems;
        this.cutAt = cutAt;
        this.end = src.length();
    }

    ParseResult parse() {
        List<Statement> statements = list(NOTHING);
        return result(new Script(statements, span(0, src.length())));
    }

    private ParseResult result(Script script) {
        return new ParseResult(
                script, !problems.isEmpty(), problems, cutAt[0] < 0 ? OptionalInt.empty() : OptionalInt.of(cutAt[0]));
    }

    /** The whole input as the text of one arithmetic command {@code (( ))}: its expansions are parsed. */
    ParseResult arithmetic() {
        Span all = span(0, src.length());
        CommandNode.Arithmetic expression = new CommandNode.Arithmetic(src, region(0, src.length()), all);
        Statement statement = new Statement(expression, List.of(), false, false, all);
        return result(new Script(List.of(statement), all));
    }

    // ---- lists and statements

    /** Statements until end of input or a closer ({@code ")"}, {@code "}"}, a reserved word, {@code ";;"}). */
    private List<Statement> list(Set<String> closers) {
        List<Statement> out = new ArrayList<>();
        if (!enter()) {
            return out;
        }
        while (true) {
            skipSeparators(closers);
            if (pos >= end || atCloser(closers)) {
                break;
            }
            int before = pos;
            Statement s = andOr(closers);
            if (s != null) {
                skipBlanks();
                if (peek('&') && !peekAt(1, '&') && !peekAt(1, '>')) {
                    pos++;
                    s = new Statement(s.command(), s.redirects(), s.negated(), true, s.span());
                } else if (peek(';') && !peekAt(1, ';') && !peekAt(1, '&')) {
                    pos++;
                } else if (!(pos >= end || peek('\n') || peek('#') || atCloser(closers))) {
                    problem("unexpected '" + src.charAt(pos) + "' after a command (expected ; & newline or end)", pos);
                    pos++;
                }
                out.add(s);
            }
            if (pos == before) {
                problem("unexpected '" + src.charAt(pos) + "'", pos);
                pos++;
            }
        }
        depth--;
        return out;
    }

    private void skipSeparators(Set<String> closers) {
        while (pos < end) {
            char c = src.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\r') {
                pos++;
            } else if (c == '\n') {
                newline();
            } else if (c == '\\' && peekAt(1, '\n')) {
                pos += 2;
            } else if (c == '#') {
                skipComment();
            } else if (c == ';' && !peekAt(1, ';') && !peekAt(1, '&') && !closers.contains(";;")) {
                problem("unexpected ';' (expected a command before it)", pos);
                pos++;
            } else {
                return;
            }
        }
    }

    private Statement andOr(Set<String> closers) {
        Statement left = pipeline(closers);
        while (left != null) {
            skipBlanks();
            String op = peek("&&") ? "&&" : peek("||") ? "||" : null;
            if (op == null) {
                break;
            }
            int opAt = pos;
            pos += 2;
            skipBlanksAndNewlines();
            Statement right = pipeline(closers);
            if (right == null) {
                problem("expected a command after '" + op + "'", opAt);
                break;
            }
            Span s = left.span().union(right.span());
            left = new Statement(new CommandNode.AndOr(left, op, right, s), List.of(), false, false, s);
        }
        return left;
    }

    private Statement pipeline(Set<String> closers) {
        skipBlanks();
        int start = pos;
        boolean negated = false;
        if (atWord("!")) {
            negated = true;
            pos++;
            skipBlanks();
        }
        Statement first = command(closers);
        if (first == null) {
            if (negated) {
                problem("expected a command after '!'", start);
            }
            return null;
        }
        List<Statement> stages = new ArrayList<>(List.of(first));
        List<String> ops = new ArrayList<>();
        while (true) {
            skipBlanks();
            if (!peek('|') || peekAt(1, '|')) {
                break;
            }
            int opAt = pos;
            String op = peekAt(1, '&') ? "|&" : "|";
            pos += op.length();
            skipBlanksAndNewlines();
            Statement next = command(closers);
            if (next == null) {
                problem("expected a command after '" + op + "'", opAt);
                break;
            }
            stages.add(next);
            ops.add(op);
        }
        if (stages.size() == 1) {
            return negated ? new Statement(first.command(), first.redirects(), true, false, span(start, pos)) : first;
        }
        Span s = span(start, pos);
        return new Statement(new CommandNode.Pipeline(stages, ops, s), List.of(), negated, false, s);
    }

    /** One command with its redirections, or null when none starts here. */
    private Statement command(Set<String> closers) {
        skipBlanks();
        if (pos >= end || atCloser(closers)) {
            return null;
        }
        int start = pos;
        for (String reserved : RESERVED_CLOSERS) {
            if (atWord(reserved)) {
                problem("unexpected '" + reserved + "' (nothing to close here)", pos);
                pos += reserved.length();
                return null;
            }
        }
        CommandNode node = compound();
        List<RedirectNode> redirects = new ArrayList<>();
        if (node == null) {
            node = simple(redirects);
            if (node == null) {
                return null;
            }
        } else {
            while (true) {
                skipBlanks();
                RedirectNode r = redirect();
                if (r == null) {
                    break;
                }
                redirects.add(r);
            }
        }
        return new Statement(node, redirects, false, false, span(start, pos));
    }

    // ---- compound commands

    private CommandNode compound() {
        if (peek("((")) {
            return arithmeticCommand();
        }
        if (peek('(')) {
            return subshell();
        }
        if (atWord("{")) {
            return group();
        }
        if (atWord("if")) {
            return ifClause();
        }
        if (atWord("while") || atWord("until")) {
            return loop();
        }
        if (atWord("for")) {
            return forClause();
        }
        if (atWord("select")) {
            return selectClause();
        }
        if (atWord("case")) {
            return caseClause();
        }
        if (atWord("[[")) {
            return test();
        }
        if (atWord("function")) {
            return functionKeyword();
        }
        return functionParens();
    }

    private CommandNode arithmeticCommand() {
        int start = pos;
        int close = findArithmeticEnd(pos + 2);
        if (close < 0) {
            return subshell();
        }
        pos = close + 2;
        return new CommandNode.Arithmetic(src.substring(start + 2, close), region(start + 2, close), span(start, pos));
    }

    private CommandNode subshell() {
        int start = pos++;
        List<Statement> body = list(CLOSE_PAREN);
        expectChar(')', "to close '(' at " + (base + start));
        return new CommandNode.Subshell(body, span(start, pos));
    }

    private CommandNode group() {
        int start = pos++;
        List<Statement> body = list(Set.of("}"));
        expectWord("}", "to close '{' at " + (base + start));
        return new CommandNode.Group(body, span(start, pos));
    }

    private CommandNode ifClause() {
        int start = pos;
        pos += 2;
        List<CommandNode.Branch> branches = new ArrayList<>();
        List<Statement> otherwise = List.of();
        while (true) {
            List<Statement> cond = list(Set.of("then"));
            expectWord("then", "after the condition of 'if' at " + (base + start));
            List<Statement> body = list(Set.of("elif", "else", "fi"));
            branches.add(new CommandNode.Branch(cond, body));
            if (atWord("elif")) {
                pos += 4;
                continue;
            }
            if (atWord("else")) {
                pos += 4;
                otherwise = list(Set.of("fi"));
            }
            break;
        }
        expectWord("fi", "to close 'if' at " + (base + start));
        return new CommandNode.If(branches, otherwise, span(start, pos));
    }

    private CommandNode loop() {
        int start = pos;
        boolean until = atWord("until");
        pos += 5;
        List<Statement> cond = list(Set.of("do"));
        List<Statement> body = doBody(start);
        return new CommandNode.Loop(until, cond, body, span(start, pos));
    }

    private List<Statement> doBody(int start) {
        skipSeparators(NOTHING);
        expectWord("do", "for the loop at " + (base + start));
        List<Statement> body = list(Set.of("done"));
        expectWord("done", "to close the loop at " + (base + start));
        return body;
    }

    private CommandNode forClause() {
        int start = pos;
        pos += 3;
        skipBlanks();
        if (peek("((")) {
            int close = findArithmeticEnd(pos + 2);
            if (close >= 0) {
                int headerStart = pos;
                CommandNode.Arithmetic header = new CommandNode.Arithmetic(
                        src.substring(pos + 2, close), region(pos + 2, close), span(headerStart, close + 2));
                pos = close + 2;
                skipBlanks();
                if (peek(';')) {
                    pos++;
                }
                List<Statement> body = doBody(start);
                return new CommandNode.For("", List.of(), Optional.of(header), body, span(start, pos));
            }
        }
        int nameStart = pos;
        while (pos < end && isNameChar(src.charAt(pos))) {
            pos++;
        }
        String variable = src.substring(nameStart, pos);
        if (variable.isEmpty()) {
            problem("expected a variable name after 'for'", pos);
        }
        List<WordNode> items = inItems();
        List<Statement> body = doBody(start);
        return new CommandNode.For(variable, items, Optional.empty(), body, span(start, pos));
    }

    private CommandNode selectClause() {
        int start = pos;
        pos += 6;
        skipBlanks();
        int nameStart = pos;
        while (pos < end && isNameChar(src.charAt(pos))) {
            pos++;
        }
        String variable = src.substring(nameStart, pos);
        if (variable.isEmpty()) {
            problem("expected a variable name after 'select'", pos);
        }
        List<WordNode> items = inItems();
        List<Statement> body = doBody(start);
        return new CommandNode.Select(variable, items, body, span(start, pos));
    }

    /** The optional {@code in WORDS ;} of for and select. */
    private List<WordNode> inItems() {
        skipBlanksAndNewlines();
        List<WordNode> items = new ArrayList<>();
        if (atWord("in")) {
            pos += 2;
            while (true) {
                skipBlanks();
                if (pos >= end || peek(';') || peek('\n')) {
                    break;
                }
                WordNode w = word();
                if (w == null) {
                    break;
                }
                items.add(w);
            }
        }
        skipBlanks();
        if (peek(';')) {
            pos++;
        }
        return items;
    }

    private CommandNode caseClause() {
        int start = pos;
        pos += 4;
        skipBlanks();
        WordNode subject = word();
        if (subject == null) {
            problem("expected a word after 'case'", pos);
            subject = new WordNode(List.of(), span(pos, pos));
        }
        skipBlanksAndNewlines();
        expectWord("in", "after 'case WORD' at " + (base + start));
        List<CommandNode.CaseItem> items = new ArrayList<>();
        Set<String> closers = Set.of(";;", ";&", ";;&", "esac");
        while (true) {
            skipBlanksAndNewlines();
            if (pos >= end || atWord("esac")) {
                break;
            }
            if (peek('(')) {
                pos++;
            }
            List<WordNode> patterns = new ArrayList<>();
            while (pos < end) {
                skipBlanks();
                WordNode p = word();
                if (p != null) {
                    patterns.add(p);
                }
                skipBlanks();
                if (peek('|')) {
                    pos++;
                } else {
                    break;
                }
            }
            if (!expectChar(')', "after the case pattern")) {
                break;
            }
            List<Statement> body = list(closers);
            String terminator = peek(";;&") ? ";;&" : peek(";;") ? ";;" : peek(";&") ? ";&" : "";
            pos += terminator.length();
            items.add(new CommandNode.CaseItem(patterns, body, terminator));
            if (terminator.isEmpty()) {
                break;
            }
        }
        expectWord("esac", "to close 'case' at " + (base + start));
        return new CommandNode.Case(subject, items, span(start, pos));
    }

    private CommandNode test() {
        int start = pos;
        pos += 2;
        List<WordNode> words = new ArrayList<>();
        while (true) {
            skipBlanksAndNewlines();
            if (pos >= end || atWord("]]")) {
                break;
            }
            int opLen = testOperatorLength();
            if (opLen > 0) {
                String op = src.substring(pos, pos + opLen);
                words.add(new WordNode(
                        List.of(new WordPart.Literal(op, op, span(pos, pos + opLen))), span(pos, pos + opLen)));
                pos += opLen;
                continue;
            }
            WordNode w = word();
            if (w == null) {
                problem("unexpected '" + src.charAt(pos) + "' in [[ ]]", pos);
                pos++;
            } else {
                words.add(w);
            }
        }
        expectWord("]]", "to close '[[' at " + (base + start));
        return new CommandNode.Test(words, span(start, pos));
    }

    private int testOperatorLength() {
        if (peek("&&") || peek("||")) {
            return 2;
        }
        return peek('(') || peek(')') || (peek('<') && !peekAt(1, '(')) || (peek('>') && !peekAt(1, '(')) ? 1 : 0;
    }

    private CommandNode functionKeyword() {
        int start = pos;
        pos += 8;
        skipBlanks();
        int nameStart = pos;
        while (pos < end && isFunctionNameChar(src.charAt(pos))) {
            pos++;
        }
        String name = src.substring(nameStart, pos);
        skipBlanks();
        if (peek('(')) {
            int save = pos;
            pos++;
            skipBlanks();
            if (peek(')')) {
                pos++;
            } else {
                pos = save;
            }
        }
        return functionBody(start, name);
    }

    /** {@code name ( )} at command position, else null with the cursor unchanged. */
    private CommandNode functionParens() {
        int start = pos;
        int i = pos;
        while (i < end && isFunctionNameChar(src.charAt(i))) {
            i++;
        }
        if (i == start || !isNameStart(src.charAt(start))) {
            return null;
        }
        int j = skipBlanksFrom(i);
        if (j >= end || src.charAt(j) != '(') {
            return null;
        }
        j = skipBlanksFrom(j + 1);
        if (j >= end || src.charAt(j) != ')') {
            return null;
        }
        String name = src.substring(start, i);
        pos = j + 1;
        return functionBody(start, name);
    }

    private CommandNode functionBody(int start, String name) {
        if (name.isEmpty()) {
            problem("expected a function name", pos);
        }
        skipBlanksAndNewlines();
        Statement body = command(NOTHING);
        if (body == null) {
            problem("expected a function body for '" + name + "'", pos);
            body = new Statement(
                    new CommandNode.Group(List.of(), span(pos, pos)), List.of(), false, false, span(pos, pos));
        }
        return new CommandNode.FunctionDef(name, body, span(start, pos));
    }

    // ---- simple commands

    private CommandNode simple(List<RedirectNode> redirects) {
        int start = pos;
        List<AssignmentNode> assignments = new ArrayList<>();
        List<WordNode> words = new ArrayList<>();
        while (true) {
            skipBlanks();
            if (pos >= end || atCommandEnd()) {
                break;
            }
            if (peek('#')) {
                skipComment();
                break;
            }
            RedirectNode r = processSubstitutionAhead() ? null : redirect();
            if (r != null) {
                redirects.add(r);
                continue;
            }
            if (words.isEmpty()) {
                AssignmentNode a = assignment();
                if (a != null) {
                    assignments.add(a);
                    continue;
                }
            }
            WordNode w = word();
            if (w == null) {
                break;
            }
            words.add(w);
        }
        if (assignments.isEmpty() && words.isEmpty() && redirects.isEmpty()) {
            return null;
        }
        return new CommandNode.Simple(assignments, words, span(start, pos));
    }

    private boolean atCommandEnd() {
        char c = src.charAt(pos);
        return switch (c) {
            case '\n', ';', '|', ')' -> true;
            case '&' -> !peekAt(1, '>');
            case '(' -> true;
            default -> false;
        };
    }

    private boolean processSubstitutionAhead() {
        return (peek('<') || peek('>')) && peekAt(1, '(');
    }

    private AssignmentNode assignment() {
        int start = pos;
        int i = pos;
        if (i >= end || !isNameStart(src.charAt(i))) {
            return null;
        }
        while (i < end && isNameChar(src.charAt(i))) {
            i++;
        }
        if (i < end && src.charAt(i) == '[') {
            int close = src.indexOf(']', i);
            if (close < 0 || close >= end) {
                return null;
            }
            i = close + 1;
        }
        boolean append = false;
        if (i + 1 < end && src.charAt(i) == '+' && src.charAt(i + 1) == '=') {
            append = true;
        } else if (i >= end || src.charAt(i) != '=') {
            return null;
        }
        String name = src.substring(start, i);
        pos = i + (append ? 2 : 1);
        if (peek('(')) {
            pos++;
            List<WordNode> items = new ArrayList<>();
            while (true) {
                skipBlanksAndNewlines();
                if (pos >= end || peek(')')) {
                    break;
                }
                WordNode w = word();
                if (w == null) {
                    problem("unexpected '" + src.charAt(pos) + "' in array assignment", pos);
                    pos++;
                } else {
                    items.add(w);
                }
            }
            expectChar(')', "to close the array of " + name);
            return new AssignmentNode(name, append, new WordNode(List.of(), span(pos, pos)), items, span(start, pos));
        }
        WordNode value = word();
        if (value == null) {
            value = new WordNode(List.of(), span(pos, pos));
        }
        return new AssignmentNode(name, append, value, List.of(), span(start, pos));
    }

    private static final String[] REDIRECT_OPS = {
        "&>>", "&>", "<<<", "<<-", "<<", "<>", "<&", ">>", ">&", ">|", "<", ">"
    };

    /** A redirection starting here (with its optional fd number), or null with the cursor unchanged. */
    private RedirectNode redirect() {
        int start = pos;
        int i = pos;
        while (i < end && Character.isDigit(src.charAt(i)) && i - pos < 4) {
            i++;
        }
        int digitsEnd = i;
        if (i == pos && i < end && src.charAt(i) == '{') {
            // {name}>file: bash allocates a descriptor and stores it in name.
            int j = i + 1;
            while (j < end && isNameChar(src.charAt(j))) {
                j++;
            }
            if (j > i + 1
                    && j + 1 < end
                    && src.charAt(j) == '}'
                    && (src.charAt(j + 1) == '<' || src.charAt(j + 1) == '>')) {
                i = j + 1;
            }
        }
        if (i >= end || (src.charAt(i) != '<' && src.charAt(i) != '>' && src.charAt(i) != '&')) {
            return null;
        }
        int fd = digitsEnd > pos ? Integer.parseInt(src.substring(pos, digitsEnd)) : -1;
        String op = null;
        for (String candidate : REDIRECT_OPS) {
            if (src.startsWith(candidate, i) && i + candidate.length() <= end) {
                op = candidate;
                break;
            }
        }
        if (op == null || (fd >= 0 && op.startsWith("&"))) {
            return null;
        }
        if ((op.equals("<") || op.equals(">")) && i + 1 < end && src.charAt(i + 1) == '(') {
            return null;
        }
        pos = i + op.length();
        skipBlanks();
        WordNode target = word();
        if (target == null) {
            problem("expected a word after '" + op + "'", i);
            target = new WordNode(List.of(), span(pos, pos));
        }
        Optional<WordNode> body =
                op.startsWith("<<") && !op.equals("<<<") ? Optional.of(hereDoc(op, target)) : Optional.empty();
        return new RedirectNode(fd, op, target, body, span(start, pos));
    }

    /** The parts of {@code src[from, to)} read like a here-document body (expansions live, quotes plain text). */
    private List<WordPart> region(int from, int to) {
        int savePos = pos;
        int saveEnd = end;
        pos = from;
        end = to;
        List<WordPart> parts = parts(Mode.HEREDOC);
        pos = savePos;
        end = saveEnd;
        return parts;
    }

    // ---- here-documents

    private WordNode hereDoc(String op, WordNode delimiterWord) {
        String delimiter = delimiterWord.literal().orElse(delimiterWord.span().of(src));
        boolean quoted = delimiterWord.parts().stream().anyMatch(p -> !(p instanceof WordPart.Literal))
                || delimiterWord.span().of(src).contains("\\");
        int bodyStart;
        if (heredocSkipTo >= 0) {
            bodyStart = heredocSkipTo;
        } else {
            int nl = src.indexOf('\n', pos);
            if (nl < 0 || nl >= end) {
                problem("here-document delimited by '" + delimiter + "' has no body", pos);
                return new WordNode(List.of(), span(end, end));
            }
            bodyStart = nl + 1;
            heredocSkipFrom = bodyStart;
        }
        boolean stripTabs = op.equals("<<-");
        int lineStart = bodyStart;
        int bodyEnd = -1;
        int after = end;
        StringBuilder text = new StringBuilder();
        while (lineStart < end) {
            int nl = src.indexOf('\n', lineStart);
            int lineEnd = nl < 0 || nl > end ? end : nl;
            int contentStart = lineStart;
            if (stripTabs) {
                while (contentStart < lineEnd && src.charAt(contentStart) == '\t') {
                    contentStart++;
                }
            }
            if (src.substring(contentStart, lineEnd).equals(delimiter)) {
                bodyEnd = lineStart;
                after = lineEnd < end ? lineEnd + 1 : end;
                break;
            }
            text.append(src, contentStart, lineEnd).append(lineEnd < end ? "\n" : "");
            lineStart = lineEnd + 1;
        }
        if (bodyEnd < 0) {
            problem("here-document delimited by '" + delimiter + "' is not terminated", bodyStart);
            bodyEnd = end;
            after = end;
        }
        heredocSkipTo = after;
        if (quoted) {
            String t = text.toString();
            return new WordNode(
                    List.of(new WordPart.Literal(t, t, span(bodyStart, bodyEnd))), span(bodyStart, bodyEnd));
        }
        List<WordPart> parts = region(bodyStart, bodyEnd);
        return new WordNode(stripTabs ? stripLeadingTabs(parts) : parts, span(bodyStart, bodyEnd));
    }

    /** {@code <<-}: leading tabs of each body line are removed from the literal text (offsets stay the source's). */
    private List<WordPart> stripLeadingTabs(List<WordPart> parts) {
        List<WordPart> out = new ArrayList<>(parts.size());
        for (WordPart p : parts) {
            if (p instanceof WordPart.Literal l) {
                boolean lineStart =
                        l.span().start() - base == 0 || src.charAt(l.span().start() - base - 1) == '\n';
                String v = LINE_START_TABS.matcher(l.value()).replaceAll("");
                if (lineStart) {
                    int t = 0;
                    while (t < v.length() && v.charAt(t) == '\t') {
                        t++;
                    }
                    v = v.substring(t);
                }
                out.add(new WordPart.Literal(l.raw(), v, l.span()));
            } else {
                out.add(p);
            }
        }
        return out;
    }

    private void newline() {
        pos++;
        if (heredocSkipFrom >= 0 && pos == heredocSkipFrom) {
            pos = Math.max(pos, heredocSkipTo);
            heredocSkipFrom = -1;
            heredocSkipTo = -1;
        }
    }

    // ---- words

    /** Where a run of word parts stops. */
    private enum Mode {
        /** An ordinary word: stops at blanks and metacharacters. */
        WORD,
        /** The argument of {@code ${x:-...}}: stops at the closing brace. */
        BRACE_ARG,
        /** Inside double quotes: stops at the closing quote. */
        DOUBLE,
        /** A here-document body: stops at the region end; quotes are plain text. */
        HEREDOC
    }

    /** A word starting here, or null when none does. */
    WordNode word() {
        int start = pos;
        List<WordPart> parts = parts(Mode.WORD);
        if (parts.isEmpty()) {
            return null;
        }
        return new WordNode(parts, span(start, pos));
    }

    private List<WordPart> parts(Mode mode) {
        List<WordPart> parts = new ArrayList<>(2);
        // The literal run is src[litStart, pos); its value needs a builder only once it holds an escape.
        StringBuilder value = null;
        int litStart = pos;
        int plainFrom = pos;
        while (pos < end) {
            char c = src.charAt(pos);
            boolean wordStart = pos == litStart && parts.isEmpty();
            if (stops(mode, c) && !(mode == Mode.WORD && wordStart && processSubstitutionAhead())) {
                break;
            }
            int before = pos;
            WordPart special = special(mode, c, wordStart);
            if (special != null) {
                flush(parts, litStart, before, value, plainFrom);
                value = null;
                parts.add(special);
                litStart = pos;
                plainFrom = pos;
                continue;
            }
            if (c == '\\' && pos + 1 < end) {
                value = value == null ? new StringBuilder() : value;
                value.append(src, plainFrom, pos);
                appendEscape(mode, src.charAt(pos + 1), value);
                pos += 2;
                plainFrom = pos;
                continue;
            }
            if (mode == Mode.WORD && "@!+*?".indexOf(c) >= 0 && peekAt(1, '(')) {
                int close = matchParen(pos + 1);
                if (close > 0) {
                    pos = close + 1;
                    continue;
                }
            }
            pos++;
        }
        flush(parts, litStart, pos, value, plainFrom);
        return parts;
    }

    /** The value of backslash-{@code n}: outside quotes any character; in double quotes and here-documents only some. */
    private static void appendEscape(Mode mode, char n, StringBuilder value) {
        if (n == '\n') {
            return;
        }
        if (mode == Mode.WORD || mode == Mode.BRACE_ARG || "$`\"\\".indexOf(n) >= 0) {
            if (mode == Mode.HEREDOC && n == '"') {
                value.append('\\');
            }
            value.append(n);
        } else {
            value.append('\\').append(n);
        }
    }

    private boolean stops(Mode mode, char c) {
        return switch (mode) {
            case WORD ->
                c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ';' || c == '&' || c == '|' || c == '('
                        || c == ')' || c == '<' || c == '>';
            case BRACE_ARG -> c == '}';
            case DOUBLE -> c == '"';
            case HEREDOC -> false;
        };
    }

    /** Quotes and expansions at the cursor (consumed), or null when the character is plain. */
    private WordPart special(Mode mode, char c, boolean wordStart) {
        return switch (c) {
            case '\'' -> mode == Mode.WORD || mode == Mode.BRACE_ARG ? singleQuoted() : null;
            case '"' -> mode == Mode.WORD || mode == Mode.BRACE_ARG ? doubleQuoted() : null;
            case '`' -> backquoted();
            case '$' -> dollar(mode);
            case '<', '>' -> mode == Mode.WORD && wordStart && peekAt(1, '(') ? processSubstitution() : null;
            default -> null;
        };
    }

    private void flush(List<WordPart> parts, int from, int to, StringBuilder value, int plainFrom) {
        if (to > from) {
            String raw = src.substring(from, to);
            String v = value == null ? raw : value.append(src, plainFrom, to).toString();
            parts.add(new WordPart.Literal(raw, v, span(from, to)));
        }
    }

    private WordPart singleQuoted() {
        int start = pos;
        int close = src.indexOf('\'', pos + 1);
        if (close < 0 || close >= end) {
            problem("unterminated single quote (expected ')", start);
            close = end;
        }
        String value = src.substring(start + 1, close);
        pos = Math.min(close + 1, end);
        return new WordPart.SingleQuoted(value, span(start, pos));
    }

    private WordPart doubleQuoted() {
        int start = pos++;
        List<WordPart> parts = parts(Mode.DOUBLE);
        expectChar('"', "to close the double quote at " + (base + start));
        return new WordPart.DoubleQuoted(parts, span(start, pos));
    }

    private WordPart ansiC() {
        int start = pos;
        int i = pos + 2;
        while (i < end && src.charAt(i) != '\'') {
            i += src.charAt(i) == '\\' ? 2 : 1;
        }
        if (i >= end) {
            problem("unterminated $' quote (expected ')", start);
            i = end;
        }
        String raw = src.substring(start + 2, Math.min(i, end));
        pos = Math.min(i + 1, end);
        return new WordPart.AnsiCQuoted(raw, AnsiC.decode(raw), span(start, pos));
    }

    private WordPart dollar(Mode mode) {
        char n = pos + 1 < end ? src.charAt(pos + 1) : 0;
        if (n == '\'' && mode != Mode.DOUBLE && mode != Mode.HEREDOC) {
            return ansiC();
        }
        if (n == '"' && mode != Mode.DOUBLE && mode != Mode.HEREDOC) {
            pos++;
            return doubleQuoted();
        }
        if (n == '(') {
            if (peekAt(2, '(')) {
                int close = findArithmeticEnd(pos + 3);
                if (close >= 0) {
                    int start = pos;
                    // $(( $(( … )) )) nests like $( ): bounded, so 5,000 levels are read flat, not a stack overflow.
                    if (!enter()) {
                        return new WordPart.ArithmeticExpansion("", List.of(), span(start, pos));
                    }
                    List<WordPart> parts = region(start + 3, close);
                    depth--;
                    pos = close + 2;
                    return new WordPart.ArithmeticExpansion(src.substring(start + 3, close), parts, span(start, pos));
                }
            }
            return commandSubstitution();
        }
        if (n == '{') {
            return bracedParameter();
        }
        if (isNameStart(n)) {
            int start = pos;
            int i = pos + 1;
            while (i < end && isNameChar(src.charAt(i))) {
                i++;
            }
            pos = i;
            return new WordPart.ParamExpansion(
                    src.substring(start + 1, i), false, "", "", Optional.empty(), span(start, pos));
        }
        if (Character.isDigit(n) || "@*#?-$!".indexOf(n) >= 0 && n != 0) {
            int start = pos;
            pos += 2;
            return new WordPart.ParamExpansion(String.valueOf(n), false, "", "", Optional.empty(), span(start, pos));
        }
        return null;
    }

    private static final String[] PARAM_OPS = {
        ":-", ":=", ":?", ":+", "-", "=", "?", "+", "##", "#", "%%", "%", "//", "/#", "/%", "/", "^^", "^", ",,", ",",
        "@", ":"
    };

    private WordPart bracedParameter() {
        int start = pos;
        pos += 2;
        if (!enter()) {
            return new WordPart.ParamExpansion("", true, "", "", Optional.empty(), span(start, pos));
        }
        String prefix = "";
        if ((peek('#') || peek('!')) && pos + 1 < end && src.charAt(pos + 1) != '}' && src.charAt(pos + 1) != ':') {
            prefix = String.valueOf(src.charAt(pos++));
        }
        int nameStart = pos;
        if (pos < end && isNameStart(src.charAt(pos))) {
            while (pos < end && isNameChar(src.charAt(pos))) {
                pos++;
            }
        } else if (pos < end && (Character.isDigit(src.charAt(pos)) || "@*#?-$!".indexOf(src.charAt(pos)) >= 0)) {
            pos++;
            while (Character.isDigit(src.charAt(nameStart)) && pos < end && Character.isDigit(src.charAt(pos))) {
                pos++;
            }
        }
        if (peek('[')) {
            int close = src.indexOf(']', pos);
            pos = close < 0 || close >= end ? end : close + 1;
        }
        String name = src.substring(nameStart, Math.min(pos, end));
        if (name.isEmpty()) {
            problem("bad substitution: expected a parameter name after '${'", start);
        }
        String operator = "";
        Optional<WordNode> argument = Optional.empty();
        if (!peek('}')) {
            for (String op : PARAM_OPS) {
                if (peek(op)) {
                    operator = op;
                    break;
                }
            }
            pos += operator.length();
            int argStart = pos;
            List<WordPart> parts = parts(Mode.BRACE_ARG);
            argument = Optional.of(new WordNode(parts, span(argStart, pos)));
            if (operator.isEmpty() && !parts.isEmpty()) {
                problem("bad substitution in '${" + name + "...}' (unknown operator)", start);
            }
        }
        expectChar('}', "to close '${' at " + (base + start));
        depth--;
        return new WordPart.ParamExpansion(name, true, prefix, operator, argument, span(start, pos));
    }

    private WordPart commandSubstitution() {
        int start = pos;
        pos += 2;
        List<Statement> body = list(CLOSE_PAREN);
        expectChar(')', "to close '$(' at " + (base + start));
        return new WordPart.CommandSubstitution(body, false, span(start, pos));
    }

    private WordPart processSubstitution() {
        int start = pos;
        char direction = src.charAt(pos);
        pos += 2;
        List<Statement> body = list(CLOSE_PAREN);
        expectChar(')', "to close '" + direction + "(' at " + (base + start));
        return new WordPart.ProcessSubstitution(direction, body, span(start, pos));
    }

    private WordPart backquoted() {
        int start = pos;
        StringBuilder inner = new StringBuilder();
        int i = pos + 1;
        while (i < end && src.charAt(i) != '`') {
            char c = src.charAt(i);
            if (c == '\\' && i + 1 < end && "`$\\".indexOf(src.charAt(i + 1)) >= 0) {
                inner.append(src.charAt(i + 1));
                i += 2;
            } else {
                inner.append(c);
                i++;
            }
        }
        if (i >= end) {
            problem("unterminated backquote (expected `)", start);
        }
        pos = Math.min(i + 1, end);
        List<Statement> body = List.of();
        if (enter()) {
            Parser sub = new Parser(inner.toString(), base + start + 1, maxNesting, depth, problems, cutAt);
            body = sub.list(NOTHING);
            depth--;
        }
        return new WordPart.CommandSubstitution(body, true, span(start, pos));
    }

    // ---- look-ahead helpers

    /** Index of the {@code ))} closing an arithmetic expression whose text starts at {@code from}, or -1. */
    private int findArithmeticEnd(int from) {
        int parens = 0;
        for (int i = from; i < end; i++) {
            char c = src.charAt(i);
            if (c == '(') {
                parens++;
            } else if (c == ')') {
                if (parens == 0) {
                    return i + 1 < end && src.charAt(i + 1) == ')' ? i : -1;
                }
                parens--;
            } else if (c == '\n' && parens == 0 || c == '\'' || c == '"' || c == '`') {
                return -1;
            }
        }
        return -1;
    }

    private int matchParen(int open) {
        int parens = 0;
        for (int i = open; i < end; i++) {
            char c = src.charAt(i);
            if (c == '(') {
                parens++;
            } else if (c == ')' && --parens == 0) {
                return i;
            } else if (c == ' ' || c == '\n' || c == ';' || c == '\'' || c == '"') {
                return -1;
            }
        }
        return -1;
    }

    private boolean atCloser(Set<String> closers) {
        if (closers.isEmpty() || pos >= end) {
            return false;
        }
        for (String c : closers) {
            if (c.equals(")") ? peek(')') : c.startsWith(";") ? peek(c) : atWord(c)) {
                return true;
            }
        }
        return false;
    }

    /** True if {@code w} is at the cursor and ends at a word boundary. */
    private boolean atWord(String w) {
        if (!src.startsWith(w, pos) || pos + w.length() > end) {
            return false;
        }
        int after = pos + w.length();
        if (after >= end) {
            return true;
        }
        char c = src.charAt(after);
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ';' || c == '&' || c == '|' || c == '('
                || c == ')' || c == '<' || c == '>';
    }

    private boolean peek(char c) {
        return pos < end && src.charAt(pos) == c;
    }

    private boolean peek(String s) {
        return src.startsWith(s, pos) && pos + s.length() <= end;
    }

    private boolean peekAt(int offset, char c) {
        return pos + offset < end && src.charAt(pos + offset) == c;
    }

    private void skipBlanks() {
        while (pos < end) {
            char c = src.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\r') {
                pos++;
            } else if (c == '\\' && peekAt(1, '\n')) {
                pos += 2;
            } else {
                return;
            }
        }
    }

    private int skipBlanksFrom(int i) {
        while (i < end && (src.charAt(i) == ' ' || src.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    private void skipBlanksAndNewlines() {
        while (pos < end) {
            skipBlanks();
            if (peek('\n')) {
                newline();
            } else if (peek('#')) {
                skipComment();
            } else {
                return;
            }
        }
    }

    private void skipComment() {
        while (pos < end && src.charAt(pos) != '\n') {
            pos++;
        }
    }

    private boolean expectChar(char c, String context) {
        if (peek(c)) {
            pos++;
            return true;
        }
        problem("expected '" + c + "' " + context + foundText(), pos);
        return false;
    }

    private void expectWord(String w, String context) {
        if (atWord(w)) {
            pos += w.length();
        } else {
            problem("expected '" + w + "' " + context + foundText(), pos);
        }
    }

    private String foundText() {
        return pos >= end ? ", found end of input" : ", found '" + src.charAt(pos) + "'";
    }

    /** Enters one nesting level; false (and the rest of the input skipped) when that exceeds the limit. */
    private boolean enter() {
        if (++depth > maxNesting) {
            depth--;
            if (!aborted) {
                problem("nesting deeper than " + maxNesting + " levels; the rest of the input is read flat", pos);
                aborted = true;
                if (cutAt[0] < 0) {
                    cutAt[0] = base + pos;
                }
            }
            pos = end;
            return false;
        }
        return true;
    }

    private void problem(String message, int at) {
        if (!aborted) {
            problems.add(new Problem(message, span(Math.min(at, src.length()), Math.min(at, src.length()))));
        }
    }

    private Span span(int start, int stop) {
        return new Span(base + start, base + Math.max(start, stop));
    }

    static boolean isNameStart(char c) {
        return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    static boolean isNameChar(char c) {
        return isNameStart(c) || (c >= '0' && c <= '9');
    }

    private static boolean isFunctionNameChar(char c) {
        return isNameChar(c) || c == '-' || c == '.' || c == ':';
    }
}
