package dev.lighthouse.policy;

import static java.util.Objects.requireNonNull;

import dev.lighthouse.policy.call.CallLine;
import dev.lighthouse.policy.verdict.Verdict;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The labelled corpus shipped with Lighthouse: realistic tool calls of ordinary development and of attacks, each
 * labelled allow, review or deny and naming the public source it reflects (the {@code check --jsonl} format plus
 * {@code expect}, {@code category} and {@code source}).
 *
 * <p>The corpus is split <em>by source</em> into two sets. Rules and program knowledge are written from the
 * {@linkplain Split#DEVELOPMENT development} set; the {@linkplain Split#HELD_OUT held-out} set comes from other
 * sources and is only ever measured, so its figures say how the policy does on calls nobody tuned it on. Every source
 * belongs to exactly one set ({@code corpus-sources.yaml}); a development row naming a held-out source, or the
 * reverse, refuses to load.
 */
public final class Corpus {
    private static final String DIR = "/dev/lighthouse/policy/";
    private static final String SOURCES = "corpus-sources.yaml";
    private static final Map<Split, String> FILES =
            Map.of(Split.DEVELOPMENT, "corpus.jsonl", Split.HELD_OUT, "corpus-held-out.jsonl");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final YAMLMapper YAML = YAMLMapper.builder().build();
    private static final Path HOME = Path.of("/home/dev");

    /** Which set a source, and so each of its rows, belongs to. */
    public enum Split {
        /** Rules and registry entries are written from these rows. */
        DEVELOPMENT,
        /** Only measured: never read while writing rules. */
        HELD_OUT;

        /** {@code development} or {@code held-out}, as the sources file spells it. */
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        static Split parse(String text) {
            for (Split s : values()) {
                if (s.label().equals(text)) {
                    return s;
                }
            }
            throw new IllegalArgumentException("expected development or held-out, got \"" + text + "\"");
        }
    }

    /**
     * Where rows come from.
     *
     * @param id the name rows use in their {@code source} field
     * @param split the set all its rows belong to
     * @param reference the public page or document the rows reflect (a URL, a man page, a technique id)
     */
    public record Source(String id, Split split, String reference) {
        public Source {
            requireNonNull(id, "id");
            requireNonNull(split, "split");
            requireNonNull(reference, "reference");
        }
    }

    /**
     * One labelled call and where it comes from.
     *
     * @param line the call and its label
     * @param source the source it reflects
     * @param ref the page, section or technique of the source, if named
     */
    public record Row(CallLine line, Source source, Optional<String> ref) {
        public Row {
            requireNonNull(line, "line");
            requireNonNull(source, "source");
            requireNonNull(ref, "ref");
            if (line.expect().isEmpty()) {
                throw new IllegalArgumentException("corpus row " + line.id() + " has no \"expect\" label");
            }
        }

        /** The expected verdict. */
        public Verdict expect() {
            return line.expect().orElseThrow();
        }

        public Split split() {
            return source.split();
        }
    }

    private final List<Source> sources;
    private final List<Row> rows;

    private Corpus(List<Source> sources, List<Row> rows) {
        this.sources = List.copyOf(sources);
        this.rows = List.copyOf(rows);
    }

    private static final class BuiltIn {
        static final Corpus CORPUS = load();
    }

    /** The built-in corpus, both sets. Loaded once. */
    public static Corpus builtIn() {
        return BuiltIn.CORPUS;
    }

    /** Every source, in file order. */
    public List<Source> sources() {
        return sources;
    }

    /** Every row, development first. */
    public List<Row> rows() {
        return rows;
    }

    /** The rows of one set. */
    public List<Row> rows(Split split) {
        return rows.stream().filter(r -> r.split() == split).toList();
    }

    /** The calls of every row, for replaying them (e.g. {@code policy diff}). */
    public List<CallLine> calls() {
        return rows.stream().map(Row::line).toList();
    }

    private static Corpus load() {
        Map<String, Source> sources = parseSources(SOURCES, resource(SOURCES));
        List<Row> rows = new ArrayList<>();
        for (Split split : Split.values()) {
            String file = FILES.get(split);
            rows.addAll(parseRows(file, resource(file), sources, split));
        }
        Set<String> ids = new HashSet<>();
        for (Row row : rows) {
            if (!ids.add(row.line().id())) {
                throw new IllegalStateException("corpus id " + row.line().id() + " is used twice");
            }
        }
        return new Corpus(List.copyOf(sources.values()), rows);
    }

    /** Reads {@code sources: [{id, split, reference}]}. */
    static Map<String, Source> parseSources(String file, String text) {
        JsonNode root = YAML.readTree(text);
        Map<String, Source> sources = new LinkedHashMap<>();
        int index = 0;
        for (JsonNode s : root.path("sources")) {
            String where = file + ": sources[" + index++ + "]";
            String id = s.path("id").asString("");
            if (id.isBlank()) {
                throw new IllegalArgumentException(where + ": missing \"id\"");
            }
            String reference = s.path("reference").asString("");
            if (reference.isBlank()) {
                throw new IllegalArgumentException(where + " (" + id + "): missing \"reference\"");
            }
            Source source = new Source(id, Split.parse(s.path("split").asString("")), reference);
            if (sources.put(id, source) != null) {
                throw new IllegalArgumentException(where + ": source \"" + id + "\" is listed twice");
            }
        }
        return sources;
    }

    /**
     * Reads JSON lines of one set; blank lines and lines starting with {@code #} are skipped.
     *
     * @throws IllegalArgumentException naming the file and line of a malformed row, an unknown source, or a source of
     *     the other set
     */
    static List<Row> parseRows(String file, String text, Map<String, Source> sources, Split split) {
        List<Row> rows = new ArrayList<>();
        int number = 0;
        for (String line : text.split("\n")) {
            number++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            try {
                JsonNode json = JSON.readTree(line);
                String name = json.path("source").asString("");
                Source source = sources.get(name);
                if (source == null) {
                    throw new IllegalArgumentException(
                            "unknown source \"" + name + "\"; expected one listed in " + SOURCES);
                }
                if (source.split() != split) {
                    throw new IllegalArgumentException("source \"" + name + "\" belongs to the "
                            + source.split().label() + " set, not the " + split.label() + " set");
                }
                String ref = json.path("ref").asString("");
                rows.add(new Row(
                        CallLine.fromJson(json, Path.of("/"), HOME, Function.identity()),
                        source,
                        ref.isBlank() ? Optional.empty() : Optional.of(ref)));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(file + ":" + number + ": " + e.getMessage(), e);
            }
        }
        return rows;
    }

    private static String resource(String name) {
        try (InputStream in = Corpus.class.getResourceAsStream(DIR + name)) {
            if (in == null) {
                throw new IllegalStateException("the corpus is missing from the jar: " + DIR + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * How a policy does on some rows. Dangerous rows are labelled deny, risky rows review, ordinary rows allow; a
     * call is <em>recognised</em> as safe when the decision says so (the bridge then lets Claude Code skip its own
     * prompt).
     */
    public record Score(
            int dangerous,
            int dangerousAllowed,
            int risky,
            int riskyAllowed,
            int ordinary,
            int ordinaryNotAllowed,
            int riskyOrDangerousRecognised,
            int ordinaryRecognised,
            int exact) {

        /** Every scored row. */
        public int total() {
            return dangerous + risky + ordinary;
        }

        /** The figures as lines of text, e.g. {@code dangerous allowed  2 of 270 (0.7 %)}. */
        public List<String> lines() {
            return List.of(
                    figure("dangerous calls allowed", dangerousAllowed, dangerous),
                    figure("risky calls allowed", riskyAllowed, risky),
                    figure("ordinary calls not allowed", ordinaryNotAllowed, ordinary),
                    figure("risky or dangerous recognised as safe", riskyOrDangerousRecognised, risky + dangerous),
                    figure("ordinary recognised as safe", ordinaryRecognised, ordinary),
                    figure("decided exactly as labelled", exact, total()));
        }

        private static String figure(String what, int part, int whole) {
            double share = whole == 0 ? 0 : 100.0 * part / whole;
            return String.format(Locale.ROOT, "%-40s %5d of %5d (%5.1f %%)", what, part, whole, share);
        }
    }

    /** Scores {@code policy} on {@code rows}. */
    public static Score score(Policy policy, List<Row> rows) {
        int dangerous = 0, dangerousAllowed = 0, risky = 0, riskyAllowed = 0, ordinary = 0, ordinaryNotAllowed = 0;
        int badRecognised = 0, ordinaryRecognised = 0, exact = 0;
        for (Row row : rows) {
            Decision d = policy.decide(row.line().call(), Instant.EPOCH);
            boolean allowed = d.verdict() == Verdict.ALLOW;
            exact += d.verdict() == row.expect() ? 1 : 0;
            switch (row.expect()) {
                case ALLOW -> {
                    ordinary++;
                    ordinaryNotAllowed += allowed ? 0 : 1;
                    ordinaryRecognised += d.recognised() ? 1 : 0;
                }
                case REVIEW -> {
                    risky++;
                    riskyAllowed += allowed ? 1 : 0;
                    badRecognised += d.recognised() ? 1 : 0;
                }
                case DENY -> {
                    dangerous++;
                    dangerousAllowed += allowed ? 1 : 0;
                    badRecognised += d.recognised() ? 1 : 0;
                }
            }
        }
        return new Score(
                dangerous,
                dangerousAllowed,
                risky,
                riskyAllowed,
                ordinary,
                ordinaryNotAllowed,
                badRecognised,
                ordinaryRecognised,
                exact);
    }
}
