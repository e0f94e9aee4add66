package dev.lighthouse.bridge.rollout;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.lighthouse.events.EventPayload;
import dev.lighthouse.events.EventType;
import dev.lighthouse.policy.Policy;
import java.util.List;
import java.util.Optional;

/**
 * The events of the {@code policy} stream, one record per type; {@link Rollout} writes them and replays them into
 * its state.
 *
 * <p>The records are written through Jackson into the canonical JSON the chain signs, with the property names and
 * values the hand-built payloads had, so stores written before them still replay and verify (a test replays such a
 * stream). Properties are declared in the order the canonical form sorts them, so that the history {@link Rollout}
 * shows lists them as the stored payload does.
 */
public sealed interface PolicyEvent extends EventPayload {

    /**
     * {@code policy.activated}: a version became active, or started as a canary or shadow. Carries the version's full
     * text, so any later start rebuilds exactly this version.
     *
     * @param canaryPercent the canary's share of agents; present exactly for {@link Rollout.Mode#CANARY}
     * @param previous the version that was active before; absent for a store's first activation
     * @param layers the policy files, lowest first
     */
    @JsonPropertyOrder(alphabetic = true)
    record Activated(
            String by,
            Optional<Integer> canaryPercent,
            List<PolicySource.LayerText> layers,
            Rollout.Mode mode,
            String name,
            Optional<String> previous,
            String reason,
            String version)
            implements PolicyEvent {
        public Activated {
            requireNonNull(by, "by");
            requireNonNull(canaryPercent, "canaryPercent");
            layers = List.copyOf(layers);
            requireNonNull(mode, "mode");
            requireNonNull(name, "name");
            requireNonNull(previous, "previous");
            requireNonNull(reason, "reason");
            requireNonNull(version, "version");
            if (canaryPercent.isPresent() != (mode == Rollout.Mode.CANARY)) {
                throw new IllegalArgumentException(
                        "a canary, and only a canary, has a canaryPercent; got mode %s with %s"
                                .formatted(mode.label(), canaryPercent));
            }
        }

        /** {@code policy} (compiled from {@code source}) starts deciding as {@code target} says. */
        static Activated of(
                Policy policy,
                PolicySource source,
                Rollout.Target target,
                Rollout.Author author,
                Optional<String> previous) {
            return new Activated(
                    author.by(),
                    target.mode() == Rollout.Mode.CANARY ? Optional.of(target.canaryPercent()) : Optional.empty(),
                    source.layers(),
                    target.mode(),
                    policy.version().name(),
                    previous,
                    author.reason(),
                    policy.version().hash());
        }

        PolicySource source() {
            return new PolicySource(layers);
        }

        @Override
        public EventType eventType() {
            return EventType.POLICY_ACTIVATED;
        }
    }

    /**
     * {@code policy.rolled_back}: a canary or shadow stopped, or an earlier version became active again; automatic when
     * the bridge did it, with the evidence it acted on.
     *
     * @param from the version that stopped deciding
     * @param to the version deciding for everyone afterwards
     */
    @JsonPropertyOrder({"automatic", "by", "evidence", "from", "mode", "reason", "to"})
    record RolledBack(String by, Optional<Evidence> evidence, String from, Rollout.Mode mode, String reason, String to)
            implements PolicyEvent {
        public RolledBack {
            requireNonNull(by, "by");
            requireNonNull(evidence, "evidence");
            requireNonNull(from, "from");
            requireNonNull(mode, "mode");
            requireNonNull(reason, "reason");
            requireNonNull(to, "to");
        }

        /** An operator's rollback, abort of a canary or abort of a shadow. */
        static RolledBack byOperator(Rollout.Mode mode, String from, String to, Rollout.Author author) {
            return new RolledBack(author.by(), Optional.empty(), from, mode, author.reason(), to);
        }

        /** The bridge's own rollback, on {@code evidence}. */
        static RolledBack automatic(Rollout.Mode mode, String from, String to, String reason, Evidence evidence) {
            return new RolledBack(Rollout.AUTOMATIC, Optional.of(evidence), from, mode, reason, to);
        }

        /** Whether the bridge rolled back by itself (written to the event; read back from {@link #evidence}). */
        @JsonProperty(value = "automatic", access = JsonProperty.Access.READ_ONLY)
        public boolean automatic() {
            return evidence.isPresent();
        }

        @Override
        public EventType eventType() {
            return EventType.POLICY_ROLLED_BACK;
        }
    }

    /** {@code policy.known_good}: a version survived its watch window; automatic rollbacks may return to it. */
    @JsonPropertyOrder(alphabetic = true)
    record KnownGood(String name, String reason, String version) implements PolicyEvent {
        public KnownGood {
            requireNonNull(name, "name");
            requireNonNull(reason, "reason");
            requireNonNull(version, "version");
        }

        @Override
        public EventType eventType() {
            return EventType.POLICY_KNOWN_GOOD;
        }
    }
}
