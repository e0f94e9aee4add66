package dev.lighthouse.coordination.lease;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/** A lease operation {@link Leases} will not carry out, and why; nothing was recorded. */
public sealed interface LeaseRefusal extends LeaseOutcome {
    /** What is wrong, and what to do instead, in words an agent (or the model behind it) can act on. */
    String message();

    /** Another agent holds some of the paths in a way the request cannot share. */
    record Conflict(List<Lease> held) implements LeaseRefusal {
        public Conflict {
            held = List.copyOf(held);
            if (held.isEmpty()) {
                throw new IllegalArgumentException("a conflict names at least one lease");
            }
        }

        @Override
        public String message() {
            return held.stream()
                            .map(l -> "%s holds %s %s until %s (reason: %s; lease %s)"
                                    .formatted(
                                            l.agent(),
                                            String.join(", ", l.paths()),
                                            l.mode().label(),
                                            l.expires(),
                                            l.reason(),
                                            l.id()))
                            .collect(Collectors.joining("; "))
                    + "; wait until then, or ask the holder to release it";
        }
    }

    /** A path does not lie under the project root it is asked for in. */
    record OutsideProject(String path, String project) implements LeaseRefusal {
        public OutsideProject {
            requireNonNull(path, "path");
            requireNonNull(project, "project");
        }

        @Override
        public String message() {
            return "path \"%s\" is outside the project %s; lease paths must lie under the project root"
                    .formatted(path, project);
        }
    }

    /** The time-to-live asked for is longer than {@link LeaseSettings#maxTtl()}. */
    record TtlOverMaximum(Duration requested, Duration maximum) implements LeaseRefusal {
        public TtlOverMaximum {
            requireNonNull(requested, "requested");
            requireNonNull(maximum, "maximum");
        }

        @Override
        public String message() {
            return "a lease may last at most %d s at once, %d s were asked for; renew it before it ends instead"
                    .formatted(maximum.toSeconds(), requested.toSeconds());
        }
    }

    /** No lease has this id, or it has ended (expired, released or revoked). */
    record UnknownLease(String id) implements LeaseRefusal {
        public UnknownLease {
            requireNonNull(id, "id");
        }

        @Override
        public String message() {
            return "no lease %s is held (it never existed, or it expired, was released or was revoked); list the"
                            .formatted(id)
                    + " leases to see those that hold";
        }
    }

    /** The lease is someone else's: only its holder may renew or release it. */
    record NotHolder(String id, String holder, String caller) implements LeaseRefusal {
        public NotHolder {
            requireNonNull(id, "id");
            requireNonNull(holder, "holder");
            requireNonNull(caller, "caller");
        }

        @Override
        public String message() {
            return "lease %s is held by %s, not by %s; only its holder may renew or release it (an owner or admin may"
                            .formatted(id, holder, caller)
                    + " revoke it)";
        }
    }

    /**
     * A field of the request is malformed.
     *
     * @param field the request's field, as the API names it ({@code paths}, {@code reason}, {@code ttl_seconds}, …)
     */
    record Invalid(String field, String reason) implements LeaseRefusal {
        public Invalid {
            requireNonNull(field, "field");
            requireNonNull(reason, "reason");
        }

        @Override
        public String message() {
            return field + ": " + reason;
        }
    }
}
