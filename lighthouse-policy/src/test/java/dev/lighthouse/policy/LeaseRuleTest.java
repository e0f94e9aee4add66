package dev.lighthouse.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lighthouse.policy.call.LeaseFacts;
import dev.lighthouse.policy.call.ToolCall;
import dev.lighthouse.policy.call.ToolInput;
import dev.lighthouse.policy.facts.Op;
import dev.lighthouse.policy.rules.Layer;
import dev.lighthouse.policy.verdict.Verdict;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The built-in lease rule and the CEL {@code lease} variable, given the leases the bridge would find. */
class LeaseRuleTest {
    private static final Path HOME = Path.of("/home/dev");
    private static final Path PROJECT = Path.of("/home/dev/app");
    private static final String LEASED = "/home/dev/app/src/x.txt";
    private static final Instant EXPIRES = Instant.parse("2026-12-06T21:00:00Z");

    private static LeaseFacts heldBy(boolean own, boolean exclusive) {
        return new LeaseFacts(Map.of(
                LEASED,
                List.of(new LeaseFacts.Holding(
                        "lease-1", own ? "me" : "agent-a", own, exclusive, "refactoring the parser", EXPIRES))));
    }

    /** As the bridge does: decide once, then again with the leases on the paths the facts name. */
    private static Decision decide(Policy policy, ToolInput input, LeaseFacts leases) {
        ToolCall call = new ToolCall("me", "s1", input, PROJECT, PROJECT, HOME);
        Decision first = policy.decide(call, Instant.EPOCH);
        boolean touches = first.facts().acts().stream()
                .flatMap(a -> a.ops().stream())
                .map(Op::target)
                .anyMatch(t -> t.resolved().equals(LEASED));
        return touches ? policy.decide(call.withLeases(leases), Instant.EPOCH) : first;
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            sed -i s/a/b/ src/x.txt                                 | DENY
            echo x > src/x.txt                                      | DENY
            echo x >> src/x.txt                                     | DENY
            tee -a src/x.txt < /tmp/in                              | DENY
            cp /tmp/y src/x.txt                                     | DENY
            mv src/x.txt /tmp/y                                     | DENY
            rm src/x.txt                                            | DENY
            git checkout -- src/x.txt                               | DENY
            python3 -c "open('src/x.txt','w').write('x')"           | DENY
            cat src/x.txt                                           | ALLOW
            sed -n 1p src/x.txt                                     | ALLOW
            echo x > src/y.txt                                      | ALLOW
            """)
    void bash_writeOntoPathAnotherAgentHolds_denied_readsAndOtherFilesNot(String command, Verdict want) {
        Decision d = decide(Policies.defaultPolicy(), new ToolInput.Bash(command), heldBy(false, true));

        if (want == Verdict.DENY) {
            assertThat(d.verdict()).isEqualTo(Verdict.DENY);
            assertThat(d.ruleIds()).first().isEqualTo(LeaseCheck.RULE_ID);
            assertThat(d.summary()).contains("agent-a", "refactoring the parser", "2026-12-06T21:00:00Z", LEASED);
        } else {
            assertThat(d.ruleIds()).doesNotContain(LeaseCheck.RULE_ID);
        }
    }

    @Test
    void write_ontoSharedLeaseOfAnother_denied_ontoOwnLease_notTouchedByLeases() {
        ToolInput write = new ToolInput.Write(LEASED, "new text");

        assertThat(decide(Policies.defaultPolicy(), write, heldBy(false, false)).ruleIds())
                .contains(LeaseCheck.RULE_ID);
        assertThat(decide(Policies.defaultPolicy(), write, heldBy(true, true)).ruleIds())
                .doesNotContain(LeaseCheck.RULE_ID);
    }

    @Test
    void settingsLeasesReview_reviewsInsteadOfDenying() {
        Layer team = Policies.parse("team.yaml", "settings: {leases: review}\n");
        Policy policy = Policy.of(List.of(Policies.defaultPolicy().layers().getFirst(), team));

        Decision d = decide(policy, new ToolInput.Bash("echo x > src/x.txt"), heldBy(false, true));

        assertThat(d.verdict()).isEqualTo(Verdict.REVIEW);
        assertThat(d.ruleIds()).first().isEqualTo(LeaseCheck.RULE_ID);
        assertThat(policy.leaseVerdict()).isEqualTo(Verdict.REVIEW);
    }

    @Test
    void settingsLeasesAllow_isAProblem() {
        assertThat(dev.lighthouse.policy.rules.LayerParser.parse("team.yaml", "settings: {leases: allow}\n")
                        .problems())
                .singleElement()
                .satisfies(p -> assertThat(p.toString()).contains("leases", "deny, review"));
    }

    @Test
    void celRule_seesLeaseVariable() {
        Layer team = Policies.parse("team.yaml", """
                settings: {leases: review}
                rules:
                  - id: no-deleting-leased
                    decision: deny
                    match: {tool: Bash}
                    when: lease.held_by_other && ops.exists(o, o.kind == 'delete')
                    reason: Deleting a file another agent holds is never right.
                """);
        Policy policy = Policy.of(List.of(Policies.defaultPolicy().layers().getFirst(), team));

        Decision rm = decide(policy, new ToolInput.Bash("rm src/x.txt"), heldBy(false, true));
        Decision edit = decide(policy, new ToolInput.Bash("echo x > src/x.txt"), heldBy(false, true));

        assertThat(rm.verdict()).isEqualTo(Verdict.DENY);
        assertThat(rm.ruleIds()).first().isEqualTo("no-deleting-leased");
        assertThat(edit.verdict()).isEqualTo(Verdict.REVIEW);
        assertThat(edit.ruleIds()).doesNotContain("no-deleting-leased");
    }
}
