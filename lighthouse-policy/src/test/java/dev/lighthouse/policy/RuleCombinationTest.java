package dev.lighthouse.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lighthouse.policy.call.LeaseFacts;
import dev.lighthouse.policy.call.ToolCall;
import dev.lighthouse.policy.call.ToolInput;
import dev.lighthouse.policy.rules.Layer;
import dev.lighthouse.policy.verdict.Verdict;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * How a decision is put together from the rules that match and the leases a call runs into: which reason leads, whose
 * suggestion is given, and which rule matches which act. Each case here was a mutant PIT found alive (docs/policy.md,
 * "Mutation testing").
 */
class RuleCombinationTest {
    private static final Path HOME = Path.of("/home/dev");
    private static final Path PROJECT = Path.of("/home/dev/app");
    private static final String LEASED = "/home/dev/app/src/x.txt";
    private static final LeaseFacts HELD_BY_ANOTHER = new LeaseFacts(Map.of(
            LEASED,
            List.of(new LeaseFacts.Holding(
                    "lease-1", "agent-a", false, true, "refactoring", Instant.parse("2026-12-06T21:00:00Z")))));

    private static Policy with(String layer) {
        Layer team = Policies.parse("team.yaml", layer);
        return Policy.of(List.of(Policies.defaultPolicy().layers().getFirst(), team));
    }

    private static Decision bash(Policy policy, String command) {
        return policy.decide(ToolCall.of(new ToolInput.Bash(command), PROJECT, HOME), Instant.EPOCH);
    }

    private static Decision writeLeased(Policy policy) {
        ToolCall call = new ToolCall("me", "s1", new ToolInput.Write(LEASED, "x"), PROJECT, PROJECT, HOME);
        return policy.decide(call.withLeases(HELD_BY_ANOTHER), Instant.EPOCH);
    }

    @Test
    void leaseAndRule_sameVerdict_theLeaseLeadsWithItsOwnSuggestion() {
        Policy policy = with("""
                rules:
                  - {id: no-writes, decision: deny, match: {tool: Write}, reason: no writes, suggest: use a branch}
                """);

        Decision d = writeLeased(policy);

        assertThat(d.verdict()).isEqualTo(Verdict.DENY);
        assertThat(d.ruleIds()).containsSequence(LeaseCheck.RULE_ID, "no-writes");
        assertThat(d.suggestion()).contains(LeaseCheck.SUGGESTION);
    }

    @Test
    void leaseWeakerThanRule_ruleLeads_andTheLeaseIsStillNamed() {
        Policy policy = with("""
                settings: {leases: review}
                rules:
                  - {id: no-writes, decision: deny, match: {tool: Write}, reason: no writes, suggest: use a branch}
                """);

        Decision d = writeLeased(policy);

        assertThat(d.verdict()).isEqualTo(Verdict.DENY);
        assertThat(d.ruleIds()).first().isEqualTo("no-writes");
        assertThat(d.ruleIds()).last().isEqualTo(LeaseCheck.RULE_ID);
        assertThat(d.suggestion()).contains("use a branch");
    }

    @Test
    void toolRule_matchesOnlyItsTool() {
        Policy policy = with("""
                rules:
                  - {id: no-writes, decision: deny, match: {tool: Write}, reason: no writes}
                """);

        assertThat(bash(policy, "echo hi").ruleIds()).doesNotContain("no-writes");
        assertThat(writeLeased(policy).ruleIds()).contains("no-writes");
    }

    @Test
    void flagRule_needsTheFlag() {
        Policy policy = with("""
                rules:
                  - {id: no-follow, decision: deny, match: {program: tail, flags: [f]}, reason: no following}
                """);

        assertThat(bash(policy, "tail -f app.log").ruleIds()).contains("no-follow");
        assertThat(bash(policy, "tail -n 5 app.log").ruleIds()).doesNotContain("no-follow");
    }

    @Test
    void hostGlob_isMatchedInTheFactsNormalForm() {
        Policy policy = with("""
                rules:
                  - {id: no-paste, decision: deny, match: {host: ["*.PasteBin.COM."]}, reason: no paste sites}
                """);

        assertThat(bash(policy, "curl -s https://x.pastebin.com/raw/1").ruleIds())
                .contains("no-paste");
        assertThat(bash(policy, "curl -s https://x.pastebin.org/raw/1").ruleIds())
                .doesNotContain("no-paste");
    }

    @Test
    void version_changesWithTheLayersText_evenAtTheSameLength() {
        Policy a = with("settings: {leases: review}\n# aa\n");
        Policy b = with("settings: {leases: review}\n# bb\n");

        assertThat(a.version()).isNotEqualTo(b.version());
    }

    @Test
    void leaseStrongerThanTheAllowRules_leads_andTheCallIsNotRecognised() {
        Policy policy = with("settings: {leases: review}\n");

        Decision d = writeLeased(policy);

        assertThat(d.verdict()).isEqualTo(Verdict.REVIEW);
        assertThat(d.ruleIds()).first().isEqualTo(LeaseCheck.RULE_ID);
        assertThat(d.suggestion()).contains(LeaseCheck.SUGGESTION);
        assertThat(d.risk()).isEqualTo(dev.lighthouse.policy.verdict.Risk.impliedBy(Verdict.REVIEW));
        assertThat(d.recognised()).isFalse();
    }

