package dev.lighthouse.policy.facts;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Finds secrets in text so that it can be recorded without them: the token kinds of the taint check (private keys,
 * cloud and API keys), values assigned to credential-like names ({@code PGPASSWORD=…}, {@code API_TOKEN="…"}),
 * credential flags ({@code --password=…}, {@code --token …}) and passwords in URLs ({@code https://u:pw@host}).
 *
 * <p>Linear in the text's length: the assignment and flag forms are found by scanning, not by regular expressions
 * that could backtrack. Pure and thread-safe.
 */
public final class Secrets {
    private Secrets() {}

    /** A secret at {@code [start, end)} of the scanned text. */
    public record Found(String kind, int start, int end) {
        public Found {
            requireNonNull(kind, "kind");
            if (start < 0 || end <= start) {
                throw new IllegalArgumentException("empty or negative range [%d, %d)".formatted(start, end));
            }
        }
    }

    private static final List<String> CREDENTIAL_WORDS = List.of(
            "PASSWORD", "PASSWD", "SECRET", "TOKEN", "APIKEY", "API_KEY", "ACCESS_KEY", "PRIVATE_KEY", "CREDENTIAL");
    private static final Set<String> CREDENTIAL_FLAGS =
            Set.of("password", "passwd", "pass", "token", "secret", "api-key", "apikey", "access-key", "auth-token");

    /** How a redacted secret begins ({@code [redacted KIND …]}): never found again, so redacting twice changes nothing. */
    public static final String REDACTED = "[redacted ";

    /** Every secret in {@code text}, in order, none overlapping another. */
    public static List<Found> find(String text) {
        List<Found> all = new ArrayList<>();
        for (Found f : SecretScanner.all(text)) {
            all.add(f.kind().equals("private key") ? wholeKeyBlock(text, f) : f);
        }
        assignments(text, all);
        flags(text, all);
        urlPasswords(text, all);
        all.sort(Comparator.comparingInt(Found::start).thenComparing(f -> -f.end()));
        List<Found> kept = new ArrayList<>();
        int covered = 0;
        for (Found f : all) {
            if (f.start() >= covered) {
                kept.add(f);
                covered = f.end();
            }
        }
        return kept;
    }

    /** The scanner finds a key block's first line; the secret is the block, up to its END line. */
    private static Found wholeKeyBlock(String text, Found begin) {
        int end = text.indexOf("-----END", begin.end());
        if (end < 0) {
            return new Found(begin.kind(), begin.start(), text.length());
        }
        int close = text.indexOf("-----", end + 8);
        return new Found(begin.kind(), begin.start(), close < 0 ? text.length() : close + 5);
    }

    /** {@code NAME=value} where NAME names a credential: the value. */
    private static void assignments(String text, List<Found> out) {
        for (int eq = text.indexOf('='); eq >= 0; eq = text.indexOf('=', eq + 1)) {
            int nameStart = eq;
            while (nameStart > 0 && isNameChar(text.charAt(nameStart - 1))) {
                nameStart--;
            }
            if (nameStart == eq || !credentialName(text.substring(nameStart, eq))) {
                continue;
            }
            int end = valueEnd(text, eq + 1);
            if (end > eq + 1) {
                out.add(new Found("credential", eq + 1, end));
            }
        }
    }

    /** {@code --password=value} and {@code --password value}: the value. */
    private static void flags(String text, List<Found> out) {
        for (int dash = text.indexOf("--"); dash >= 0; dash = text.indexOf("--", dash + 2)) {
            int nameEnd = dash + 2;
            while (nameEnd < text.length() && (isNameChar(text.charAt(nameEnd)) || text.charAt(nameEnd) == '-')) {
                nameEnd++;
            }
            String name = text.substring(dash + 2, nameEnd).toLowerCase(Locale.ROOT);
            if (!CREDENTIAL_FLAGS.contains(name) || nameEnd >= text.length()) {
                continue;
            }
            char sep = text.charAt(nameEnd);
            if (sep != '=' && sep != ' ') {
                continue;
            }
            int end = valueEnd(text, nameEnd + 1);
            if (end > nameEnd + 1 && text.charAt(nameEnd + 1) != '-') {
                out.add(new Found("credential", nameEnd + 1, end));
            }
        }
    }

    /** {@code scheme://user:password@host}: the password. */
    private static void urlPasswords(String text, List<Found> out) {
        for (int at = text.indexOf("://"); at >= 0; at = text.indexOf("://", at + 3)) {
            int i = at + 3;
            int colon = -1;
            for (; i < text.length() && i < at + 3 + 512; i++) {
                char c = text.charAt(i);
                if (c == ':' && colon < 0) {
                    colon = i;
                } else if (c == '@') {
                    break;
                } else if (c == '/' || Character.isWhitespace(c) || c == '\'' || c == '"') {
                    i = text.length();
                }
            }
            if (colon > 0 && i < text.length() && text.charAt(i) == '@' && i > colon + 1) {
                out.add(new Found("URL password", colon + 1, i));
            }
        }
    }

    private static boolean credentialName(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        for (String word : CREDENTIAL_WORDS) {
            if (upper.contains(word)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isNameChar(char c) {
        return c == '_' || c == '.' || Character.isLetterOrDigit(c);
    }

    /** Where a shell or dotenv value starting at {@code from} ends: its closing quote, or the next blank or separator. */
    private static int valueEnd(String text, int from) {
        if (from >= text.length() || text.startsWith(REDACTED, from)) {
            return from;
        }
        char first = text.charAt(from);
        if ((first == '"' || first == '\'') && text.startsWith(REDACTED, from + 1)) {
            return from;
        }
        if (first == '"' || first == '\'') {
            int close = text.indexOf(first, from + 1);
            return close < 0 ? text.length() : close + 1;
        }
        int i = from;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c) || c == ';' || c == '&' || c == '|' || c == ')' || c == '"' || c == '\'') {
                break;
            }
            i++;
        }
        return i;
    }
}
