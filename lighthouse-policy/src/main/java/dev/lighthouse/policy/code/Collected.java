package dev.lighthouse.policy.code;

import dev.lighthouse.policy.code.CodeFacts.CodePath;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

/** What the readers of the {@link Grammar#WORDS} and {@link Grammar#LINES} grammars found so far. Not thread-safe. */
final class Collected {
    final EnumSet<CodeEffect> effects = EnumSet.noneOf(CodeEffect.class);
    final List<String> commands = new ArrayList<>();
    final List<CodePath> paths = new ArrayList<>();
    final List<String> setuidTo = new ArrayList<>();
    final List<String> urls = new ArrayList<>();
    final List<String> environment = new ArrayList<>();
    final List<String> listensOn = new ArrayList<>();
    boolean wholeEnvironment;
    boolean truncated;

    void runs(String command) {
        effects.add(CodeEffect.RUNS);
        commands.add(command);
    }

    void path(CodeEffect effect, Optional<String> path, boolean recursive) {
        effects.add(effect);
        paths.add(new CodePath(effect, path, recursive));
    }

    void add(CodeFacts facts) {
        effects.addAll(facts.effects());
        commands.addAll(facts.commands());
        paths.addAll(facts.paths());
        setuidTo.addAll(facts.setuidTo());
        urls.addAll(facts.urls());
        environment.addAll(facts.environment());
        listensOn.addAll(facts.listensOn());
        wholeEnvironment |= facts.readsWholeEnvironment();
        truncated |= facts.truncated();
    }

    CodeFacts facts() {
        return new CodeFacts(
                effects, commands, paths, setuidTo, urls, environment, listensOn, wholeEnvironment, truncated);
    }
}
