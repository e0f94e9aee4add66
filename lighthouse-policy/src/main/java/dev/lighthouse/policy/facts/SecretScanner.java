package dev.lighthouse.policy.facts;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import java.util.List;
import java.util.Optional;

/** Finds secrets in text an agent writes: private key blocks, cloud access keys, API tokens. */
final class SecretScanner {
    private SecretScanner() {}

    /** Where a secret was found, {@code [start, end)} in the scanned text, and what kind it is. */
    record Found(String kind, int start, int end) {}

    private record Kind(String name, Pattern pattern) {}

    private static final List<Kind> KINDS = List.of(
            new Kind("private key", Pattern.compile("-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----")),
            new Kind("AWS access key", Pattern.compile("\\b(?:AKIA|ASIA)[0-9A-Z]{16}\\b")),
            new Kind("AWS secret key", Pattern.compile("(?i)aws_secret_access_key\\s*[=:]\\s*[\"']?[A-Za-z0-9/+]{40}")),
            new Kind("GitHub token", Pattern.compile("\\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})")),
            new Kind("GitLab token", Pattern.compile("\\bglpat-[A-Za-z0-9_-]{20,}")),
            new Kind("Slack token", Pattern.compile("\\bxox[baprs]-[A-Za-z0-9-]{10,}")),
            new Kind("Google API key", Pattern.compile("\\bAIza[0-9A-Za-z_-]{35}")),
            new Kind("Stripe live key", Pattern.compile("\\b[sr]k_live_[0-9a-zA-Z]{24,}")),
            new Kind("Anthropic key", Pattern.compile("\\bsk-ant-[A-Za-z0-9_-]{20,}")),
            new Kind("OpenAI key", Pattern.compile("\\bsk-(?:proj-)?[A-Za-z0-9_-]{32,}")),
            new Kind("npm token", Pattern.compile("\\bnpm_[A-Za-z0-9]{36}\\b")));

    /** The first secret in {@code text}, if any. Linear in the text's length per kind. */
    static Optional<Found> first(String text) {
        Found best = null;
        for (Kind kind : KINDS) {
            Matcher m = kind.pattern().matcher(text);
            if (m.find() && (best == null || m.start() < best.start())) {
                best = new Found(kind.name(), m.start(), m.end());
            }
        }
        return Optional.ofNullable(best);
    }
}