    @Test
    void leaseAndReviewRule_sameVerdict_theLeaseLeadsWithItsOwnSuggestion() {
        Policy policy = with("""
                settings: {leases: review}
                rules:
                  - {id: ask-writes, decision: review, match: {tool: Write}, reason: writes, suggest: ask first}
                """);

        Decision d = writeLeased(policy);

        assertThat(d.verdict()).isEqualTo(Verdict.REVIEW);
        assertThat(d.ruleIds()).containsSequence(LeaseCheck.RULE_ID, "ask-writes");
        assertThat(d.suggestion()).contains(LeaseCheck.SUGGESTION);
    }

    @Test
    void noLease_theRulesAlone_decide() {
        Policy policy = with("""
                rules:
                  - {id: ask-writes, decision: review, match: {tool: Write}, reason: writes, suggest: ask first}
                """);
        ToolCall call = new ToolCall("me", "s1", new ToolInput.Write(LEASED, "x"), PROJECT, PROJECT, HOME);

        Decision d = policy.decide(call, Instant.EPOCH);

        assertThat(d.verdict()).isEqualTo(Verdict.REVIEW);
        assertThat(d.ruleIds()).doesNotContain(LeaseCheck.RULE_ID).contains("ask-writes");
        assertThat(d.suggestion()).contains("ask first");
    }

    /** A plain host in a rule is read like a URL's host: a port is not part of the name. */
    @Test
    void plainHost_isMatchedInTheFactsNormalForm() {
        Policy policy = with("""
                rules:
                  - {id: no-example, decision: deny, match: {host: ["Example.COM:443"]}, reason: not there}
                """);

        assertThat(bash(policy, "curl -s https://api.example.com/v1").ruleIds()).contains("no-example");
        assertThat(bash(policy, "curl -s https://example.org/v1").ruleIds()).doesNotContain("no-example");
    }

    @Test
    void recursiveVariable_isTrueWhenAnyOperationIsRecursive() {
        Policy policy = with("""
                rules:
                  - {id: no-recursion, decision: deny, match: {program: rm}, when: "recursive", reason: recursive}
                """);

        assertThat(bash(policy, "rm -rf build").ruleIds()).contains("no-recursion");
        assertThat(bash(policy, "rm build.log").ruleIds()).doesNotContain("no-recursion");
    }

    @Test
    void commandVariable_isTheWholeLine() {
        Policy policy = with("""
                rules:
                  - {id: no-force, decision: deny, match: {program: git}, when: "command.contains('--force')",
                     reason: forced}
                """);

        assertThat(bash(policy, "git push --force origin main").ruleIds()).contains("no-force");
        assertThat(bash(policy, "git push origin main").ruleIds()).doesNotContain("no-force");
    }

    /**
     * A looping condition that runs over its step budget counts as a match for a deny rule and as no match for an
     * allow rule: an expensive condition never lets a call through. Under the budget it is evaluated as written.
     */
    @Test
    void loopingCondition_overItsStepBudget_deniesAndDoesNotAllow() {
        Policy policy = with("""
                rules:
                  - {id: slow-deny, decision: deny, match: {program: echo},
                     when: "args.exists(a, args.exists(b, b == 'never'))", reason: slow}
                  - {id: slow-allow, decision: allow, match: {program: printf},
                     when: "args.all(a, args.all(b, b != 'never'))", reason: slow}
                """);
        String many = " x".repeat(200);

        assertThat(bash(policy, "echo" + many).ruleIds()).contains("slow-deny");
        assertThat(bash(policy, "echo x x").ruleIds()).doesNotContain("slow-deny");
        assertThat(bash(policy, "printf" + many).ruleIds()).doesNotContain("slow-allow");
        assertThat(bash(policy, "printf x x").ruleIds()).contains("slow-allow");
    }

    /**
     * Within the iteration limit a looping condition can still run long: its evaluation steps are counted, and one over
     * {@code 20,000} steps counts as a match for a deny rule.
     */
    @Test
    void loopingCondition_overItsStepBudgetWithinTheIterationLimit_denies() {
        String anyOf = java.util.stream.IntStream.range(0, 30)
                .mapToObj(i -> "a == 'never" + i + "'")
                .collect(java.util.stream.Collectors.joining(" || "));
        Policy policy = with("""
                rules:
                  - {id: long-deny, decision: deny, match: {program: echo}, when: "args.exists(a, %s)", reason: long}
                """.formatted(anyOf));

        assertThat(bash(policy, "echo" + " x".repeat(900)).ruleIds()).contains("long-deny");
        assertThat(bash(policy, "echo" + " x".repeat(20)).ruleIds()).doesNotContain("long-deny");
        assertThat(bash(policy, "echo x never7").ruleIds()).contains("long-deny");
    }
}
