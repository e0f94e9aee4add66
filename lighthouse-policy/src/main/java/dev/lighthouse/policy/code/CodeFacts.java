package dev.lighthouse.policy.code;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a piece of interpreter code does, as {@link CodeReader} read it.
 *
 * @param effects every effect found
 * @param commands shell command lines it runs, literal up to run-time parts ({@link Token#RUN_TIME_VALUE})
 * @param paths the files it deletes, reads or writes; an empty path is one only known at run time
 * @param setuidTo the values given to setuid-like calls ({@code 0}; empty when not literal)
 * @param urls URLs named in calls that fetch or send
 * @param environment environment variables read by name
 * @param listensOn the literal addresses listen-like calls name, {@code *} for a call that names none (a port only)
 * @param readsWholeEnvironment whether it reads the whole environment ({@code os.environ}, {@code process.env})
 * @param truncated whether the code was longer than {@link CodeLexer#MAX_CHARS} (the rest is not read)
 */
public record CodeFacts(
        Set<CodeEffect> effects,
        List<String> commands,
        List<CodePath> paths,
        List<String> setuidTo,
        List<String> urls,
        List<String> environment,
        List<String> listensOn,
        boolean readsWholeEnvironment,
        boolean truncated) {
    public CodeFacts {
        effects = Set.copyOf(effects);
        commands = List.copyOf(commands);
        paths = List.copyOf(paths);
        setuidTo = List.copyOf(setuidTo);
        urls = List.copyOf(urls);
        environment = List.copyOf(environment);
        listensOn = List.copyOf(listensOn);
    }

    public boolean has(CodeEffect e) {
        return effects.contains(e);
    }

    /**
     * Whether a listen-like call accepts connections on every interface: it names {@code 0.0.0.0}, {@code ::} or the
     * empty host (also inside a URL: {@code tcp://0.0.0.0:80}), or no address at all (Node's and Ruby's servers then listen on all of them).
     */
    public boolean listensOnAllInterfaces() {
        return listensOn.stream()
                .anyMatch(a ->
                        a.equals("*") || a.isEmpty() || a.equals("::") || a.contains("0.0.0.0") || a.contains("[::]"));
    }

    /**
     * A file the code acts on.
     *
     * @param effect {@link CodeEffect#DELETES}, {@link CodeEffect#READS} or {@link CodeEffect#WRITES}
     * @param path the path as the code spells it ({@code ~} for the home directory), or empty when not literal
     * @param recursive whether a deletion reaches a whole tree
     */
    public record CodePath(CodeEffect effect, Optional<String> path, boolean recursive) {
        public CodePath {
            requireNonNull(effect, "effect");
            requireNonNull(path, "path");
        }
    }
}
