package dev.lighthouse.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * GitHub Copilot CLI headless ({@code copilot -p --allow-all-tools}, offline with a custom provider) with the command
 * hook {@code lighthouse hook install --agent copilot} writes into {@code $COPILOT_HOME/hooks/lighthouse.json} (the
 * sh + curl client).
 */
class CopilotE2eTest extends CurlHookAgentE2eTest {
    @Override
    Agent agent() {
        return Agent.COPILOT;
    }

    /** Copilot logs nothing for a hook that worked; one that failed (exit 1) would have denied the call. */
    @Override
    void assertHookAccepted(AgentRun run) {
        assertThat(run.outcome().stdout()).as(run.describe()).doesNotContain("hook errored");
    }

    /** Review is {@code ask}: headless, Copilot does not run the call and says why in the tool result. */
    @Override
    String reviewNotice() {
        return "Denied by preToolUse hook (unable to ask user for confirmation)";
    }

    /** Empties the hooks file Lighthouse installed, which would switch the hook off. */
    @Override
    String hookSettingsEdit() {
        return "echo '{}' > \"$HOME/.copilot/hooks/lighthouse.json\"";
    }
}
