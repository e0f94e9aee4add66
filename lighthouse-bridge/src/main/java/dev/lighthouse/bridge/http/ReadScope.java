package dev.lighthouse.bridge.http;

import dev.lighthouse.bridge.auth.Principal;
import java.util.Optional;

/**
 * What a caller may read: people and operators (reviewer, admin, the owner) read every agent's decisions; agents,
 * agent experts and tokenless callers (who may be any agent) only their own, since another agent's commands may carry its secrets and its plans.
 */
final class ReadScope {
    private ReadScope() {}

    static boolean seesAll(Principal who) {
        return who.role().readsEveryAgent();
    }

    /**
     * The agent whose decisions {@code who} reads: the one asked for if it may read it, its own name if it reads
     * only its own, else any (empty).
     *
     * @throws Refused it asked for another agent's decisions
     */
    static Optional<String> agent(Principal who, Optional<String> asked) {
        if (seesAll(who)) {
            return asked;
        }
        if (asked.isPresent() && !asked.get().equals(who.name())) {
            throw new Refused(
                    403,
                    "forbidden",
                    "agent `%s` has role %s, which reads only its own decisions, not those of `%s`"
                            .formatted(who.name(), who.role().label(), asked.get()));
        }
        return Optional.of(who.name());
    }
}
