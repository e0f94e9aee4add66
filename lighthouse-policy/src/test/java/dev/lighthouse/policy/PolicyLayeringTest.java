package dev.lighthouse.policy;

import static dev.lighthouse.policy.ShellCalls.decide;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.lighthouse.policy.call.ToolCall;
import dev.lighthouse.policy.call.ToolInput;
import dev.lighthouse.policy.rules.Layer;
import dev.lighthouse.policy.verdict.Verdict;
import dev.lighthouse.policy.yaml.PolicyException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PolicyLayeringTest {
    private static final Path HOME = Path.of("/home/dev");
    private static final Path PROJECT = Path.of("/home/dev/app");

    private static Layer defaultLayer() {
        return Policies.defaultPolicy().layers().getFirst();
    }

    @Test
    void layer_addsRule_strongestVerdictWins() {
        Layer team = Policies.parse("team.yaml", """
                rules:
                  - id: no-npm-publish
                    decision: deny
                    match: {program: npm, subcommand: publish}
                    reason: Releases go through CI.
                """);
        Policy policy = Policy.of(List.of(defaultLayer(), team));
        Decision d = decide(policy, "npm publish");
        assertThat(d.verdict()).isEqualTo(Verdict.DENY);
        assertThat(d.ruleIds()).containsExactly("no-npm-publish", "publish");
    }

    /** Any generic word list can be extended by a layer, not only the destroying verbs. */
    @Test
    void layer_extendsAGenericWordList() {
        assertThat(decide(Policies.defaultPolicy(), "widgetctl recalibrate").verdict())
                .isEqualTo(Verdict.ALLOW);
        Layer team = Policies.parse("team.yaml", """
                change_verbs: [recalibrate]
                """);
        assertThat(decide(Policy.of(List.of(defaultLayer(), team)), "widgetctl recalibrate")
                        .verdict())
                .isEqualTo(Verdict.REVIEW);
    }

    @Test
    void layer_replacesAndDisablesRules_butNotLockedOnes() {
        Layer relax = Policies.parse("relax.yaml", """
                settings: {disable: [package-install]}
                """);
        assertThat(decide(Policy.of(List.of(defaultLayer(), relax)), "npm install lodash")
                        .verdict())
                .isEqualTo(Verdict.ALLOW);

        Layer org = Policies.parse("org.yaml", """
                rules:
                  - {id: no-curl, decision: deny, locked: true, match: {program: curl}, reason: no curl}
                """);
        Layer project = Policies.parse("project.yaml", """
                settings: {disable: [no-curl]}
                """);
        assertThatThrownBy(() -> Policy.of(List.of(defaultLayer(), org, project)))
                .isInstanceOf(PolicyException.class)
                .hasMessageContaining("cannot disable locked rule \"no-curl\"");
    }

    /** A rule of the same id replaces an unlocked rule; a locked deny stays, or the allow would win through it. */
    @Test
    void layer_cannotReplaceALockedRule_withARuleOfItsId() {
        Layer org = Policies.parse("org.yaml", """
                rules:
                  - {id: no-curl, decision: deny, locked: true, match: {program: curl}, reason: no curl}
                  - {id: no-wget, decision: deny, match: {program: wget}, reason: no wget}
                """);
        Layer project = Policies.parse("project.yaml", """
                rules:
                  - {id: no-wget, decision: allow, match: {program: wget}, reason: wget is fine here}
                """);
        assertThat(decide(Policy.of(List.of(defaultLayer(), org, project)), "wget https://example.com/x")
                        .verdict())
                .isEqualTo(Verdict.ALLOW);

        Layer replacing = Policies.parse("project.yaml", """
                rules:
                  - {id: no-curl, decision: allow, match: {program: curl}, reason: curl is fine here}
                """);
        assertThatThrownBy(() -> Policy.of(List.of(defaultLayer(), org, replacing)))
                .isInstanceOf(PolicyException.class)
                .hasMessageContaining("rule \"no-curl\"")
                .hasMessageContaining("cannot replace locked rule");
    }

    @Test
    void defaultDecision_review_appliesWhenNoRuleMatches() {
        Layer strict = Policies.parse("strict.yaml", "settings: {default: review}\n");
        Decision d = decide(Policy.of(List.of(defaultLayer(), strict)), "./configure --prefix=/opt/x");
        assertThat(d.verdict()).isEqualTo(Verdict.REVIEW);
        assertThat(d.reasons()).isEmpty();
    }

    @Test
    void version_isContentHash_sameTextSameVersion() {
        String text = "rules: [{id: a, decision: review, match: {program: ls}, reason: r}]\n";
        Policy one = Policy.of(List.of(defaultLayer(), Policies.parse("x.yaml", text)));
        Policy two = Policy.of(List.of(defaultLayer(), Policies.parse("y.yaml", text)));
        Policy other = Policy.of(List.of(defaultLayer(), Policies.parse("x.yaml", text.replace("review", "deny"))));
        assertThat(one.version().hash()).isEqualTo(two.version().hash());
        assertThat(other.version().hash()).isNotEqualTo(one.version().hash());
    }

    @Test
    void condition_overBudget_failsTowardsCaution() {
        Layer heavy = Policies.parse("heavy.yaml", """
                rules:
                  - id: heavy-deny
                    decision: deny
                    match: {program: echo}
                    when: 'args.all(a, args.all(b, args.all(c, args.all(d, a != b || c == d || true))))'
                    reason: too expensive to evaluate
                  - id: heavy-allow
                    decision: allow
                    match: {program: echo}
                    when: 'args.all(a, args.all(b, args.all(c, args.all(d, a != b || c == d || true))))'
                    reason: too expensive to evaluate
                """);
        Policy policy = Policy.of(List.of(defaultLayer(), heavy));
        String many = "echo " + "x ".repeat(40);
        assertThat(decide(policy, many).ruleIds()).contains("heavy-deny").doesNotContain("heavy-allow");
        assertThat(decide(policy, "echo a").ruleIds()).contains("heavy-deny", "heavy-allow");
    }

    @Test
    void engine_cachesByVersionAndCall() {
        AtomicLong nanos = new AtomicLong();
        Ticker ticker = () -> nanos.addAndGet(1000);
        PolicyEngine engine = new PolicyEngine(Policies.defaultPolicy(), 100, ticker);
        ToolCall call = ToolCall.of(new ToolInput.Bash("rm -rf ~"), PROJECT, HOME);
        Decision first = engine.decide(call, Instant.EPOCH);
        Decision second = engine.decide(call, Instant.EPOCH);
        assertThat(first.cached()).isFalse();
        assertThat(second.cached()).isTrue();
        assertThat(second.verdict()).isEqualTo(first.verdict());
        assertThat(second.reasons()).isEqualTo(first.reasons());
        assertThat(second.elapsed()).isPositive();
        assertThat(engine.decide(call.withProjectRoot(Path.of("/home/dev")), Instant.EPOCH)
                        .cached())
                .isFalse();
    }
}
