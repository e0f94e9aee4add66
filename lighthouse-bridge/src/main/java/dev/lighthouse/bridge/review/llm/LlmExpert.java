package dev.lighthouse.bridge.review.llm;

import dev.lighthouse.bridge.retry.Backoff;
import dev.lighthouse.bridge.review.Expert;
import dev.lighthouse.bridge.review.ExpertVerdict;
import dev.lighthouse.bridge.review.ReviewCase;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * An {@link Expert} backed by an LLM over HTTP (Anthropic Messages API or OpenAI-compatible chat completions).
 *
 * <p>One consultation: the circuit breaker may refuse it at once; otherwise attempts go out, each bounded by the
 * per-attempt timeout (body included, so a reply dribbled slowly cannot hold the review), the whole bounded by the
 * deadline. A 429, 5xx, timeout or connection error is retried up to {@code retries} times after a jittered
 * exponential pause or the provider's {@code Retry-After}; a malformed answer is asked again once; any other HTTP
 * status (a bad key, an unknown model) fails at once. Tokens of every attempt are added up and priced.
 *
 * <p>Thread-safe: the review board calls it from many virtual threads at once.
 */
public final class LlmExpert implements Expert {
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final Duration BACKOFF_BASE = Duration.ofMillis(200);
    private static final Duration BACKOFF_CAP = Duration.ofSeconds(5);
    private static final int ERROR_EXCERPT_CHARS = 200;

    private final LlmExpertConfig config;
    private final String apiKey;
    private final ProviderProtocol protocol;
    private final HttpClient http;
    private final CircuitBreaker breaker;
    private final Backoff backoff;
    private final Clock clock;
    private final Counter inputTokens;
    private final Counter outputTokens;
    private final Counter cost;

