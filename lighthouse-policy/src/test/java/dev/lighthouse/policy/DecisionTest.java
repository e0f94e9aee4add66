package dev.lighthouse.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lighthouse.policy.verdict.Verdict;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * "Recognised as safe" lets Claude Code skip its own prompt: a decision carries it only with an allow, and never by
 * default.
 */
class DecisionTest {
    private static final PolicyVersion VERSION = new PolicyVersion("0".repeat(64), "test");

    @ParameterizedTest
    @EnumSource(Verdict.class)
    void aDecision_isNotRecognisedUnlessSaidSo(Verdict verdict) {
        assertThat(Decision.of(verdict, VERSION).build().recognised()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(value = Verdict.class, names = "ALLOW", mode = EnumSource.Mode.EXCLUDE)
    void onlyAnAllow_canBeRecognised(Verdict verdict) {
        assertThatThrownBy(() ->
                        Decision.of(verdict, VERSION).recognisedAsSafe(true).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("only an allow can be recognised as safe");
        assertThat(Decision.of(Verdict.ALLOW, VERSION)
                        .recognisedAsSafe(true)
                        .build()
                        .recognised())
                .isTrue();
    }
}
