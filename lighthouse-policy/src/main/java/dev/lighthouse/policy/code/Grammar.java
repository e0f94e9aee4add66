package dev.lighthouse.policy.code;

import java.util.Locale;

/** How a language's statements are built, which decides the reader its code goes through. */
public enum Grammar {
    /**
     * Names and bracketed arguments, as in Python, JavaScript, Perl, Ruby, PHP, Lua and awk ({@code os.system("id")}):
     * read by {@link CodeReader}.
     */
    CALLS,
    /**
     * A command is words and the first names it, as in Tcl ({@code exec /bin/sh}, {@code file delete -force ~}):
     * braces quote, brackets substitute a command, {@code $} a variable. Read by {@link TclReader}.
     */
    WORDS,
    /**
     * A debugger's command lines ({@code python ...}, {@code shell ...}, {@code call system("id")}): the first word
     * names a {@link DebuggerCommand} which says what the rest of the line is. Read by {@link DebuggerReader}.
     */
    LINES;

    /** {@code calls}, {@code words}, {@code lines} as the data file spells it. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
