package dev.lighthouse.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.lighthouse.load.AcknowledgementLog;
import dev.lighthouse.load.CommandCorpus;
import dev.lighthouse.load.Comparison;
import dev.lighthouse.load.Dialect;
import dev.lighthouse.load.HtmlReport;
import dev.lighthouse.load.LoadPlan;
import dev.lighthouse.load.LoadResult;
import dev.lighthouse.load.LoadRun;
import dev.lighthouse.load.ProgressPrinter;
import dev.lighthouse.load.Region;
import dev.lighthouse.load.ReviewerSimulation;
import dev.lighthouse.load.Summary;
import dev.lighthouse.load.WorkloadPattern;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code lighthouse load}: simulated agents against a running bridge, with reports, baselines and a CI gate. */
@Command(
        name = "load",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        usageHelpAutoWidth = true,
        header = "Load a running bridge with simulated agents over its hook endpoints; report, compare to a baseline.",
        description = {
            "Simulated agents send shell-command tool calls to the bridge exactly as an agent's hook does"
                    + " (POST /v1/hooks/claude-code by default), drawn from realistic safe, risky and complex"
                    + " commands in the workload pattern's mix, and read the decision each answer carries.",
            "",
            "Closed model (default): a population of agents ramps from the pattern's base to its peak; each"
                    + " sends, waits for the answer, thinks (2 s ±50 %%), and sends again; bursts speed agents up"
                    + " ×5 for a second. Open model (--model open or --rate): calls arrive at a rate ramping from"
                    + " base to peak, whether or not earlier calls were answered.",
            "",
            "Latency is corrected for coordinated omission: measured from when the agent meant to send, so a"
                    + " stalled bridge shows in the percentiles. 2 %% of attempts fail on purpose on the client"
                    + " (a lost connection); 80 %% of those are retried after 1 s, the rest are lost.",
            "",
            "Patterns (safe/risky/complex %%, agents base -> peak, open-model req/s base x peak):",
            "  business_hours      70/20/10   80 -> 250    150 x 2.5",
            "  maintenance_window  40/30/30   20 -> 60      50 x 2.0",
            "  incident_response   20/50/30  100 -> 500    200 x 4.0   (bursts 3x as often)",
            "  scale_test          80/15/5   500 -> 1200   500 x 2.0",
            ""
        },
        footer = {
            "",
            "Exit codes: 0 done (and no regression), 1 the run failed (e.g. the bridge never answered),"
                    + " 2 usage error, 3 a measure regressed against --baseline.",
            "",
            "Examples:",
            "  lighthouse load --pattern business_hours --duration 30s --report out/",
            "  lighthouse load --warmup 20s --duration 60s --save-baseline baseline.json",
            "  lighthouse load --warmup 20s --duration 60s --baseline baseline.json   # exit 3: regression",
            "  lighthouse load --model open --rate 2000 --duration 20s --network-errors 0",
            "  lighthouse load --agents 32 --think 0 --network-errors 0     # saturation",
            "  lighthouse load --simulate-reviewers --approval-share 0.7 --region-latency eu=80ms,asia=150ms",
            "  lighthouse load --url http://10.0.0.1:8765,http://10.0.0.2:8765 --acknowledged acks.jsonl",
            "",
            "See docs/load.md."
        })
final class LoadCommand implements Callable<Integer> {
    static final int EXIT_FAILED = 1;
    static final int EXIT_REGRESSION = 3;

    @Spec
    CommandSpec spec;

    @Option(
            names = "--url",
            paramLabel = "URL",
            split = ",",
            defaultValue = "http://127.0.0.1:8765",
            description = "Bridge base URL (default ${DEFAULT-VALUE}). Repeat it, or give a comma list, for several"
                    + " replicas: agents are spread over them in turn, and an agent whose bridge fails at the"
                    + " connection moves to the next one, as behind a load balancer.")
    List<String> urls;

    @Option(
            names = "--acknowledged",
            paramLabel = "FILE",
            description = "Write each call a bridge answered as a JSON line (bridge, session, sequence, command,"
                    + " verdict, time, latency), to prove afterwards that none is missing from the chain.")
    Path acknowledged;

