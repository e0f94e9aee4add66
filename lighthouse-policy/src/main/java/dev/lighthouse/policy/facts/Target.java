package dev.lighthouse.policy.facts;

import static java.util.Objects.requireNonNull;

import java.util.Set;

/**
 * A path an operation acts on.
 *
 * @param written the path as the call gave it (after shell expansion)
 * @param resolved the absolute, normalised path; for a dynamic target the written text
 * @param classes what kind of place it is
 */
public record Target(String written, String resolved, Set<PathClass> classes) {
    public Target {
        requireNonNull(written, "written");
        requireNonNull(resolved, "resolved");
        classes = Set.copyOf(classes);
    }

    public boolean is(PathClass c) {
        return classes.contains(c);
    }
}
