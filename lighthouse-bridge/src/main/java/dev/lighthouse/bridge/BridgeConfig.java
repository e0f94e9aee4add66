package dev.lighthouse.bridge;

import static java.util.Objects.requireNonNull;

import dev.lighthouse.bridge.auth.AuthMode;
import dev.lighthouse.bridge.auth.Role;
import dev.lighthouse.bridge.hooks.ClaudeCodeDialect;
import dev.lighthouse.bridge.limits.Limits;
import dev.lighthouse.bridge.limits.RateLimits;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;

/**
 * How the bridge runs. The CLI builds it from {@code lighthouse.yaml}; {@link #defaults()} is the embedded default.
 *
 * @param host address to bind, e.g. {@code 127.0.0.1}
 * @param port TCP port; 0 picks a free one (tests)
 * @param auth whether callers need a token; {@link AuthMode#OPTIONAL} is refused off loopback
 * @param limits body, JSON and command size limits
 * @param ratesPerMinute allowance per role (empty = unlimited)
 * @param claudeCodeUnmatched what Claude Code hears about calls no rule matched
 * @param drain how long shutdown waits for in-flight calls
 */
public record BridgeConfig(
        String host,
        int port,
        AuthMode auth,
        Limits limits,
        Map<Role, OptionalLong> ratesPerMinute,
        ClaudeCodeDialect.Unmatched claudeCodeUnmatched,
        Duration drain) {
    public BridgeConfig {
        requireNonNull(host, "host");
        requireNonNull(auth, "auth");
        requireNonNull(limits, "limits");
        ratesPerMinute = Map.copyOf(ratesPerMinute);
        requireNonNull(claudeCodeUnmatched, "claudeCodeUnmatched");
        requireNonNull(drain, "drain");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0 to 65535, got " + port);
        }
    }

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8765;

    /** 127.0.0.1:8765, tokens optional (loopback), reference limits and rates, no decision for unmatched calls. */
    public static BridgeConfig defaults() {
        return new BridgeConfig(
                DEFAULT_HOST,
                DEFAULT_PORT,
                AuthMode.OPTIONAL,
                Limits.defaults(),
                RateLimits.defaults(),
                ClaudeCodeDialect.Unmatched.NO_DECISION,
                Duration.ofSeconds(10));
    }

    public BridgeConfig withListen(String newHost, int newPort) {
        return new BridgeConfig(newHost, newPort, auth, limits, ratesPerMinute, claudeCodeUnmatched, drain);
    }

    public BridgeConfig withAuth(AuthMode mode) {
        return new BridgeConfig(host, port, mode, limits, ratesPerMinute, claudeCodeUnmatched, drain);
    }

    public BridgeConfig withLimits(Limits newLimits) {
        return new BridgeConfig(host, port, auth, newLimits, ratesPerMinute, claudeCodeUnmatched, drain);
    }

    public BridgeConfig withRates(Map<Role, OptionalLong> rates) {
        return new BridgeConfig(host, port, auth, limits, rates, claudeCodeUnmatched, drain);
    }
}