    @Option(
            names = "--dialect",
            paramLabel = "DIALECT",
            defaultValue = "claude-code",
            description = "Hook dialect the agents speak: claude-code, codex or gemini (default ${DEFAULT-VALUE}).")
    String dialect;

    @Option(
            names = "--token",
            paramLabel = "TOKEN",
            description = "Bearer token sent with every request (default: $LIGHTHOUSE_LOAD_TOKEN, else the owner's"
                    + " token in the data dir: calls are marked simulated, and the bridge takes that mark only from"
                    + " the owner).",
            defaultValue = "${env:LIGHTHOUSE_LOAD_TOKEN}")
    String token;

    @Option(
            names = "--pattern",
            paramLabel = "PATTERN",
            defaultValue = "business_hours",
            description = "Workload pattern (default ${DEFAULT-VALUE}); see above.")
    String pattern;

    @Option(
            names = "--model",
            paramLabel = "MODEL",
            description = "closed (N agents; default) or open (arrival rate; implied by --rate).")
    String model;

    @Option(
            names = "--duration",
            paramLabel = "TIME",
            defaultValue = "60s",
            converter = DurationConverter.class,
            description = "How long calls are started, e.g. 30s, 5m (default ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(
            names = "--warmup",
            paramLabel = "TIME",
            defaultValue = "0s",
            converter = DurationConverter.class,
            description = "First run at peak this long and discard what it measured, so the bridge's JIT and caches"
                    + " are warm before the measured run (default ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(
            names = "--ramp",
            paramLabel = "TIME",
            converter = DurationConverter.class,
            description = "Time from base to peak (default: half the duration; 0 starts at peak).")
    Duration ramp;

    @Option(
            names = "--agents",
            paramLabel = "N",
            description = "Closed model: agents at peak (default: the pattern's; base scales with it).")
    Integer agents;

    @Option(
            names = "--rate",
            paramLabel = "REQ/S",
            description = "Open model: arrivals per second at base (default: the pattern's); implies --model open.")
    Double rate;

    @Option(
            names = "--think",
            paramLabel = "TIME",
            defaultValue = "2s",
            converter = DurationConverter.class,
            description = "Closed model: mean think time between answer and next call (default ${DEFAULT-VALUE};"
                    + " 0 = as fast as possible).")
    Duration think;

    @Option(
            names = "--think-jitter",
            paramLabel = "SHARE",
            defaultValue = "0.5",
            description = "Think time varies uniformly by this share either side (default ${DEFAULT-VALUE} = ±50 %%).")
    double thinkJitter;

    @Option(
            names = "--session-mean",
            paramLabel = "TIME",
            defaultValue = "300s",
            converter = DurationConverter.class,
            description = "Mean of the exponential agent session length (default ${DEFAULT-VALUE}).")
    Duration sessionMean;

    @Option(
            names = "--burst-multiplier",
            paramLabel = "X",
            defaultValue = "5",
            description = "Pace or rate multiplier during a burst (default ${DEFAULT-VALUE}).")
    double burstMultiplier;

    @Option(
            names = "--network-errors",
            paramLabel = "SHARE",
            defaultValue = "0.02",
            description = "Share of attempts the client fails on purpose (default ${DEFAULT-VALUE}; 0 = none).")
    double networkErrors;

    @Option(
            names = "--retry-share",
            paramLabel = "SHARE",
            defaultValue = "0.8",
            description = "Share of injected failures retried after --retry-delay (default ${DEFAULT-VALUE}).")
    double retryShare;

    @Option(
            names = "--retry-delay",
            paramLabel = "TIME",
            defaultValue = "1s",
            converter = DurationConverter.class,
            description = "Pause before a retry (default ${DEFAULT-VALUE}).")
    Duration retryDelay;

    @Option(
            names = "--timeout",
            paramLabel = "TIME",
            defaultValue = "30s",
            converter = DurationConverter.class,
            description = "An answer slower than this is an error (default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(
            names = "--max-in-flight",
            paramLabel = "N",
            defaultValue = "10000",
            description = "Open model: outstanding requests at most (default ${DEFAULT-VALUE}).")
    int maxInFlight;

    @Option(
            names = "--seed",
            paramLabel = "N",
            description = "Seed for every random choice; the same seed repeats the same calls (default: random,"
                    + " printed).")
    Long seed;

