package dev.lighthouse.policy.facts;

import static java.util.Objects.requireNonNull;

/**
 * One operation on one path.
 *
 * @param kind what is done
 * @param target to what
 * @param recursive whether it reaches a whole tree ({@code rm -r}, {@code chmod -R}, {@code find -delete})
 */
public record Op(OpKind kind, Target target, boolean recursive) {
    public Op {
        requireNonNull(kind, "kind");
        requireNonNull(target, "target");
    }
}
