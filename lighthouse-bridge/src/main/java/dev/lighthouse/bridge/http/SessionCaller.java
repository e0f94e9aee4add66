package dev.lighthouse.bridge.http;

import static java.util.Objects.requireNonNull;

import dev.lighthouse.bridge.auth.Principal;
import io.helidon.webserver.http.ServerRequest;

/**
 * A caller the web console has already authenticated by its session cookie and CSRF token, handed to the API's
 * {@link Gate} through the request's context when the console reroutes {@code /console/api/v1/…} to {@code /v1/…}.
 * The gate then checks its role, rate limit and every other rule exactly as for a bearer token: the console holds no
 * authorisation rules of its own.
 *
 * <p>Only server code can put anything in a request's context, so no client can claim to be a session caller.
 */
public record SessionCaller(Principal principal) {
    public SessionCaller {
        requireNonNull(principal, "principal");
    }

    /** Marks {@code req} as made by {@code principal}, before it is rerouted to the API. */
    public static void admit(ServerRequest req, Principal principal) {
        req.context().register(new SessionCaller(principal));
    }
}
