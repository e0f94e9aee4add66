package dev.lighthouse.policy.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A condition that does not compile says where, 1-based, like every other {@code file:line:column}. */
class ConditionTest {
    @Test
    void compile_pointsAtTheUnknownName_oneBased() {
        List<Condition.Issue> issues = new ArrayList<>();

        assertThat(Condition.compile("tool == prgram", issues)).isNull();
        assertThat(issues).singleElement().satisfies(issue -> {
            assertThat(issue.line()).isEqualTo(1);
            assertThat(issue.column()).isEqualTo(9);
            assertThat(issue.message()).contains("prgram");
        });
    }

    @Test
    void compile_onTheSecondLine_countsColumnsOnThatLine() {
        List<Condition.Issue> issues = new ArrayList<>();

        assertThat(Condition.compile("tool == 'Bash' &&\n  prgram == 'rm'", issues))
                .isNull();
        assertThat(issues).singleElement().satisfies(issue -> {
            assertThat(issue.line()).isEqualTo(2);
            assertThat(issue.column()).isEqualTo(3);
        });
    }
}
