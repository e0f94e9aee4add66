package dev.lighthouse.shell.syntax;

import java.util.List;
import java.util.Random;

/**
 * Seeded generator of syntactically valid bash lines drawn from the constructs the parser supports: words with every
 * quoting and expansion form, redirections, pipelines, lists, compound commands, functions. Same seed, same lines.
 */
final class LineGenerator {
    private static final List<String> LITERALS = List.of(
            "rm",
            "-rf",
            "/",
            "ls",
            "a.txt",
            "x",
            "-la",
            "~/d",
            "/tmp/x",
            "*.log",
            "foo=bar",
            "git",
            "echo",
            "-n",
            "sudo",
            "bash",
            "-c",
            "curl",
            "http://h/p",
            "../up",
            "a\\ b",
            "{a,b}",
            "@(x|y)",
            "%s",
            "--flag=v");
    private static final List<String> NAMES = List.of("X", "HOME", "PWD", "dir", "_v", "A1");

    private final Random random;

    LineGenerator(long seed) {
        this.random = new Random(seed);
    }

    String line() {
        return list(0);
    }

    private String list(int depth) {
        int n = 1 + random.nextInt(depth == 0 ? 3 : 2);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(pick("; ", " && ", " || ", " & ", "\n"));
            }
            sb.append(pipeline(depth));
        }
        return sb.toString();
    }

    private String pipeline(int depth) {
        String first = command(depth);
        return random.nextInt(4) == 0 ? first + pick(" | ", " |& ") + command(depth) : first;
    }

    private String command(int depth) {
        if (depth >= 2) {
            return simple(depth);
        }
        return switch (random.nextInt(12)) {
            case 0 -> "( " + list(depth + 1) + " )";
            case 1 -> "{ " + list(depth + 1) + "; }";
            case 2 -> "if " + simple(depth + 1) + "; then " + list(depth + 1) + "; else " + simple(depth + 1) + "; fi";
            case 3 ->
                "for " + pick(NAMES) + " in " + word(depth + 1) + " " + word(depth + 1) + "; do " + list(depth + 1)
                        + "; done";
            case 4 -> "while " + simple(depth + 1) + "; do " + simple(depth + 1) + "; done";
            case 5 ->
                "case " + word(depth + 1) + " in a|b) " + simple(depth + 1) + " ;; *) " + simple(depth + 1)
                        + " ;; esac";
            case 6 -> "f() { " + list(depth + 1) + "; }; f " + word(depth + 1);
            case 7 -> "[[ " + word(depth + 1) + " == " + word(depth + 1) + " ]]";
            default -> simple(depth);
        };
    }

    private String simple(int depth) {
        StringBuilder sb = new StringBuilder();
        if (random.nextInt(5) == 0) {
            sb.append(pick(NAMES)).append('=').append(word(depth)).append(' ');
        }
        sb.append(word(depth));
        int args = random.nextInt(4);
        for (int i = 0; i < args; i++) {
            sb.append(' ').append(depth < 2 && random.nextInt(12) == 0 ? "<(" + simple(depth + 1) + ")" : word(depth));
        }
        if (random.nextInt(4) == 0) {
            sb.append(' ')
                    .append(pick(">", ">>", "2>", "<", "&>", ">|", "<<<", "2>&"))
                    .append(random.nextBoolean() ? "" : " ");
            sb.append(sb.charAt(sb.length() - 1) == '&' ? "1" : word(depth));
        }
        return sb.toString();
    }

    private String word(int depth) {
        int parts = 1 + random.nextInt(3);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < parts; i++) {
            sb.append(part(depth));
        }
        return sb.toString();
    }

    private String part(int depth) {
        return switch (random.nextInt(depth >= 2 ? 8 : 10)) {
            case 0 -> "'" + pick(LITERALS) + " " + pick(LITERALS) + "'";
            case 1 -> "\"" + pick(LITERALS) + " $" + pick(NAMES) + "\"";
            case 2 -> "$" + pick(NAMES);
            case 3 -> "${" + pick(NAMES) + pick("", ":-", "#", "%%", ":+", "/") + pick("d", "x", "") + "}";
            case 4 -> "$'\\x" + Integer.toHexString(0x61 + random.nextInt(20)) + "'";
            case 5 -> "$((" + random.nextInt(9) + " + " + random.nextInt(9) + "))";
            case 6, 7 -> pick(LITERALS);
            case 8 -> "$(" + simple(depth + 1) + ")";
            default -> "`" + pick(LITERALS) + " " + pick(LITERALS) + "`";
        };
    }

    private String pick(String... options) {
        return options[random.nextInt(options.length)];
    }

    private String pick(List<String> options) {
        return options.get(random.nextInt(options.size()));
    }
}