    @Option(
            names = "--report",
            paramLabel = "DIR",
            description = "Write result.json and a self-contained report.html into DIR.")
    Path report;

    @Option(
            names = "--save-baseline",
            paramLabel = "FILE",
            description = "Write this run's result to FILE, to compare later runs with --baseline.")
    Path saveBaseline;

    @Option(
            names = "--baseline",
            paramLabel = "FILE",
            description = "Compare with a saved result; exit 3 when a measure regressed.")
    Path baseline;

    @Option(
            names = "--threshold",
            paramLabel = "PERCENT",
            defaultValue = "10",
            description = "Relative worsening that counts as a regression (default ${DEFAULT-VALUE} %%).")
    double thresholdPercent;

    @Option(
            names = "--progress",
            paramLabel = "MODE",
            defaultValue = "auto",
            description = "auto (a bar on a terminal, a line every 10 s otherwise), bar, lines or off.")
    String progress;

    @Option(
            names = "--simulate-reviewers",
            description = "Answer the bridge's pending reviews (GET /v1/reviews) while the load runs, after the"
                    + " expert response time of each review's route: production_deployment 800 ms,"
                    + " database_operation 1200 ms, security_command 600 ms, network_change 900 ms, others 1 s.")
    boolean simulateReviewers;

    @Option(
            names = "--approval-share",
            paramLabel = "SHARE",
            defaultValue = "0.8",
            description = "Simulated reviewers approve this share of reviews and deny the rest (default"
                    + " ${DEFAULT-VALUE}).")
    double approvalShare;

    @Option(
            names = "--reviewer-token",
            paramLabel = "TOKEN",
            description = "A reviewer identity's token (role reviewer or expert); repeat for several identities, so"
                    + " routes with a quorum above 1 can settle (default: --token, else the owner's token in the data"
                    + " dir).")
    List<String> reviewerTokens;

    /** Without reviewer tokens and --token, the bridge's owner reviews (its token is in the data dir). */
    private List<String> ownerAsReviewer() {
        if (token != null && !token.isBlank()) {
            return List.of();
        }
        return dev.lighthouse.bridge.auth.OwnerToken.find(
                        Lighthouse.settings(spec).dataDir())
                .map(o -> List.of(o.value()))
                .orElse(List.of());
    }

    @Option(
            names = "--region-latency",
            paramLabel = "REGION=TIME",
            split = ",",
            description = "Add this delay to every call of agents in a region (us-east, us-west, eu, asia), e.g."
                    + " eu=80ms,asia=150ms. Agents are labelled us-east 35 %%, us-west 25 %%, eu 25 %%, asia 15 %%"
                    + " either way; without this flag no delay is added.")
    Map<String, String> regionLatency;

    @Option(names = "--json", description = "Print the result as JSON on standard output instead of the summary.")
    boolean json;

    @Option(
            names = "--real-store",
            description = "Run even though the bridge's store holds real agents' decisions (load refuses otherwise:"
                    + " its simulated calls are recorded, apart but in the same store; prefer a scratch bridge).")
    boolean realStore;

    /**
     * The token the simulated agents send: --token, else the owner's from the data dir, the only credential the bridge
     * accepts the simulation marker from.
     */
    private Optional<String> agentToken() {
        if (token != null && !token.isBlank()) {
            return Optional.of(token);
        }
        return dev.lighthouse.bridge.auth.OwnerToken.find(
                        Lighthouse.settings(spec).dataDir())
                .map(dev.lighthouse.bridge.auth.OwnerToken::value);
    }

    /** Most decisions the real-store check reads before it gives up and only warns. */
    private static final int MOST_CHECKED = 20_000;

