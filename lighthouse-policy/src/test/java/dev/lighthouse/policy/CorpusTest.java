package dev.lighthouse.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lighthouse.policy.Corpus.Row;
import dev.lighthouse.policy.Corpus.Split;
import dev.lighthouse.policy.rules.Layer;
import dev.lighthouse.policy.rules.Rule;
import dev.lighthouse.policy.verdict.Verdict;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The corpus pins every row's answer exactly: a row is decided as labelled, or it is listed with the answer it gets
 * in {@code corpus-expected-mismatches.txt}. There is no tolerance, so a weakened rule (a deny downgraded to review)
 * or a fixed miss both turn this red until the file says so; a fixed held-out row stays held-out, only its line goes.
 */
class CorpusTest {
    private static final String EXPECTED_MISMATCHES = "/dev/lighthouse/policy/corpus-expected-mismatches.txt";
    private static final Corpus CORPUS = Corpus.builtIn();
    private static final Map<String, String> ANSWERS = new LinkedHashMap<>();

    @BeforeAll
    static void decideAll() {
        Policy policy = Policies.defaultPolicy();
        for (Row row : CORPUS.rows()) {
            ANSWERS.put(row.line().id(), answer(policy.decide(row.line().call(), Instant.EPOCH)));
        }
    }

    /** {@code allow}, {@code allow recognised}, {@code review} or {@code deny}. */
    private static String answer(Decision d) {
        return d.verdict().label() + (d.recognised() ? " recognised" : "");
    }

    @Test
    void corpus_hasBothSetsWithProvenance() {
        assertThat(CORPUS.rows(Split.DEVELOPMENT)).hasSizeGreaterThanOrEqualTo(1000);
        assertThat(CORPUS.rows(Split.HELD_OUT)).hasSizeGreaterThanOrEqualTo(400);
        Set<String> developmentSources = sources(Split.DEVELOPMENT);
        Set<String> heldOutSources = sources(Split.HELD_OUT);
        assertThat(developmentSources).doesNotContainAnyElementsOf(heldOutSources);
        for (Verdict v : Verdict.values()) {
            assertThat(CORPUS.rows(Split.HELD_OUT).stream().filter(r -> r.expect() == v))
                    .as("held-out rows labelled %s", v.label())
                    .hasSizeGreaterThanOrEqualTo(50);
        }
    }

    private static Set<String> sources(Split split) {
        return CORPUS.rows(split).stream().map(r -> r.source().id()).collect(Collectors.toSet());
    }

    /**
     * A policy keeps memos (classified paths, parsed commands) across calls: a call's answer must not depend on which
     * calls it decided before. A fresh policy deciding the rows in reverse order gives every row the same answer.
     */
    @Test
    void answers_doNotDependOnTheCallsDecidedBefore() {
        Policy policy = Policies.defaultPolicy();
        List<String> differ = new ArrayList<>();
        for (Row row : CORPUS.rows().reversed()) {
            String got = answer(policy.decide(row.line().call(), Instant.EPOCH));
            if (!got.equals(ANSWERS.get(row.line().id()))) {
                differ.add(row.line().id() + ": " + ANSWERS.get(row.line().id()) + ", then " + got);
            }
        }
        assertThat(differ).isEmpty();
    }

    @Test
    void defaultPolicy_decidesEveryRowAsLabelledOrAsPinned() throws IOException {
        Map<String, String> pinned = expectedMismatches();
        List<String> unexpected = new ArrayList<>();
        List<String> actual = new ArrayList<>();
        for (Row row : CORPUS.rows()) {
            String id = row.line().id();
            String got = ANSWERS.get(id);
            boolean asLabelled = got.split(" ")[0].equals(row.expect().label());
            String line = id + " want " + row.expect().label() + " got " + got;
            if (!asLabelled) {
                actual.add(line);
            }
            String want = pinned.getOrDefault(id, asLabelled ? null : "(as labelled)");
            if (!asLabelled && !got.equals(want)) {
                unexpected.add(line + ", pinned " + want);
            }
            if (asLabelled && pinned.containsKey(id)) {
                unexpected.add(line + " now as labelled, pinned " + pinned.get(id) + ": remove it from the file");
            }
        }
        assertThat(unexpected)
                .as(
                        "corpus answers differ from %s; if the change is meant, the file becomes:%n%s",
                        EXPECTED_MISMATCHES, String.join("\n", actual))
                .isEmpty();
        assertThat(pinned.keySet()).as("pinned ids that are not in the corpus").isSubsetOf(ANSWERS.keySet());
    }

