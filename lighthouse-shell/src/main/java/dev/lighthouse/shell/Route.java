package dev.lighthouse.shell;

import dev.lighthouse.shell.syntax.Span;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * How the analysis reached the code it is walking: the text that code was parsed from, wrappers passed ({@code via}), traits they imply, redirections of
 * enclosing compound commands, the nesting depth, and for nested code (a {@code bash -c} string, a decoded payload)
 * the span of the outer word that carried it, which then stands for every span inside.
 */
record Route(
        String text, List<String> via, Set<Trait> traits, List<Redirect> redirects, int depth, Optional<Span> carrier) {
    Route {
        via = List.copyOf(via);
        traits = traits.isEmpty() ? Set.of() : Set.copyOf(traits);
        redirects = List.copyOf(redirects);
    }

    /** The route of the analysed line itself. */
    static Route top(String text) {
        return new Route(text, List.of(), Set.of(), List.of(), 0, Optional.empty());
    }

    /** Nested code {@code text} (a {@code bash -c} string, a payload) carried by the word at {@code span}. */
    Route nested(String nestedText, Span span) {
        return new Route(nestedText, via, traits, redirects, depth, Optional.of(carrier.orElse(span)));
    }

    Route through(String wrapper, Set<Trait> added) {
        List<String> v = new ArrayList<>(via);
        v.add(wrapper);
        return new Route(text, v, union(added), redirects, depth + 1, carrier);
    }

    Route with(Trait trait) {
        return traits.contains(trait) ? this : new Route(text, via, union(Set.of(trait)), redirects, depth, carrier);
    }

    Route withRedirects(List<Redirect> more) {
        if (more.isEmpty()) {
            return this;
        }
        List<Redirect> r = new ArrayList<>(redirects);
        r.addAll(more);
        return new Route(text, via, traits, r, depth, carrier);
    }

    Span at(Span span) {
        return carrier.orElse(span);
    }

    private Set<Trait> union(Set<Trait> added) {
        EnumSet<Trait> all = EnumSet.noneOf(Trait.class);
        all.addAll(traits);
        all.addAll(added);
        return all;
    }
}
