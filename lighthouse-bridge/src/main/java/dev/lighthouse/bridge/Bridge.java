package dev.lighthouse.bridge;

import static java.util.Objects.requireNonNull;

import dev.lighthouse.bridge.auth.AgentTokens;
import dev.lighthouse.bridge.auth.AuthMode;
import dev.lighthouse.bridge.decision.DecisionPipeline;
import dev.lighthouse.bridge.decision.Judge;
import dev.lighthouse.bridge.http.Api;
import dev.lighthouse.bridge.limits.RateLimits;
import dev.lighthouse.bridge.metrics.BridgeMetrics;
import dev.lighthouse.events.EventStore;
import io.helidon.webserver.WebServer;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running bridge: the HTTP server with every endpoint, deciding through a {@link Judge} and recording into an
 * {@link EventStore}. The caller owns the store and closes it after {@link #stop()}.
 *
 * <p>Each request runs on its own virtual thread (Helidon SE). {@link #stop()} first stops answering readiness,
 * waits up to {@link BridgeConfig#drain()} for calls being decided to finish, then closes the listener.
 */
public final class Bridge implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Bridge.class);

    private final WebServer server;
    private final Api api;
    private final BridgeMetrics metrics;
    private final BridgeConfig config;

    private Bridge(WebServer server, Api api, BridgeMetrics metrics, BridgeConfig config) {
        this.server = server;
        this.api = api;
        this.metrics = metrics;
        this.config = config;
    }

    /**
     * A bridge to configure and {@link Builder#start() start}. The policy, the store and the agent tokens are
     * required; everything else has an embedded default.
     */
    public static Builder builder(BridgeConfig config, Judge judge, EventStore store, AgentTokens tokens) {
        return new Builder(config, judge, store, tokens);
    }

    /** The bridge's collaborators. Each optional one defaults to what {@code lighthouse serve} uses alone. */
    public static final class Builder {
        private final BridgeConfig config;
        private final Judge judge;
        private final EventStore store;
        private final AgentTokens tokens;
        private Clock clock = Clock.systemUTC();
        private Path agentHome = Path.of(System.getProperty("user.home"));

        private Builder(BridgeConfig config, Judge judge, EventStore store, AgentTokens tokens) {
            this.config = requireNonNull(config, "config");
            this.judge = requireNonNull(judge, "judge");
            this.store = requireNonNull(store, "store");
            this.tokens = requireNonNull(tokens, "tokens");
        }

        /** The clock decisions are made and recorded by (default: system UTC). */
        public Builder clock(Clock value) {
            this.clock = requireNonNull(value, "clock");
            return this;
        }

        /** The home directory of agents whose hooks send none (default: this process's). */
        public Builder agentHome(Path value) {
            this.agentHome = requireNonNull(value, "agentHome");
            return this;
        }

        /**
         * Starts the bridge.
         *
         * @throws IllegalStateException the configuration is unsafe: tokens optional on a non-loopback address, or
         *     tokens required while none is issued
         */
        public Bridge start() {
            checkAuth(config, tokens);
            BridgeMetrics metrics = new BridgeMetrics();
            DecisionPipeline pipeline = new DecisionPipeline(judge, store, config.limits(), metrics, clock, agentHome);
            Api api = new Api(
                    config,
                    pipeline,
                    store,
                    tokens,
                    new RateLimits(config.ratesPerMinute()),
                    metrics,
                    Instant.now(clock));
            WebServer server = WebServer.builder()
                    .host(config.host())
                    .port(config.port())
                    .backlog(8192)
                    .idleConnectionTimeout(Duration.ofMinutes(10))
                    .shutdownGracePeriod(config.drain())
                    .shutdownHook(false)
                    .routing(api::routes)
                    .build()
                    .start();
            Bridge bridge = new Bridge(server, api, metrics, config);
            LOG.info("listening on http://{}:{}", config.host(), bridge.port());
            return bridge;
        }
    }

    private static void checkAuth(BridgeConfig config, AgentTokens tokens) {
        boolean loopback = isLoopback(config.host());
        if (!loopback && config.auth() == AuthMode.OPTIONAL) {
            throw new IllegalStateException(("server.listen=%s is not a loopback address: the bridge needs agent"
                            + " tokens there (server.auth=required). Issue one with `lighthouse agents add NAME"
                            + " --role agent`, or listen on 127.0.0.1")
                    .formatted(config.host()));
        }
        if (config.auth() == AuthMode.REQUIRED && !tokens.anyActive()) {
            throw new IllegalStateException(("tokens are required (listening on %s) but %s has no active agent"
                            + " token, so nobody could call; issue one with `lighthouse agents add NAME --role agent`")
                    .formatted(config.host(), tokens.file()));
        }
    }

    /** Whether {@code host} names only this machine (127.0.0.0/8, ::1, localhost). */
    public static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("server.listen: unknown host `%s`".formatted(host), e);
        }
    }

    /** The bound port (the chosen one when configured with 0). */
    public int port() {
        return server.port();
    }

    /** {@code http://host:port} as agents should call it. */
    public String baseUrl() {
        String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
        return "http://" + host + ":" + port();
    }

    /** Calls being decided right now. */
    public int inFlight() {
        return metrics.inFlight();
    }

    /** Drains in-flight calls (up to the configured time), ends event streams, closes the listener. */
    public void stop() {
        api.drain();
        long deadline = System.nanoTime() + config.drain().toNanos();
        while (metrics.inFlight() > 0 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(1_000_000);
        }
        if (metrics.inFlight() > 0) {
            LOG.warn("stopping with {} calls still in flight after {}", metrics.inFlight(), config.drain());
        }
        server.stop();
    }

    @Override
    public void close() {
        stop();
    }
}
