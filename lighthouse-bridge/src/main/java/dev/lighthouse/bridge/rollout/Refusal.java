package dev.lighthouse.bridge.rollout;

import static java.util.Objects.requireNonNull;

import dev.lighthouse.policy.yaml.Problem;
import java.util.List;

/** A policy change {@link Rollout} will not make, and why; nothing was recorded. */
public sealed interface Refusal extends Rollout.Outcome {
    /** What is wrong, and what to do instead, in a sentence. */
    String message();

    /** The policy does not compile. */
    record InvalidPolicy(List<Problem> problems) implements Refusal {
        public InvalidPolicy {
            problems = List.copyOf(problems);
        }

        @Override
        public String message() {
            return "the policy has %d problem%s".formatted(problems.size(), problems.size() == 1 ? "" : "s");
        }
    }

    /** A canary's share of agents is out of range. */
    record CanaryShareOutOfRange(int percent) implements Refusal {
        @Override
        public String message() {
            return "a canary needs a share of 1 to 99 % of agents, got %d".formatted(percent);
        }
    }

    /** The version asked for is the active one already. */
    record AlreadyActive(String version) implements Refusal {
        public AlreadyActive {
            requireNonNull(version, "version");
        }

        @Override
        public String message() {
            return "%s is already the active version".formatted(version);
        }
    }

    /** Promote or abort, but there is neither a canary nor a shadow. */
    record NoCandidate(Action action) implements Refusal {
        /** What was asked of the missing candidate. */
        public enum Action {
            PROMOTE,
            ABORT
        }

        public NoCandidate {
            requireNonNull(action, "action");
        }

        @Override
        public String message() {
            return switch (action) {
                case PROMOTE -> "there is no canary or shadow version to promote; apply one first";
                case ABORT -> "there is no canary or shadow version to abort";
            };
        }
    }

    /** A rollback without a version, but no version before the active one is known-good. */
    record NoKnownGood() implements Refusal {
        @Override
        public String message() {
            return "no earlier known-good version to roll back to; name one (see `lighthouse policy history`)";
        }
    }

    /** The version prefix is too short, or names more than one version. */
    record AmbiguousVersion(String prefix) implements Refusal {
        public AmbiguousVersion {
            requireNonNull(prefix, "prefix");
        }

        @Override
        public String message() {
            return ("version `%s` does not name one version (a prefix needs at least 4 hex digits and must match one"
                            + " version); give more of its hash, as `lighthouse policy history` shows it")
                    .formatted(prefix);
        }
    }

    /** No version with this prefix was ever activated on this store. */
    record UnknownVersion(String prefix) implements Refusal {
        public UnknownVersion {
            requireNonNull(prefix, "prefix");
        }

        @Override
        public String message() {
            return "no policy version `%s` was ever activated on this store; see `lighthouse policy history`"
                    .formatted(prefix);
        }
    }
}