    /** Refuses a bridge whose store holds real (unsimulated) decisions, unless --real-store. */
    private void refuseRealStore(LoadPlan plan, PrintWriter err) {
        if (realStore) {
            return;
        }
        String base = plan.url().toString().replaceAll("/+$", "");
        long real = 0;
        int checked = 0;
        Optional<String> after = Optional.of("");
        try (HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            while (real == 0 && after.isPresent() && checked < MOST_CHECKED) {
                String page = base + "/v1/decisions?limit=1000"
                        + (after.get().isEmpty() ? "" : "&after=" + URLEncoder.encode(after.get(), UTF_8));
                HttpRequest.Builder get =
                        HttpRequest.newBuilder(URI.create(page)).timeout(Duration.ofSeconds(10));
                plan.token().ifPresent(t -> get.header("Authorization", "Bearer " + t));
                HttpResponse<String> res = http.send(get.build(), HttpResponse.BodyHandlers.ofString());
                if (res.statusCode() != 200) {
                    err.println("load: warning: cannot tell whether " + base + " holds real decisions (GET"
                            + " /v1/decisions answered HTTP " + res.statusCode() + "); simulated calls are recorded"
                            + " in its store");
                    return;
                }
                JsonNode body = JsonMapper.builder().build().readTree(res.body());
                JsonNode decisions = body.path("decisions");
                checked += decisions.size();
                real += decisions
                        .valueStream()
                        .filter(d -> !d.path("simulated").asBoolean(false))
                        .count();
                after = body.path("next").isString()
                        ? Optional.of(body.path("next").asString())
                        : Optional.empty();
            }
        } catch (java.io.IOException e) {
            return; // the run itself reports an unreachable bridge
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserException("interrupted while checking " + base);
        }
        if (real > 0) {
            throw new UserException(("the bridge at %s has recorded %d real decision(s); load would add simulated"
                            + " ones to the same store. Run it against a scratch bridge (lighthouse serve --data-dir"
                            + " \"$(mktemp -d)\" --port 8799, then load --url http://127.0.0.1:8799), or pass"
                            + " --real-store to proceed")
                    .formatted(base, real));
        }
        if (after.isPresent()) {
            err.println(("load: warning: the first %,d decisions at %s are all simulated; later ones were not"
                            + " checked. Simulated calls are recorded in its store.")
                    .formatted(checked, base));
        }
    }

    @Override
    public Integer call() {
        PrintWriter out = Lighthouse.out(spec);
        PrintWriter err = spec.commandLine().getErr();
        LoadPlan plan = plan();
        refuseRealStore(plan, err);
        Optional<LoadResult> base = Optional.ofNullable(baseline).map(LoadCommand::readBaseline);
        CommandCorpus corpus = CommandCorpus.builtIn();
        if (!warmup.isZero()) {
            err.println("load: warming up for " + warmup.toMillis() / 1000.0 + " s (not measured)");
            LoadRun.run(plan.toBuilder().duration(warmup).ramp(Duration.ZERO).build(), corpus, p -> {});
        }
        LoadResult result;
        if (acknowledged == null) {
            result = LoadRun.run(plan, corpus, progressPrinter(err));
        } else {
            try (AcknowledgementLog log = AcknowledgementLog.create(acknowledged)) {
                result = LoadRun.run(plan, corpus, progressPrinter(err), log);
            } catch (java.io.UncheckedIOException e) {
                throw new UserException(e.getMessage());
            }
            err.println("load: acknowledged calls written to " + acknowledged);
        }
        Optional<Comparison> comparison = base.map(b -> Comparison.of(b, result, thresholdPercent / 100));
        if (json) {
            out.println(result.toJson());
        } else {
            out.print(Summary.render(result));
            comparison.ifPresent(c -> out.print("\n" + Summary.render(c, baseline.toString())));
        }
        if (report != null) {
            Path html = HtmlReport.write(report, result, comparison);
            err.println("load: report written to " + html + " and " + report.resolve(HtmlReport.JSON_FILE));
        }
        out.flush();
        if (result.totals().answered() == 0) {
            // A run without a single answer is no baseline for anything.
            throw new UserException("no answer from %s in %.1f s; is the bridge running (lighthouse serve)?%s"
                    .formatted(
                            String.join(", ", urls),
                            plan.duration().toMillis() / 1000.0,
                            result.totals().firstErrors().values().stream()
                                    .findFirst()
                                    .map(e -> " First error: " + e)
                                    .orElse("")));
        }
        if (saveBaseline != null) {
            result.write(saveBaseline);
            err.println("load: baseline saved to " + saveBaseline);
        }
        return comparison.filter(Comparison::regressed).isPresent() ? EXIT_REGRESSION : 0;
    }

