package dev.lighthouse.shell;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * Lexical path resolution: joins a word to the working directory and folds {@code .} and {@code ..}. No file system
 * access, so symbolic links are not followed ({@code /tmp/link/..} gives {@code /tmp}).
 */
final class Paths {
    private Paths() {}

    /** {@code value} resolved against {@code cwd}; empty when {@code cwd} is unknown and the value is relative. */
    static Optional<String> resolve(String value, Optional<String> cwd) {
        if (value.startsWith("/")) {
            return Optional.of(normalise(value));
        }
        return cwd.map(dir -> normalise(dir + "/" + value));
    }

    /** Folds {@code //}, {@code .} and {@code ..} of an absolute path; {@code /..} stays {@code /}. */
    static String normalise(String absolute) {
        if (isNormal(absolute)) {
            return absolute;
        }
        Deque<String> parts = new ArrayDeque<>();
        for (String segment : absolute.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                parts.pollLast();
            } else {
                parts.addLast(segment);
            }
        }
        return "/" + String.join("/", parts);
    }

    /** True if no segment is empty, {@code .} or {@code ..} and there is no trailing slash (except for {@code /}). */
    private static boolean isNormal(String path) {
        int n = path.length();
        if (n == 1) {
            return true;
        }
        if (path.charAt(n - 1) == '/') {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (path.charAt(i) == '/') {
                int next = i + 1 < n ? path.charAt(i + 1) : -1;
                if (next == '/'
                        || next == '.' && (i + 2 >= n || path.charAt(i + 2) == '/' || path.charAt(i + 2) == '.')) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The last segment of a program path: {@code rm} for {@code /usr/bin/rm}. */
    static String basename(String value) {
        String v = value;
        while (v.length() > 1 && v.endsWith("/")) {
            v = v.substring(0, v.length() - 1);
        }
        int slash = v.lastIndexOf('/');
        return slash >= 0 && slash < v.length() - 1 ? v.substring(slash + 1) : v;
    }
}
