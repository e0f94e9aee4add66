package dev.lighthouse.policy.facts;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What SQL given to a database client does, read by a small lexer (strings, quoted names and comments understood, so
 * a keyword inside a string is data): which statements destroy, which files the server reads or writes, which
 * commands it or the client runs.
 *
 * <p>Destroys: {@code DROP …}, {@code TRUNCATE}, {@code ALTER TABLE … DROP}, {@code DELETE FROM} and
 * {@code UPDATE … SET} without {@code WHERE}, Redis {@code FLUSHALL}/{@code FLUSHDB}, MongoDB's
 * {@code dropDatabase()}, {@code drop()} and {@code deleteMany({})}. Files: MySQL's {@code INTO OUTFILE|DUMPFILE},
 * {@code LOAD_FILE}, {@code LOAD DATA INFILE}; PostgreSQL's {@code COPY … TO|FROM 'file'}, {@code pg_read_file},
 * {@code lo_import}. Commands: see {@link EmbeddedShell#sql}. Sources: PostgreSQL SQL commands and functions reference,
 * MySQL reference manual (DELETE, UPDATE, SELECT … INTO, LOAD DATA, LOAD_FILE), SQLite SQL, Redis and MongoDB
 * command references.
 *
 * <p>Accounts: {@code CREATE|ALTER|RENAME USER|ROLE}, {@code GRANT}, {@code REVOKE}, MySQL's {@code SET PASSWORD},
 * Redis {@code ACL SETUSER|DELUSER}, MongoDB's {@code createUser}, {@code updateUser}, {@code changeUserPassword} and
 * {@code grantRolesToUser} (PostgreSQL CREATE ROLE, ALTER ROLE and GRANT; MySQL CREATE USER, GRANT, SET PASSWORD; Redis
 * ACL; MongoDB user management methods).
 *
 * @param destroys a statement destroys data or schema
 * @param reads files the statement has the server read
 * @param writes files the statement has the server write
 * @param accounts a statement creates or changes an account, its password or its privileges
 */
public record SqlText(boolean destroys, List<String> reads, List<String> writes, boolean accounts) {
    private static final Set<String> ACCOUNT_METHODS =
            Set.of("createuser", "updateuser", "changeuserpassword", "grantrolestouser", "grantprivilegestorole");
    private static final Set<String> READ_FUNCTIONS =
            Set.of("load_file", "pg_read_file", "pg_read_binary_file", "lo_import", "pg_stat_file");

    public SqlText {
        reads = List.copyOf(reads);
        writes = List.copyOf(writes);
    }

    /** Reads {@code text}, one statement after another (split at {@code ;} outside strings). */
    public static SqlText read(String text) {
        List<List<Token>> statements = statements(text);
        boolean destroys = false;
        List<String> reads = new ArrayList<>();
        List<String> writes = new ArrayList<>();
        boolean accounts = false;
        for (List<Token> st : statements) {
            destroys |= destroys(st);
            accounts |= accounts(st);
            files(st, reads, writes);
        }
        return new SqlText(destroys, reads, writes, accounts);
    }

    /** {@code CREATE ROLE x SUPERUSER}, {@code GRANT ALL …}, {@code SET PASSWORD …}, {@code db.createUser(…)}. */
    private static boolean accounts(List<Token> st) {
        String first = st.getFirst().word();
        String second = st.size() > 1 ? st.get(1).word() : null;
        if ("grant".equals(first) || "revoke".equals(first)) {
            return true;
        }
        if (("create".equals(first) || "alter".equals(first) || "rename".equals(first))
                && ("user".equals(second) || "role".equals(second))) {
            return true;
        }
        if ("set".equals(first) && "password".equals(second)) {
            return true;
        }
        if ("acl".equals(first) && ("setuser".equals(second) || "deluser".equals(second))) {
            return true;
        }
        for (int i = 1; i + 1 < st.size(); i++) {
            // a punctuation token has no word: `..(` in a path read as SQL
            if (st.get(i - 1).punct() == '.'
                    && st.get(i).word() != null
                    && ACCOUNT_METHODS.contains(st.get(i).word())
                    && st.get(i + 1).punct() == '(') {
                return true;
            }
        }
        return false;
    }

    private record Token(String word, String string, char punct) {
        boolean is(String w) {
            return word != null && word.equals(w);
        }
    }

    private static boolean destroys(List<Token> st) {
        for (int i = 0; i < st.size(); i++) {
            Token t = st.get(i);
            if (t.word() == null) {
                continue;
            }
            switch (t.word()) {
                case "drop" -> {
                    boolean statement = i + 1 < st.size()
                            && st.get(i + 1).word() != null
                            && !st.get(i + 1).is("default");
                    // MongoDB: db.collection.drop()
                    boolean method = i > 0
                            && st.get(i - 1).punct() == '.'
                            && i + 2 < st.size()
                            && st.get(i + 1).punct() == '('
                            && st.get(i + 2).punct() == ')';
                    if (statement || method) {
                        return true;
                    }
                }
                case "truncate", "flushall", "flushdb", "dropdatabase" -> {
                    return true;
                }
                case "delete" -> {
                    if (i + 1 < st.size() && st.get(i + 1).is("from") && !later(st, i + 2, "where")) {
                        return true;
                    }
                }
                case "update" -> {
                    if (i + 2 < st.size()
                            && st.get(i + 1).word() != null
                            && !st.get(i + 1).is("set")
                            && st.get(i + 2).is("set")
                            && !later(st, i + 3, "where")) {
                        return true;
                    }
                }
                case "deletemany", "remove" -> {
                    // deleteMany({}) / remove({}): every document of the collection
                    if (i + 3 < st.size()
                            && st.get(i + 1).punct() == '('
                            && st.get(i + 2).punct() == '{'
                            && st.get(i + 3).punct() == '}') {
                        return true;
                    }
                }
                default -> {}
            }
        }
        return false;
    }

    private static boolean later(List<Token> st, int from, String word) {
        for (int i = from; i < st.size(); i++) {
            if (st.get(i).is(word)) {
                return true;
            }
        }
        return false;
    }

    private static void files(List<Token> st, List<String> reads, List<String> writes) {
        boolean copy = !st.isEmpty() && st.getFirst().is("copy")
                || st.size() > 1 && st.get(1).is("copy");
        for (int i = 0; i + 1 < st.size(); i++) {
            Token t = st.get(i);
            Token next = st.get(i + 1);
            if (t.word() == null) {
                continue;
            }
            if ((t.is("outfile") || t.is("dumpfile")) && next.string() != null) {
                writes.add(next.string());
            } else if (t.is("infile") && next.string() != null) {
                reads.add(next.string());
            } else if (READ_FUNCTIONS.contains(t.word())
                    && next.punct() == '('
                    && i + 2 < st.size()
                    && st.get(i + 2).string() != null) {
                reads.add(st.get(i + 2).string());
            } else if (copy && t.is("to") && next.string() != null) {
                writes.add(next.string());
            } else if (copy && t.is("from") && next.string() != null) {
                reads.add(next.string());
            }
        }
    }

    /** Tokens per statement: words (lower case), strings (their text), punctuation; comments dropped. */
    private static List<List<Token>> statements(String text) {
        List<List<Token>> all = new ArrayList<>();
        List<Token> st = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            char ch = text.charAt(i);
            if (ch == ';') {
                if (!st.isEmpty()) {
                    all.add(st);
                }
                st = new ArrayList<>();
                i++;
            } else if (Character.isWhitespace(ch)) {
                i++;
            } else if (ch == '-' && i + 1 < n && text.charAt(i + 1) == '-' || ch == '#') {
                int nl = text.indexOf('\n', i);
                i = nl < 0 ? n : nl;
            } else if (ch == '/' && i + 1 < n && text.charAt(i + 1) == '*') {
                int end = text.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else if (ch == '\'' || ch == '"' || ch == '`') {
                int end = Quoted.end(text, i, Quoted.Escapes.SQL);
                String body = text.substring(i + 1, Math.max(i + 1, end - 1));
                // "quoted" and `quoted` are names in SQL; 'quoted' is a string (MySQL also takes "…" as a string)
                st.add(ch == '`' ? new Token(body.toLowerCase(Locale.ROOT), null, '\0') : new Token(null, body, '\0'));
                i = end;
            } else if (Character.isLetterOrDigit(ch) || ch == '_' || ch == '$') {
                int start = i;
                while (i < n
                        && (Character.isLetterOrDigit(text.charAt(i))
                                || text.charAt(i) == '_'
                                || text.charAt(i) == '$')) {
                    i++;
                }
                st.add(new Token(text.substring(start, i).toLowerCase(Locale.ROOT), null, '\0'));
            } else {
                st.add(new Token(null, null, ch));
                i++;
            }
        }
        if (!st.isEmpty()) {
            all.add(st);
        }
        return all;
    }
}
