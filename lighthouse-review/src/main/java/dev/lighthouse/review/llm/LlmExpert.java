package dev.lighthouse.review.llm;

import dev.lighthouse.retry.Backoff;
import dev.lighthouse.review.Expert;
import dev.lighthouse.review.ExpertVerdict;
import dev.lighthouse.review.ReviewCase;
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
        Consultation consultation = new Consultation(prompt);
        Backoff.Result<Attempt> result;
        try {
            result = backoff.run(consultation::attempt, Attempt::step);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted while backing off");
        }
        int attempts = result.attempts();
        return switch (result) {
            case Backoff.Result.Done<Attempt>(Attempt.Answered a, int n) -> {
                long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
                long in = consultation.inputTokens;
                long out = consultation.outputTokens;
                yield new ExpertVerdict(
                        a.answer().approve(),
                        a.answer().reason(),
                        a.answer().confidence(),
                        new ExpertVerdict.Usage(in, out, cost(in, out), n, millis));
            }
            case Backoff.Result.Done<Attempt> d -> throw new IllegalStateException("done without an answer: " + d);
            case Backoff.Result.Stopped<Attempt> stopped ->
                throw unavailable(stopped.last().why());
            case Backoff.Result.OutOfAttempts<Attempt> out ->
                throw unavailable(
                        "%s; gave up after %d attempts".formatted(out.last().why(), attempts));
            case Backoff.Result.OutOfTime<Attempt>(Attempt last, int n, Optional<Duration> pause)
            when pause.isPresent() ->
                throw unavailable("%s; the next attempt (in %d ms) would pass the deadline of %s"
                        .formatted(last.why(), pause.get().toMillis(), config.deadline()));
            case Backoff.Result.OutOfTime<Attempt> out ->
                throw unavailable("deadline of %s passed after %d attempts".formatted(config.deadline(), attempts));
        };
    }

    /**
     * One consultation's attempts: tokens of every attempt are added up, and a malformed reply or answer is asked for
     * again once (at once, not counted as a retry), the second one fails the consultation.
     */
    private final class Consultation {
        private final Prompt prompt;
        private int malformed;
        private long inputTokens;
        private long outputTokens;

        Consultation(Prompt prompt) {
            this.prompt = prompt;
        }

        Attempt attempt(Backoff.Try t) {
            Duration bound = Duration.ofNanos(
                    Math.min(config.timeout().toNanos(), t.remaining().toNanos()));
            Attempt attempt = LlmExpert.this.attempt(prompt, bound);
            if (attempt instanceof Attempt.Replied r) {
                inputTokens += r.reply().inputTokens();
                outputTokens += r.reply().outputTokens();
                count(r.reply());
                try {
                    attempt = new Attempt.Answered(VerdictParser.parse(r.reply().text()));
                } catch (VerdictParser.MalformedAnswer e) {
                    attempt = new Attempt.Garbled("malformed answer", e.getMessage());
                }
            }
            if (attempt instanceof Attempt.Garbled g && ++malformed > 1) {
                return new Attempt.Failed(g.what() + " twice: " + g.why());
            }
            return attempt;
        }
    }

    /** What one attempt came to. */
    private sealed interface Attempt {
        /** The provider replied; its text is not read yet. */
        record Replied(ProviderProtocol.Reply reply) implements Attempt {}

        record Answered(VerdictParser.Answer answer) implements Attempt {}

        /** A reply (or the answer in it) that could not be read: {@code what} is "malformed reply" or "… answer". */
        record Garbled(String what, String why) implements Attempt {}

        record Retryable(String why, Optional<Duration> retryAfter) implements Attempt {}

        record Failed(String why) implements Attempt {}

        default String why() {
            return switch (this) {
                case Replied _, Answered _ -> "answered";
                case Garbled g -> g.why();
                case Retryable r -> r.why();
                case Failed f -> f.why();
            };
        }

        default Backoff.Step step() {
            return switch (this) {
                case Replied _, Answered _ -> new Backoff.Step.Done();
                case Garbled _ -> new Backoff.Step.RetryAtOnce();
                case Retryable r -> new Backoff.Step.Retry(r.retryAfter());
                case Failed _ -> new Backoff.Step.Stop();
            };
        }
    }

    private Attempt attempt(Prompt prompt, Duration bound) {
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
            return new Attempt.Failed("interrupted while waiting for the provider");
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
            return new Attempt.Replied(protocol.read(JSON.readTree(response.body())));
        } catch (JacksonException e) {
            return new Attempt.Garbled("malformed reply", "reply body is not JSON: " + excerpt(response.body()));
        } catch (VerdictParser.MalformedAnswer e) {
            return new Attempt.Garbled("malformed reply", e.getMessage());
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
