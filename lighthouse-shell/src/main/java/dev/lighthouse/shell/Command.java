package dev.lighthouse.shell;

import dev.lighthouse.shell.syntax.Span;
import java.util.AbstractList;
import java.util.List;
import java.util.Optional;
import java.util.RandomAccess;
import java.util.Set;

/**
 * An effective command: one program the command line would execute, after unwrapping wrappers, resolving quotes and
 * known variables, and decoding literal payloads.
 *
 * @param program the normalised program name: the basename after quote removal ({@code rm} for {@code /bin/rm},
 *     {@code \rm}, {@code 'r'm}, {@code command rm}, {@code busybox rm}); the written value when dynamic
 * @param programAsWritten the program word after quote removal, path included ({@code /bin/rm})
 * @param args argv[1..] after expansion and quote removal
 * @param assignments variables set for this command ({@code FOO=1 cmd}, {@code env FOO=1 cmd})
 * @param redirects redirections of this command and of the compound commands around it
 * @param traits how it runs
 * @param via the wrappers and routes that lead to it, outermost first, e.g. {@code sudo}, {@code bash -c},
 *     {@code xargs}, {@code find -exec}, {@code eval}, {@code base64 -d | sh}, {@code ssh HOST}, {@code $()}
 * @param stdin what feeds its standard input
 * @param span where it was written in the analysed text (for nested code: the outer word that carried it)
 * @param code for shells and interpreters: the code they would run
 */
public record Command(
        String program,
        String programAsWritten,
        List<Word> args,
        List<Assignment> assignments,
        List<Redirect> redirects,
        Set<Trait> traits,
        List<String> via,
        Input stdin,
        Span span,
        Optional<InterpreterCode> code) {
    public Command {
        args = List.copyOf(args);
        assignments = List.copyOf(assignments);
        redirects = List.copyOf(redirects);
        traits = Set.copyOf(traits);
        via = List.copyOf(via);
    }

    /**
     * The argument values, e.g. {@code [-rf, /home/u]}: an unmodifiable view, not a copy (rules ask for it many times
     * per command, and a hostile command has tens of thousands of arguments).
     */
    public List<String> argValues() {
        return new ArgValues(args);
    }

    private static final class ArgValues extends AbstractList<String> implements RandomAccess {
        private final List<Word> args;

        ArgValues(List<Word> args) {
            this.args = args;
        }

        @Override
        public String get(int index) {
            return args.get(index).value();
        }

        @Override
        public int size() {
            return args.size();
        }
    }

    /**
     * The text piped into standard input when the command line alone says what it is: what {@code echo},
     * {@code printf}, {@code cat} of a here-document or a decoder upstream prints. Empty for any other feeder, a
     * redirected file, a here-document (see {@link #stdin()}) or the caller's input.
     */
    public Optional<String> pipedText() {
        return stdin instanceof Input.Pipe pipe && !pipe.upstream().isEmpty()
                ? Payloads.output(pipe.upstream().getLast()).map(Payloads.Payload::text)
                : Optional.empty();
    }

    public boolean has(Trait trait) {
        return traits.contains(trait);
    }

    /** {@code program arg1 arg2}, for messages and tests. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(program);
        for (Word a : args) {
            sb.append(' ').append(a.value());
        }
        return sb.toString();
    }
}
