package dev.lighthouse.shell;

import java.util.List;

/** What feeds an effective command's standard input. */
public sealed interface Input {
    /** Nothing redirected: the caller's stdin (or the function/loop's). */
    record Inherited() implements Input {}

    /** The output of the commands upstream in a pipeline, nearest last. */
    record Pipe(List<Command> upstream) implements Input {
        public Pipe {
            upstream = List.copyOf(upstream);
        }
    }

    /**
     * A here-string ({@code <<<}) or here-document ({@code <<}) body.
     *
     * @param operator {@code <<<}, {@code <<} or {@code <<-}
     * @param text the expanded text; a here-string gets its trailing newline as bash adds it
     */
    record Text(String operator, Word text) implements Input {}

    /** A file redirected with {@code <}. */
    record File(Word path) implements Input {}

    Input INHERITED = new Inherited();
}
