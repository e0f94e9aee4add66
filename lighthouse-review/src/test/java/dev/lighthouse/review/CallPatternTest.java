package dev.lighthouse.review;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lighthouse.policy.verdict.Risk;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What an approval covers: never another agent's, another tool's, another command's or a riskier call. */
class CallPatternTest {
    /** {@code a, b} as a list; {@code -} for none. */
    private static List<String> list(String text) {
        return text.equals("-") ? List.of() : Arrays.stream(text.split(",")).map(String::strip).toList();
    }

    private static CallPattern pattern(String agent, String tool, String commands, String sha, Risk risk, String facts) {
        return new CallPattern(agent, tool, list(commands), sha.equals("-") ? "" : sha, risk, list(facts));
    }

    @ParameterizedTest(name = "{0} {1} [{2}] {3} {4} [{5}] -> {6}")
    @CsvSource(delimiter = '|', textBlock = """
            alice | Bash  | terraform apply                 | -   | HIGH     | network, host:h | true
            bob   | Bash  | terraform apply                 | -   | HIGH     | network, host:h | false
            alice | Shell | terraform apply                 | -   | HIGH     | network, host:h | false
            alice | Bash  | terraform apply                 | abc | HIGH     | network, host:h | false
            alice | Bash  | -                               | -   | HIGH     | network, host:h | false
            alice | Bash  | terraform plan                  | -   | HIGH     | network, host:h | true
            alice | Bash  | terraform apply, terraform plan | -   | HIGH     | network, host:h | true
            alice | Bash  | terraform destroy               | -   | HIGH     | network, host:h | false
            alice | Bash  | terraform apply, rm             | -   | HIGH     | network, host:h | false
            alice | Bash  | terraform apply                 | -   | MEDIUM   | network, host:h | true
            alice | Bash  | terraform apply                 | -   | CRITICAL | network, host:h | false
            alice | Bash  | terraform apply                 | -   | HIGH     | network         | true
            alice | Bash  | terraform apply                 | -   | HIGH     | -               | true
            alice | Bash  | terraform apply                 | -   | HIGH     | network, host:x | false
            """)
    void covers_onlyTheSameOrALesserCall(
            String agent, String tool, String commands, String sha, Risk risk, String facts, boolean covered) {
        CallPattern approved =
                pattern("alice", "Bash", "terraform apply, terraform plan", "-", Risk.HIGH, "host:h, network");

        assertThat(approved.covers(pattern(agent, tool, commands, sha, risk, facts))).isEqualTo(covered);
    }

    @ParameterizedTest(name = "{0} {1} [{2}] {3} -> {4}")
    @CsvSource(delimiter = '|', textBlock = """
            alice | Write | -              | 5e1f | true
            alice | Write | -              | 5e1e | false
            alice | Edit  | -              | 5e1f | false
            alice | Write | terraform plan | 5e1f | false
            """)
    void covers_otherToolsOnlyWithTheSameInput(String agent, String tool, String commands, String sha, boolean covered) {
        CallPattern approved = pattern("alice", "Write", "-", "5e1f", Risk.MEDIUM, "-");

        assertThat(approved.covers(pattern(agent, tool, commands, sha, Risk.MEDIUM, "-")))
                .isEqualTo(covered);
    }
}
