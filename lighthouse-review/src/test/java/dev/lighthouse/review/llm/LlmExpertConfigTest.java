package dev.lighthouse.review.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LlmExpertConfigTest {

    @Test
    void parseList_fillsDefaultsPerProvider() {
        LlmExpertConfig claude = LlmExpertConfig.parseList("""
                [{"name":"claude","provider":"anthropic","model":"claude-sonnet-4-5"}]""").getFirst();

        assertThat(claude.endpoint()).isEqualTo(URI.create("https://api.anthropic.com"));
        assertThat(claude.timeout()).isEqualTo(LlmExpertConfig.DEFAULT_TIMEOUT);
        assertThat(claude.deadline()).isEqualTo(LlmExpertConfig.DEFAULT_DEADLINE);
        assertThat(claude.retries()).isEqualTo(LlmExpertConfig.DEFAULT_RETRIES);
        assertThat(claude.jsonMode()).isTrue();
        assertThat(LlmExpertConfig.parseList(" ")).isEmpty();
    }

    @Test
    void parseList_readsEveryField() {
        LlmExpertConfig local = LlmExpertConfig.parseList("""
                [{"name":"ollama","provider":"OpenAI","model":"llama3.1","endpoint":"http://127.0.0.1:11434",
                  "timeout":"500ms","deadline":"2m","retries":3,"price-input":0.5,"price-output":1.5,
                  "max-tokens":200,"json-mode":false,"circuit-failures":4,"circuit-cool-down":"1m"}]""").getFirst();

        assertThat(local.provider()).isEqualTo(LlmExpertConfig.Provider.OPENAI);
        assertThat(local.timeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(local.deadline()).isEqualTo(Duration.ofMinutes(2));
        assertThat(local.retries()).isEqualTo(3);
        assertThat(local.priceOutput()).isEqualTo(1.5);
        assertThat(local.maxTokens()).isEqualTo(200);
        assertThat(local.jsonMode()).isFalse();
        assertThat(local.circuitFailures()).isEqualTo(4);
        assertThat(local.circuitCoolDown()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void parseList_reportsEveryProblemWithItsPlace() {
        assertThatThrownBy(() -> LlmExpertConfig.parseList("""
                [{"name":"a","provider":"gemini","model":"m","timeout":"soon"},
                 {"name":"b","provider":"openai","endpoint":"ftp://x","retries":-1,"colour":"red"},
                 {"name":"a","provider":"openai","model":"m","deadline":"1s","timeout":"5s"}]"""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("experts[0].provider: expected anthropic or openai, got \"gemini\"")
                .hasMessageContaining("experts[0].timeout: expected a positive duration")
                .hasMessageContaining("experts[1].model: required")
                .hasMessageContaining("experts[1].endpoint")
                .hasMessageContaining("experts[1].retries")
                .hasMessageContaining("experts[1]: unknown field colour")
                .hasMessageContaining("experts[2].deadline: PT1S is shorter than timeout PT5S");
    }

    @Test
    void resolveApiKey_fromNamedOrUsualVariable_andNeverInvented() {
        LlmExpertConfig named =
                one("{\"name\":\"c\",\"provider\":\"anthropic\",\"model\":\"m\",\"api-key-env\":\"MY_KEY\"}");
        LlmExpertConfig usual = one("{\"name\":\"c\",\"provider\":\"anthropic\",\"model\":\"m\"}");
        LlmExpertConfig local = one("{\"name\":\"o\",\"provider\":\"openai\",\"model\":\"m\"}");

        assertThat(named.resolveApiKey(Map.of("MY_KEY", "k1"))).isEqualTo("k1");
        assertThat(usual.resolveApiKey(Map.of("ANTHROPIC_API_KEY", "k2"))).isEqualTo("k2");
        assertThat(local.resolveApiKey(Map.of())).isEmpty();
        assertThatThrownBy(() -> named.resolveApiKey(Map.of("ANTHROPIC_API_KEY", "k2")))
                .hasMessageContaining("environment variable MY_KEY holds no API key");
        assertThatThrownBy(() -> usual.resolveApiKey(Map.of())).hasMessageContaining("ANTHROPIC_API_KEY");
    }

    @Test
    void masked_hidesKeysWrittenIntoTheConfig() {
        String text = "[{\"name\":\"c\",\"provider\":\"anthropic\",\"model\":\"m\",\"api-key\":\"sk-secret\"}]";

        assertThat(LlmExpertConfig.masked(text)).doesNotContain("sk-secret").contains("\"api-key\":\"****\"");
        assertThat(one(text.substring(1, text.length() - 1)).toString()).doesNotContain("sk-secret");
        assertThat(LlmExpertConfig.masked("[{\"api-key\":\"sk-secret\"")).isEqualTo("****");
    }

    private static LlmExpertConfig one(String item) {
        return LlmExpertConfig.parseList("[" + item + "]").getFirst();
    }
}
