package dev.lighthouse.shell;

import java.util.regex.Pattern;

/** Bash glob patterns ({@code * ? [...]}) as regular expressions, for {@code ${x#pattern}} and friends. */
final class Glob {
    private Glob() {}

    static boolean hasGlob(String pattern) {
        return pattern.indexOf('*') >= 0 || pattern.indexOf('?') >= 0 || pattern.indexOf('[') >= 0;
    }

    static Pattern toRegex(String glob) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            switch (c) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                case '[' -> {
                    int close = glob.indexOf(']', i + 1);
                    if (close < 0) {
                        re.append("\\[");
                    } else {
                        String set = glob.substring(i + 1, close).replace("\\", "\\\\");
                        re.append('[')
                                .append(set.startsWith("!") ? "^" + set.substring(1) : set)
                                .append(']');
                        i = close;
                    }
                }
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        try {
            return Pattern.compile(re.toString(), Pattern.DOTALL);
        } catch (java.util.regex.PatternSyntaxException e) {
            // A bracket set Java reads differently from bash: match the pattern literally instead.
            return Pattern.compile(Pattern.quote(glob));
        }
    }
}