    private LlmExpert(LlmExpertConfig config, String apiKey, Clock clock, MeterRegistry registry) {
        this.config = config;
        this.apiKey = apiKey;
        this.protocol = ProviderProtocol.of(config.provider());
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1) // local servers (Ollama, llama.cpp) do not all speak h2c
                .connectTimeout(config.timeout())
                .build();
        this.breaker = new CircuitBreaker(config.circuitFailures(), config.circuitCoolDown(), clock);
        // Attempts and time are bounded by the config's retries and deadline where the backoff is used.
        this.backoff = new Backoff(config.retries() + 1, BACKOFF_BASE, BACKOFF_CAP, config.deadline());
        this.clock = clock;
        String name = name();
        this.inputTokens = tokens(registry, name, "input");
        this.outputTokens = tokens(registry, name, "output");
        this.cost = Counter.builder("lighthouse.expert.cost")
                .description("Estimated cost of LLM expert consultations, from the configured prices")
                .baseUnit("usd")
                .tag("expert", name)
                .register(registry);
        Gauge.builder("lighthouse.expert.circuit", breaker, b -> b.state().ordinal())
                .description("LLM expert circuit: 0 closed, 1 open, 2 half-open")
                .tag("expert", name)
                .register(registry);
    }

    private static Counter tokens(MeterRegistry registry, String expert, String direction) {
        return Counter.builder("lighthouse.expert.tokens")
                .description("Tokens LLM experts consumed, as the provider reported them")
                .tag("expert", expert)
                .tag("direction", direction)
                .register(registry);
    }

    /**
     * An expert whose key is resolved now from {@code env}, so a missing key stops start-up rather than every review.
     *
     * @throws IllegalArgumentException the key the config names is not there
     */
    public static LlmExpert create(LlmExpertConfig config, Map<String, String> env, Clock clock) {
        return create(config, env, clock, new SimpleMeterRegistry());
    }

    /** As {@link #create(LlmExpertConfig, Map, Clock)}, publishing tokens, cost and circuit state in {@code registry}. */
    public static LlmExpert create(
            LlmExpertConfig config, Map<String, String> env, Clock clock, MeterRegistry registry) {
        return new LlmExpert(config, config.resolveApiKey(env), clock, registry);
    }

    /** {@code llm:NAME}: the name routes use, kept apart from people's and agents' names. */
    @Override
    public String name() {
        return "llm:" + config.name();
    }

    public LlmExpertConfig config() {
        return config;
    }

    /** {@code closed}, {@code open} or {@code half_open}, for operators. */
    public String circuit() {
        return breaker.state().name().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public ExpertVerdict review(ReviewCase call) throws ExpertUnavailable {
        if (!breaker.tryAcquire()) {
            throw new ExpertUnavailable("%s: circuit open after %d consecutive failures; next trial at %s"
                    .formatted(name(), config.circuitFailures(), breaker.retryAt()));
        }
        try {
            ExpertVerdict verdict = consult(Prompt.of(call));
            breaker.onSuccess();
            return verdict;
        } catch (ExpertUnavailable e) {
            breaker.onFailure();
            throw e;
        }
    }

    private ExpertVerdict consult(Prompt prompt) throws ExpertUnavailable {
        long start = System.nanoTime();
        long deadline = start + config.deadline().toNanos();
        int attempts = 0;
        int retries = 0;
        int malformed = 0;
        long inputTokens = 0;
        long outputTokens = 0;
        while (true) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                throw unavailable("deadline of %s passed after %d attempts".formatted(config.deadline(), attempts));
            }
            attempts++;
            Duration bound = Duration.ofNanos(Math.min(config.timeout().toNanos(), remaining));
            switch (attempt(prompt, bound)) {
                case Attempt.Answered a -> {
                    inputTokens += a.reply().inputTokens();
                    outputTokens += a.reply().outputTokens();
                    count(a.reply());
                    try {
                        VerdictParser.Answer answer =
                                VerdictParser.parse(a.reply().text());
                        long millis =
                                Duration.ofNanos(System.nanoTime() - start).toMillis();
                        return new ExpertVerdict(
                                answer.approve(),
                                answer.reason(),
                                answer.confidence(),
                                new ExpertVerdict.Usage(
                                        inputTokens, outputTokens, cost(inputTokens, outputTokens), attempts, millis));
                    } catch (VerdictParser.MalformedAnswer e) {
                        if (++malformed > 1) {
                            throw unavailable("malformed answer twice: " + e.getMessage());
                        }
                    }
                }
                case Attempt.Garbled g -> {
                    if (++malformed > 1) {
                        throw unavailable("malformed reply twice: " + g.why());
                    }
                }
                case Attempt.Retryable r -> {
                    if (++retries > config.retries()) {
                        throw unavailable("%s; gave up after %d attempts".formatted(r.why(), attempts));
                    }
                    Duration pause = backoff.pause(retries, r.retryAfter());
                    if (pause.toNanos() >= deadline - System.nanoTime()) {
                        throw unavailable("%s; the next attempt (in %d ms) would pass the deadline of %s"
                                .formatted(r.why(), pause.toMillis(), config.deadline()));
                    }
                    pause(pause);
                }
                case Attempt.Failed f -> throw unavailable(f.why());
            }
        }
    }

    /** What one HTTP attempt came to. */
    private sealed interface Attempt {
        record Answered(ProviderProtocol.Reply reply) implements Attempt {}

        record Garbled(String why) implements Attempt {}

        record Retryable(String why, Optional<Duration> retryAfter) implements Attempt {}

        record Failed(String why) implements Attempt {}
    }

    private Attempt attempt(Prompt prompt, Duration bound) throws ExpertUnavailable {
        CompletableFuture<HttpResponse<String>> pending = http.sendAsync(
                protocol.request(config, apiKey, prompt).timeout(bound).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> response;
        try {
            response = pending.get(bound.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            pending.cancel(true);
            return new Attempt.Retryable(
                    "no complete answer within %d ms".formatted(bound.toMillis()), Optional.empty());
        } catch (ExecutionException e) {
            return switch (e.getCause()) {
                case HttpTimeoutException t ->
                    new Attempt.Retryable("no answer within %d ms".formatted(bound.toMillis()), Optional.empty());
                case IOException io -> new Attempt.Retryable("connection failed: " + io, Optional.empty());
                default -> new Attempt.Failed("request failed: " + e.getCause());
            };
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            throw unavailable("interrupted while waiting for the provider");
        }
        int status = response.statusCode();
        if (status == 429 || status >= 500) {
            return new Attempt.Retryable(
                    "HTTP %d: %s".formatted(status, excerpt(response.body())),
                    Backoff.retryAfter(response.headers(), clock));
        }
        if (status < 200 || status > 299) {
            return new Attempt.Failed("HTTP %d: %s".formatted(status, excerpt(response.body())));
        }
        try {
            return new Attempt.Answered(protocol.read(JSON.readTree(response.body())));
        } catch (JacksonException e) {
            return new Attempt.Garbled("reply body is not JSON: " + excerpt(response.body()));
        } catch (VerdictParser.MalformedAnswer e) {
            return new Attempt.Garbled(e.getMessage());
        }
    }

    private void pause(Duration pause) throws ExpertUnavailable {
        try {
            Thread.sleep(pause); // waiting out the provider's backoff, not standing in for work
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted while backing off");
        }
    }

    private void count(ProviderProtocol.Reply reply) {
        this.inputTokens.increment(reply.inputTokens());
        this.outputTokens.increment(reply.outputTokens());
        this.cost.increment(cost(reply.inputTokens(), reply.outputTokens()));
    }

    private double cost(long inputTokens, long outputTokens) {
        return (inputTokens * config.priceInput() + outputTokens * config.priceOutput()) / 1_000_000;
    }

    private ExpertUnavailable unavailable(String why) {
        return new ExpertUnavailable("%s (%s %s): %s".formatted(name(), config.provider(), config.model(), why));
    }

    private static String excerpt(String body) {
        return VerdictParser.excerpt(
                body == null ? "" : body.substring(0, Math.min(body.length(), ERROR_EXCERPT_CHARS)));
    }
}
