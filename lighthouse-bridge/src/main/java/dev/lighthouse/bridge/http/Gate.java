package dev.lighthouse.bridge.http;

import dev.lighthouse.bridge.auth.Authenticator;
import dev.lighthouse.bridge.auth.Permission;
import dev.lighthouse.bridge.auth.Principal;
import dev.lighthouse.bridge.auth.Role;
import dev.lighthouse.bridge.limits.RateLimits;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;

/** Who may pass: authentication, then the role's permission, then the caller's rate limit. */
final class Gate {
    private final Authenticator authenticator;
    private final RateLimits rates;

    Gate(Authenticator authenticator, RateLimits rates) {
        this.authenticator = authenticator;
        this.rates = rates;
    }

    /** The caller, if it may use an endpoint needing {@code permission}. @throws Refused otherwise */
    Principal admit(ServerRequest req, Permission permission) {
        Principal who = switch (authenticator.authenticate(req.headers().first(HeaderNames.AUTHORIZATION))) {
            case Authenticator.Result.Accepted a -> a.principal();
            case Authenticator.Result.Rejected r -> throw new Refused(401, "unauthenticated", r.reason());
        };
        if (!who.role().may(permission) && who.role() == Role.LOCAL) {
            throw new Refused(
                    401,
                    "unauthenticated",
                    ("without a token a caller may only ask for decisions; to %s, pass the owner's token (the data"
                                    + " dir's owner.token, which the lighthouse CLI reads by itself) or an agent token"
                                    + " as `Authorization: Bearer <token>`")
                            .formatted(describe(permission)));
        }
        if (!who.role().may(permission)) {
            throw new Refused(
                    403,
                    "forbidden",
                    "agent `%s` has role %s, which may not %s"
                            .formatted(who.name(), who.role().label(), describe(permission)));
        }
        if (!rates.tryAcquire(who)) {
            throw new Refused(
                    429,
                    "rate_limited",
                    "agent `%s` is over its rate limit of %,d requests a minute (role %s); slow down and retry"
                            .formatted(
                                    who.name(),
                                    rates.perMinute(who.role()).orElse(0),
                                    who.role().label()));
        }
        return who;
    }

    private static String describe(Permission permission) {
        return switch (permission) {
            case SUBMIT -> "submit tool calls";
            case READ -> "read decisions";
            case OPERATE -> "operate the bridge (policy versions, agents, the event log)";
            case SCRAPE -> "scrape metrics";
            case REVIEW -> "review calls";
        };
    }
}
