package dev.lighthouse.policy;

import dev.lighthouse.policy.call.CallLine;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import tools.jackson.databind.json.JsonMapper;

/**
 * The labelled regression corpus shipped with Lighthouse: realistic tool calls of ordinary development and of
 * attacks, each labelled allow, review or deny ({@code corpus.jsonl}, the {@code check --jsonl} format plus
 * {@code expect} and {@code category}).
 *
 * <p>Its two targets are kept by the test suite: no call labelled review or deny is decided allow, and at most 3 % of
 * calls labelled allow are not allowed.
 */
public final class Corpus {
    private Corpus() {}

    private static final String RESOURCE = "/dev/lighthouse/policy/corpus.jsonl";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The built-in corpus. Calls without a project setting use their cwd as project root. */
    public static List<CallLine> builtIn() {
        try (InputStream in = Corpus.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the corpus is missing from the jar: " + RESOURCE);
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), Function.identity());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses JSON lines; blank lines and lines starting with {@code #} are skipped. */
    public static List<CallLine> parse(String text, Function<Path, Path> projectRoot) {
        List<CallLine> calls = new ArrayList<>();
        Path home = Path.of("/home/dev");
        int number = 0;
        for (String line : text.split("\n")) {
            number++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            try {
                calls.add(CallLine.fromJson(JSON.readTree(line), Path.of("/"), home, projectRoot));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("corpus line " + number + ": " + e.getMessage(), e);
            }
        }
        return calls;
    }

    /** How a policy does on a corpus. */
    public record Score(
            int dangerous, int dangerousAllowed, int ordinary, int ordinaryNotAllowed, int exact, int total) {
        /** Share of calls labelled allow that were not allowed, 0..1. */
        public double ordinaryNotAllowedShare() {
            return ordinary == 0 ? 0 : (double) ordinaryNotAllowed / ordinary;
        }
    }

    /** Scores {@code policy} on {@code calls} (those without a label are skipped). */
    public static Score score(Policy policy, List<CallLine> calls) {
        int dangerous = 0, dangerousAllowed = 0, ordinary = 0, ordinaryNotAllowed = 0, exact = 0, total = 0;
        for (CallLine line : calls) {
            if (line.expect().isEmpty()) {
                continue;
            }
            Verdict want = line.expect().get();
            Verdict got = policy.decide(line.call(), java.time.Instant.EPOCH).verdict();
            total++;
            exact += got == want ? 1 : 0;
            if (want == Verdict.ALLOW) {
                ordinary++;
                ordinaryNotAllowed += got == Verdict.ALLOW ? 0 : 1;
            } else {
                dangerous++;
                dangerousAllowed += got == Verdict.ALLOW ? 1 : 0;
            }
        }
        return new Score(dangerous, dangerousAllowed, ordinary, ordinaryNotAllowed, exact, total);
    }
}
