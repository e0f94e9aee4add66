package dev.lighthouse.policy.facts;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Finds secrets in text an agent writes: private key blocks, cloud access keys, API tokens. */
final class SecretScanner {
    private SecretScanner() {}

    /** Where a secret was found, {@code [start, end)} in the scanned text, and what kind it is. */
    record Found(String kind, int start, int end) {}

    /**
     * A kind of secret: its pattern, and literals of which every match contains one ({@code anchors}; compared without
     * case when the pattern ignores case). Most text contains none, and a search for a literal costs a fraction of the
     * regular expression's pass, which the hook pays on every call's text.
     */
    private record Kind(String name, Pattern pattern, boolean ignoreCase, List<String> anchors) {
        Kind(String name, String regex, String... anchors) {
            this(name, Pattern.compile(regex), false, List.of(anchors));
        }

        boolean mayOccurIn(String text) {
            for (String anchor : anchors) {
                if (ignoreCase ? containsIgnoringCase(text, anchor) : text.contains(anchor)) {
                    return true;
                }
            }
            return false;
        }
    }

    private static final List<Kind> KINDS = List.of(
            new Kind("private key", "-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----", "PRIVATE KEY"),
            new Kind("AWS access key", "\\b(?:AKIA|ASIA)[0-9A-Z]{16}\\b", "AKIA", "ASIA"),
            new Kind(
                    "AWS secret key",
                    Pattern.compile("(?i)aws_secret_access_key\\s*[=:]\\s*[\"']?[A-Za-z0-9/+]{40}"),
                    true,
                    List.of("aws_secret_access_key")),
            new Kind(
                    "GitHub token",
                    "\\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})",
                    "ghp_",
                    "gho_",
                    "ghu_",
                    "ghs_",
                    "ghr_",
                    "github_pat_"),
            new Kind("GitLab token", "\\bglpat-[A-Za-z0-9_-]{20,}", "glpat-"),
            new Kind("Slack token", "\\bxox[baprs]-[A-Za-z0-9-]{10,}", "xox"),
            new Kind("Google API key", "\\bAIza[0-9A-Za-z_-]{35}", "AIza"),
            new Kind("Stripe live key", "\\b[sr]k_live_[0-9a-zA-Z]{24,}", "k_live_"),
            new Kind("Anthropic key", "\\bsk-ant-[A-Za-z0-9_-]{20,}", "sk-ant-"),
            new Kind("OpenAI key", "\\bsk-(?:proj-)?[A-Za-z0-9_-]{32,}", "sk-"),
            new Kind("npm token", "\\bnpm_[A-Za-z0-9]{36}\\b", "npm_"));

    /** Every secret of the known kinds in {@code text} (they may overlap). Linear in the text's length per kind. */
    static List<Secrets.Found> all(String text) {
        List<Secrets.Found> found = new ArrayList<>();
        for (Kind kind : KINDS) {
            if (!kind.mayOccurIn(text)) {
                continue;
            }
            Matcher m = kind.pattern().matcher(text);
            while (m.find()) {
                found.add(new Secrets.Found(kind.name(), m.start(), m.end()));
            }
        }
        return found;
    }

    /** The first secret in {@code text}, if any. Linear in the text's length per kind. */
    static Optional<Found> first(String text) {
        Found best = null;
        for (Kind kind : KINDS) {
            if (!kind.mayOccurIn(text)) {
                continue;
            }
            Matcher m = kind.pattern().matcher(text);
            if (m.find() && (best == null || m.start() < best.start())) {
                best = new Found(kind.name(), m.start(), m.end());
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * Whether a search pattern looks for a kind of secret by its telltale start ({@code AKIA}, {@code ghp_},
     * {@code PRIVATE KEY}): anchors shorter than four characters ({@code sk-}, {@code xox}) are too common in other
     * searches to say so.
     */
    static boolean huntsFor(String pattern) {
        for (Kind kind : KINDS) {
            for (String anchor : kind.anchors()) {
                if (anchor.length() >= 4
                        && (kind.ignoreCase() ? containsIgnoringCase(pattern, anchor) : pattern.contains(anchor))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean containsIgnoringCase(String text, String literal) {
        for (int i = 0, last = text.length() - literal.length(); i <= last; i++) {
            if (text.regionMatches(true, i, literal, 0, literal.length())) {
                return true;
            }
        }
        return false;
    }
}