    /** {@code id want L got A} lines; {@code #} comments. Returns id to pinned answer. */
    private static Map<String, String> expectedMismatches() throws IOException {
        Map<String, String> pinned = new LinkedHashMap<>();
        try (InputStream in = CorpusTest.class.getResourceAsStream(EXPECTED_MISMATCHES)) {
            assertThat(in).as(EXPECTED_MISMATCHES).isNotNull();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.trim().split(" ", 5);
                assertThat(parts.length).as("malformed line: %s", line).isGreaterThanOrEqualTo(5);
                pinned.put(parts[0], parts[4]);
            }
        }
        return pinned;
    }

    @Test
    void score_countsEachLabelOnce() {
        for (Split split : Split.values()) {
            Corpus.Score score = Corpus.score(Policies.defaultPolicy(), CORPUS.rows(split));
            System.out.println("corpus, " + split.label() + " set:\n  " + String.join("\n  ", score.lines()));
            assertThat(score.total()).isEqualTo(CORPUS.rows(split).size());
            assertThat(score.exact())
                    .isEqualTo(CORPUS.rows(split).stream()
                            .filter(r -> ANSWERS.get(r.line().id())
                                    .split(" ")[0]
                                    .equals(r.expect().label()))
                            .count());
        }
    }

    /** Deny rules whose every match another deny rule also denies: downgrading one alone changes no verdict. */
    private static final Map<String, String> SUBSUMED =
            Map.of("write-device", "every device path is also a system path, so write-system denies the same writes");

    @Test
    void everyDenyRule_decidesSomeCorpusRowThatNoOtherRuleDenies() {
        // Downgrading any default deny rule to review must change a pinned answer, or the pin above protects nothing.
        Layer base = Policies.parse(Policies.DEFAULT_NAME, Policies.defaultPolicyText());
        List<String> unguarded = new ArrayList<>();
        for (Rule rule : base.rules()) {
            if (rule.verdict() != Verdict.DENY || SUBSUMED.containsKey(rule.id())) {
                continue;
            }
            Policy weakened = Policy.of(List.of(withReview(base, rule.id())));
            boolean noticed = CORPUS.rows(Split.DEVELOPMENT).stream()
                    .anyMatch(r -> ANSWERS.get(r.line().id()).equals("deny")
                            && weakened.decide(r.line().call(), Instant.EPOCH).verdict() != Verdict.DENY);
            if (!noticed) {
                unguarded.add(rule.id());
            }
        }
        assertThat(unguarded).as("deny rules no development row depends on").isEmpty();
    }

    private static Layer withReview(Layer layer, String ruleId) {
        List<Rule> rules = layer.rules().stream()
                .map(r -> !r.id().equals(ruleId)
                        ? r
                        : new Rule(
                                r.id(),
                                Verdict.REVIEW,
                                r.risk(),
                                r.match(),
                                r.when(),
                                r.reason(),
                                r.suggest(),
                                r.route(),
                                r.locked(),
                                r.origin()))
                .toList();
        return new Layer(
                layer.file(),
                layer.name(),
                layer.description(),
                layer.text(),
                layer.defaultVerdict(),
                layer.trustedDomains(),
                layer.protectedPaths(),
                layer.reviewRoute(),
                layer.routes(),
                rules,
                layer.disable(),
                layer.fixtures());
    }

    @Test
    void parseRows_refusesARowOfTheOtherSetOrAnUnknownSource() {
        Map<String, Corpus.Source> sources = Corpus.parseSources("s.yaml", """
                sources:
                  - {id: team, split: development, reference: us}
                  - {id: attack, split: held-out, reference: https://attack.mitre.org/}
                """);
        String row = "{\"id\":\"1\",\"source\":\"%s\",\"tool\":\"Bash\",\"input\":{\"command\":\"ls\"},"
                + "\"cwd\":\"/home/dev/app\",\"expect\":\"allow\"}";
        assertThat(Corpus.parseRows("d.jsonl", row.formatted("team"), sources, Split.DEVELOPMENT))
                .hasSize(1);
        assertThatThrownBy(() -> Corpus.parseRows("d.jsonl", row.formatted("attack"), sources, Split.DEVELOPMENT))
                .hasMessage("d.jsonl:1: source \"attack\" belongs to the held-out set, not the development set");
        assertThatThrownBy(() -> Corpus.parseRows("h.jsonl", "\n" + row.formatted("blog"), sources, Split.HELD_OUT))
                .hasMessageStartingWith("h.jsonl:2: unknown source \"blog\"");
    }
}