    private LoadPlan plan() {
        try {
            WorkloadPattern p = WorkloadPattern.fromCliName(pattern);
            LoadPlan.Builder b = LoadPlan.builder()
                    .urls(urls.stream().map(String::strip).map(URI::create).toList())
                    .dialect(Dialect.fromCliName(dialect))
                    .pattern(p)
                    .model(model(model, rate))
                    .duration(duration)
                    .ramp(ramp != null ? ramp : duration.dividedBy(2))
                    .thinkTime(think)
                    .thinkJitter(thinkJitter)
                    .sessionMean(sessionMean)
                    .burstMultiplier(burstMultiplier)
                    .networkErrors(networkErrors, retryShare, retryDelay)
                    .requestTimeout(timeout)
                    .maxInFlight(maxInFlight)
                    .seed(seed != null ? seed : ThreadLocalRandom.current().nextLong(1, 1L << 48));
            agentToken().ifPresent(b::token);
            if (agents != null) {
                b.agents(agents);
            }
            if (rate != null) {
                b.rate(rate);
            }
            if (simulateReviewers) {
                b.simulateReviewers(new ReviewerSimulation(
                        approvalShare,
                        reviewerTokens != null ? reviewerTokens : ownerAsReviewer(),
                        ReviewerSimulation.DEFAULT_POLL));
            }
            if (regionLatency != null) {
                Map<Region, Duration> added = new EnumMap<>(Region.class);
                DurationConverter durations = new DurationConverter();
                regionLatency.forEach((region, time) -> added.put(Region.parse(region), durations.convert(time)));
                b.regionLatency(added);
            }
            return b.build();
        } catch (IllegalArgumentException | CommandLine.TypeConversionException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private static LoadPlan.Model model(String name, Double rate) {
        if (name == null) {
            return rate != null ? LoadPlan.Model.OPEN : LoadPlan.Model.CLOSED;
        }
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "closed" -> LoadPlan.Model.CLOSED;
            case "open" -> LoadPlan.Model.OPEN;
            default -> throw new IllegalArgumentException("--model %s: expected closed or open".formatted(name));
        };
    }

    private static LoadResult readBaseline(Path file) {
        try {
            return LoadResult.read(file);
        } catch (IllegalArgumentException e) {
            throw new UserException("--baseline " + e.getMessage());
        }
    }

    private Consumer<LoadRun.Progress> progressPrinter(PrintWriter err) {
        return switch (progress.toLowerCase(Locale.ROOT)) {
            case "off" -> p -> {};
            case "bar" -> new ProgressPrinter(err, true, 1);
            case "lines" -> new ProgressPrinter(err, false, 10);
            case "auto" ->
                new ProgressPrinter(
                        err, System.console() != null && System.console().isTerminal(), 10);
            default ->
                throw new CommandLine.ParameterException(
                        spec.commandLine(), "--progress %s: expected auto, bar, lines or off".formatted(progress));
        };
    }

    /** Durations as people write them: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 0}, or ISO-8601. */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        private static final java.util.regex.Pattern SHORT =
                java.util.regex.Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?");

        @Override
        public Duration convert(String value) {
            String v = value.trim().toLowerCase(Locale.ROOT);
            Matcher m = SHORT.matcher(v);
            if (m.matches()) {
                double n = Double.parseDouble(m.group(1));
                String unit = m.group(2) == null ? (n == 0 ? "s" : "") : m.group(2);
                double millis = switch (unit) {
                    case "ms" -> n;
                    case "s" -> n * 1_000;
                    case "m" -> n * 60_000;
                    case "h" -> n * 3_600_000;
                    default ->
                        throw new CommandLine.TypeConversionException(
                                "\"%s\": add a unit, e.g. %ss or %sms".formatted(value, m.group(1), m.group(1)));
                };
                return Duration.ofNanos((long) (millis * 1_000_000));
            }
            try {
                return Duration.parse(value.trim().toUpperCase(Locale.ROOT));
            } catch (java.time.format.DateTimeParseException e) {
                throw new CommandLine.TypeConversionException(
                        "\"%s\" is not a duration; expected e.g. 500ms, 30s, 5m, 1h".formatted(value));
            }
        }
    }
}
