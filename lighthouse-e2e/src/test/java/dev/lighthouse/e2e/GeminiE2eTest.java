package dev.lighthouse.e2e;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Gemini CLI headless ({@code gemini -p --approval-mode yolo}) with the command hook {@code lighthouse hook install
 * --agent gemini} writes into the project's {@code .gemini/settings.json} (the sh + curl client).
 */
class GeminiE2eTest extends CurlHookAgentE2eTest {
    @Override
    Agent agent() {
        return Agent.GEMINI;
    }

    @Override
    String hookSettingsEdit() {
        return "echo '{}' > .gemini/settings.json";
    }

    @Override
    void assertHookAccepted(AgentRun run) {
        assertThat(run.outcome().stderr()).as(run.describe()).doesNotContain("failed for event BeforeTool");
    }
}
