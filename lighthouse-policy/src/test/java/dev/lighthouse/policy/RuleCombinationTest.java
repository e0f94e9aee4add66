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
}
