package dev.lighthouse.policy.code;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One call a language's code can make, and what it does.
 *
 * @param names the call as written, members joined by {@code .} ({@code os.system}; Perl's {@code POSIX::setuid} and
 *     Ruby's {@code Process::Sys.setuid} are written {@code POSIX.setuid}, {@code Process.Sys.setuid}); a name
 *     without a dot matches only a bare call, never a method of something else ({@code unlink}, not
 *     {@code items.unlink})
 * @param does what it does
 * @param recursive for {@link CodeEffect#DELETES}: whether it removes a whole tree
 */
public record CodeCall(List<String> names, CodeEffect does, boolean recursive) {
    public CodeCall {
        names = List.copyOf(names);
        requireNonNull(does, "does");
    }
}
