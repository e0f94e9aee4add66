package dev.lighthouse.events;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A decision's answer, as the stores keep it beside the payload, is read off the front of the payload. */
class DecisionAnswerTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                // a canonical payload: answer sorts first, the input after it is never read
                "{\"answer\":\"unmatched\",\"decision\":\"allow\",\"input\":{\"command\":\"ls\"}}|unmatched",
                // older records, before answers: the decision names the file
                "{\"cached\":false,\"decision\":\"deny\",\"input\":{\"answer\":\"allow\"}}|deny",
                // an answer after nested values, found at the top level only
                "{\"input\":{\"answer\":\"allow\",\"x\":[1,{\"answer\":\"no\"}]},\"answer\":\"review\"}|review",
                "{\"tool\":\"Bash\"}|unknown",
                "{\"answer\":7,\"decision\":\"allow\"}|allow",
                "[1,2]|unknown",
                // damaged text (a store damaged beyond its MACs' reach): `lighthouse verify` says where
                "{\"decision\":\"allow\",\"input\":{\"command\":|unknown"
            })
    void answerOf(String payload, String answer) {
        assertThat(DecisionMade.answerOf(payload)).isEqualTo(answer);
    }
}
