package dev.lighthouse.policy.facts;

/** Where a quoted string ends, for the small readers of code inside calls and written files. */
final class Quoted {
    /** Which escapes a language's string literals have. */
    enum Escapes {
        /** A backslash escapes the next character (Groovy, Kotlin, Java). */
        BACKSLASH,
        /** A backslash escapes, and a doubled quote stands for one (AppleScript, shell-like text). */
        BACKSLASH_AND_DOUBLED_QUOTE,
        /** A doubled quote stands for one; a backslash escapes except inside MySQL's backquoted names. */
        SQL
    }

    private Quoted() {}

    /** The index just after the literal opened by the quote at {@code start}, or the text's length if it is open. */
    static int end(String text, int start, Escapes escapes) {
        char quote = text.charAt(start);
        boolean backslash = escapes != Escapes.SQL || quote != '`';
        boolean doubled = escapes != Escapes.BACKSLASH;
        int i = start + 1;
        while (i < text.length()) {
            char ch = text.charAt(i);
            if (ch == '\\' && backslash && i + 1 < text.length()) {
                i += 2;
            } else if (ch == quote) {
                if (doubled && i + 1 < text.length() && text.charAt(i + 1) == quote) {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        return text.length();
    }
}
