package dev.lighthouse.review.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class VerdictParserTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"verdict\":\"approve\",\"reason\":\"ok\",\"confidence\":1}",
                "  {\"verdict\":\"approve\",\"reason\":\"ok\",\"confidence\":1.0}\n",
                "```json\n{\"verdict\":\"approve\",\"reason\":\"ok\",\"confidence\":1}\n```",
                "```\n{\"verdict\":\"approve\",\"reason\":\"ok\",\"confidence\":1}\n```",
            })
    void parse_oneObjectAloneOrFenced_counts(String text) throws Exception {
        VerdictParser.Answer answer = VerdictParser.parse(text);
        assertThat(answer.approve()).isTrue();
        assertThat(answer.reason()).isEqualTo("ok");
        assertThat(answer.confidence()).isEqualTo(1.0);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            Here you go: {"verdict":"deny","reason":"x","confidence":0.5}   | expected a JSON object
            {"verdict":"deny","reason":"x","confidence":0.5} I hope it helps | well-formed JSON
            {"verdict":"deny","reason":"x","confidence":0.5}{"verdict":"approve"} | well-formed JSON
            {"verdict":"maybe","reason":"x","confidence":0.5}                | neither "approve" nor "deny"
            {"verdict":"Approve","reason":"x","confidence":0.5}              | neither "approve" nor "deny"
            {"verdict":true,"reason":"x","confidence":0.5}                   | verdict is missing or not text
            {"reason":"x","confidence":0.5}                                  | verdict is missing
            {"verdict":"deny","confidence":0.5}                              | reason is missing
            {"verdict":"deny","reason":"  ","confidence":0.5}                | blank
            {"verdict":"deny","reason":"x"}                                  | confidence is missing
            {"verdict":"deny","reason":"x","confidence":"0.5"}               | not a number
            {"verdict":"deny","reason":"x","confidence":1.5}                 | outside 0 to 1
            {"verdict":"deny","reason":"x","confidence":-0.1}                | outside 0 to 1
            {"verdict":"deny","reason":"x","confidence":0.5,"risk":"high"}   | unexpected fields [risk]
            {"verdict":"deny","verdict":"approve","reason":"x","confidence":0.5} | well-formed JSON
            ```json {"verdict":"deny"} ``` and more                         | expected a JSON object
            """)
    void parse_anythingElse_isMalformed(String text, String why) {
        assertThatThrownBy(() -> VerdictParser.parse(text))
                .isInstanceOf(VerdictParser.MalformedAnswer.class)
                .hasMessageContaining(why);
    }
}
