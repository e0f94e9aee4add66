package dev.lighthouse.e2e;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Qwen Code headless ({@code qwen --auth-type openai --approval-mode yolo PROMPT}, an OpenAI-compatible endpoint) with
 * the command hook {@code lighthouse hook install --agent qwen} writes into the project's {@code .qwen/settings.json}
 * (the sh + curl client, Claude Code's hook protocol).
 */
class QwenE2eTest extends CurlHookAgentE2eTest {
    @Override
    Agent agent() {
        return Agent.QWEN;
    }

    /** A hook that failed or timed out lets the call run in Qwen, with a warning naming the hook. */
    @Override
    void assertHookAccepted(AgentRun run) {
        assertThat(run.outcome().stdout() + run.outcome().stderr())
                .as(run.describe())
                .doesNotContainIgnoringCase("hook error")
                .doesNotContainIgnoringCase("timed out");
    }

    /** Review is {@code ask}: headless, Qwen does not run the call and hands the model the reason alone. */
    @Override
    String reviewNotice() {
        return "You may also decide here.";
    }

    @Override
    String hookSettingsEdit() {
        return "echo '{}' > .qwen/settings.json";
    }
}
