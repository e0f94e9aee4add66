package dev.lighthouse.coordination.lease;

import java.util.Optional;

/**
 * One path of a lease, absolute and normalised: a file or directory (covering itself and everything under it), or a
 * glob anchored at its longest directory prefix without wildcards.
 *
 * <p>Globs know {@code *} (any characters within one name), {@code **} (any characters across directories) and
 * {@code ?} (one character within a name); a glob covers the paths it matches and everything under them. Matching is a
 * dynamic programme over pattern and path, so its cost is bounded by their lengths (no backtracking blow-up).
 *
 * @param text the path as stored in the lease
 * @param anchor where it is indexed: the path itself, or the glob's fixed directory prefix
 * @param glob for a glob, the pattern relative to {@code anchor}
 */
record PathSpec(String text, String anchor, Optional<String> glob) {
    /** Longest path accepted in a lease. */
    static final int MAX_CHARS = 1024;

    /** Characters that make a path a pattern; {@code [} and {@code {} are refused rather than taken literally. */
    private static final String WILDCARDS = "*?[{";

    /** Parses an absolute, normalised path; empty with a reason in {@code problem} when it is not acceptable. */
    static PathSpec of(String absolute) {
        int wild = firstWildcard(absolute);
        if (wild < 0) {
            return new PathSpec(absolute, absolute, Optional.empty());
        }
        int slash = absolute.lastIndexOf('/', wild);
        String anchor = slash <= 0 ? "/" : absolute.substring(0, slash);
        return new PathSpec(absolute, anchor, Optional.of(absolute.substring(slash + 1)));
    }

    /** Index of the first wildcard character, or -1. */
    static int firstWildcard(String path) {
        for (int i = 0; i < path.length(); i++) {
            if (WILDCARDS.indexOf(path.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    /** Why a wildcard in {@code path} is not supported, if one is not. */
    static Optional<String> unsupported(String path) {
        int bracket = Math.max(path.indexOf('['), path.indexOf('{'));
        return bracket < 0
                ? Optional.empty()
                : Optional.of("\"%s\" uses %s; lease globs know only *, ** and ?"
                        .formatted(path, path.charAt(bracket) == '[' ? "[...]" : "{...}"));
    }

    /**
     * Whether this spec covers {@code path} (absolute, normalised), given that {@code anchor} is {@code path} or one
     * of its ancestors.
     */
    boolean coversFromAnchor(String path) {
        if (glob.isEmpty()) {
            return true;
        }
        String relative = relative(anchor, path);
        // The glob covers what it matches and everything under a match: try each leading part of the relative path.
        for (int i = 0; i <= relative.length(); i++) {
            if (i == relative.length() || relative.charAt(i) == '/') {
                if (matches(glob.get(), relative.substring(0, i))) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Whether this spec and {@code other} may cover a common path. Exact for plain paths; for globs it errs towards
     * an overlap (two globs anchored at the same directory, or a glob that reaches across directories, are taken to
     * overlap whatever lies on their line), because a lease missed is worse than one reported in excess.
     */
    boolean overlaps(PathSpec other) {
        PathSpec upper;
        PathSpec lower;
        if (within(other.anchor, anchor)) {
            upper = this;
            lower = other;
        } else if (within(anchor, other.anchor)) {
            upper = other;
            lower = this;
        } else {
            return false;
        }
        if (upper.glob.isEmpty()) {
            return true;
        }
        if (upper.anchor.equals(lower.anchor)) {
            return true; // a plain path there covers the glob; two globs there are taken to overlap
        }
        return upper.coversFromAnchor(lower.anchor) || upper.reachesAcrossDirectories();
    }

    private boolean reachesAcrossDirectories() {
        return glob.map(g -> g.contains("/") || g.contains("**")).orElse(false);
    }

    /** {@code path} relative to {@code dir}; {@code dir} must be {@code path} or an ancestor. */
    static String relative(String dir, String path) {
        if (path.equals(dir)) {
            return "";
        }
        return dir.equals("/") ? path.substring(1) : path.substring(dir.length() + 1);
    }

    /** Whether {@code descendant} is {@code dir} or lies under it. */
    static boolean within(String descendant, String dir) {
        return descendant.equals(dir)
                || dir.equals("/")
                || (descendant.startsWith(dir) && descendant.charAt(dir.length()) == '/');
    }

    /** Whether the glob {@code pattern} matches all of {@code text}. */
    static boolean matches(String pattern, String text) {
        int n = text.length();
        // can[j]: the pattern consumed so far matches text[0, j).
        boolean[] can = new boolean[n + 1];
        can[0] = true;
        int i = 0;
        while (i < pattern.length()) {
            char p = pattern.charAt(i);
            if (p == '*') {
                boolean doubleStar = i + 1 < pattern.length() && pattern.charAt(i + 1) == '*';
                boolean[] next = star(can, text, doubleStar);
                i += doubleStar ? 2 : 1;
                if (doubleStar && i < pattern.length() && pattern.charAt(i) == '/') {
                    // "**/" also matches no directory at all: src/**/x matches src/x.
                    boolean[] slash = one('/', next, text);
                    for (int j = 0; j <= n; j++) {
                        slash[j] |= can[j];
                    }
                    next = slash;
                    i++;
                }
                can = next;
            } else {
                can = one(p, can, text);
                i++;
            }
        }
        return can[n];
    }

    /** After a {@code *} (not across {@code /}) or {@code **} (across it). */
    private static boolean[] star(boolean[] can, String text, boolean acrossDirectories) {
        boolean[] next = new boolean[can.length];
        boolean reach = false;
        for (int j = 0; j < can.length; j++) {
            if (can[j]) {
                reach = true;
            } else if (reach && !acrossDirectories && text.charAt(j - 1) == '/') {
                reach = false;
            }
            next[j] = reach;
        }
        return next;
    }

    /** After one literal character, or {@code ?} (any one but {@code /}). */
    private static boolean[] one(char p, boolean[] can, String text) {
        boolean[] next = new boolean[can.length];
        for (int j = 1; j < can.length; j++) {
            char t = text.charAt(j - 1);
            next[j] = can[j - 1] && (p == '?' ? t != '/' : p == t);
        }
        return next;
    }
}
