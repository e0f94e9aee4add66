package dev.lighthouse.bridge.http;

import dev.lighthouse.bridge.auth.Authenticator;
import dev.lighthouse.bridge.auth.Permission;
import dev.lighthouse.bridge.auth.Principal;
import dev.lighthouse.bridge.auth.Role;
import dev.lighthouse.bridge.limits.RateLimits;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.util.Optional;

/** Who may pass: authentication, then the role's permission, then the caller's rate limit. */
final class Gate {
    /** The name refused calls are recorded under when the caller could not be identified. */
    static final String UNAUTHENTICATED = "(unauthenticated)";

    private final Authenticator authenticator;
    private final RateLimits rates;
    private final RefusedCalls refusals;

    Gate(Authenticator authenticator, RateLimits rates, RefusedCalls refusals) {
        this.authenticator = authenticator;
        this.rates = rates;
        this.refusals = refusals;
    }

    /** Where refused calls are counted (also those refused for their body, after the gate). */
    RefusedCalls refusals() {
        return refusals;
    }

    /** The caller, if it may use an endpoint needing {@code permission}. @throws Refused otherwise */
    Principal admit(ServerRequest req, Permission permission) {
        return admit(req, permission, true);
    }

    /**
     * The caller, if it may use an endpoint needing {@code permission}, without taking from its rate allowance: for
     * reports that follow a call already counted (Claude Code's PostToolUse), which must not halve an agent's rate.
     */
    Principal identify(ServerRequest req, Permission permission) {
        return admit(req, permission, false);
    }

    private Principal admit(ServerRequest req, Permission permission, boolean counted) {
        Principal who = caller(req);
        try {
            return check(who, permission, counted);
        } catch (Refused e) {
            refusals.record(who.name(), e.code);
            throw e;
        }
    }

    /** The console's session caller, else whoever the Authorization header names. */
    private Principal caller(ServerRequest req) {
        Optional<SessionCaller> session = req.context().get(SessionCaller.class);
        if (session.isPresent()) {
            return session.get().principal();
        }
        return switch (authenticator.authenticate(req.headers().first(HeaderNames.AUTHORIZATION))) {
            case Authenticator.Result.Accepted a -> a.principal();
            case Authenticator.Result.Rejected r -> {
                refusals.record(UNAUTHENTICATED, "unauthenticated");
                throw new Refused(401, "unauthenticated", r.reason());
            }
        };
    }

    private Principal check(Principal who, Permission permission, boolean counted) {
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
        if (counted) {
            switch (rates.tryAcquire(who)) {
                case RateLimits.Admission.Within _ -> {}
                case RateLimits.Admission.Over over ->
                    throw new Refused(
                            429,
                            "rate_limited",
                            "agent `%s` is over its rate limit of %,d requests a minute (role %s); slow down and retry"
                                    .formatted(
                                            who.name(),
                                            over.perMinute(),
                                            who.role().label()),
                            // one request's worth of the allowance refills in 60/perMinute seconds
                            Math.ceilDiv(60L, Math.max(1, over.perMinute())));
            }
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
