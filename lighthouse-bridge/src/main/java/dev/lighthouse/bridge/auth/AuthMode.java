package dev.lighthouse.bridge.auth;

/** Whether callers must present a token. */
public enum AuthMode {
    /** Tokenless callers are the {@link Principal#LOCAL local user}; only allowed on a loopback address. */
    OPTIONAL,
    /** Every call except health checks and the OpenAPI document needs a valid token. */
    REQUIRED
}
