package dev.lighthouse.e2e;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Codex CLI headless ({@code codex exec}) with the command hook {@code lighthouse hook install --agent codex} writes
 * into {@code $CODEX_HOME/hooks.json} (the sh + curl client).
 */
class CodexE2eTest extends CurlHookAgentE2eTest {
    @Override
    Agent agent() {
        return Agent.CODEX;
    }

    @Override
    String hookSettingsEdit() {
        return "echo '{}' > \"$CODEX_HOME/hooks.json\"";
    }

    /** Codex counts an answer with a field it does not know (anything but {@code {}} for allow) as a failed hook. */
    @Override
    void assertHookAccepted(AgentRun run) {
        assertThat(run.outcome().stderr()).as(run.describe()).contains("hook: PreToolUse Completed");
    }
}
