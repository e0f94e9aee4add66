package dev.lighthouse.e2e;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cline's CLI headless ({@code cline PROMPT}, an OpenAI-compatible provider, sessions on Cline's hub, which alone loads
 * plugins) with the plugin {@code lighthouse hook install --agent cline} writes into the project's
 * {@code .cline/plugins/lighthouse.js}. The plugin skips a tool it may not run; Cline hands the reason to the model as
 * the tool's error and goes on.
 */
class ClineE2eTest extends CurlHookAgentE2eTest {
    @Override
    Agent agent() {
        return Agent.CLINE;
    }

    /** A plugin hook that outlives Cline's 3 s ends the whole run with this error. */
    @Override
    void assertHookAccepted(AgentRun run) {
        assertThat(run.outcome().stdout() + run.outcome().stderr())
                .as(run.describe())
                .doesNotContain("plugin-sandbox call timed out");
    }

    @Override
    String hookSettingsEdit() {
        return "rm .cline/plugins/lighthouse.js";
    }
}
