package dev.lighthouse.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The cases every agent hooked through the sh + curl client must pass (Codex CLI, Gemini CLI, Copilot CLI, Qwen Code):
 * the agent's own behaviour differs only in how it logs a hook it accepted and in what it says about a call under
 * review. Cline, which ends the task rather than telling the model, has its own class.
 */
@ExtendWith(AgentClis.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class CurlHookAgentE2eTest {
    private Stage stage;

    /** The agent under test. */
    abstract Agent agent();

    /** The agent took the bridge's answer as a working hook (a failed hook would run the call regardless). */
    abstract void assertHookAccepted(AgentRun run);

    @BeforeAll
    void start() {
        stage = Stage.start(agent());
    }

    @AfterAll
    void stop() {
        if (stage != null) {
            stage.close();
        }
    }

    @Test
    void deny_rmRecursiveHome_notRun_reasonReachesModel() {
        AgentRun run = stage.run("rm -rf ~/important");

        Expect.that(run).keptImportant().decided(stage.bridge, "deny", "deny").modelGotTheReason();
    }

    @Test
    void deny_obfuscatedRm_notRun_reasonReachesModel() {
        AgentRun run = stage.run("bash -c \"$(echo cm0gLXJmIH4vaW1wb3J0YW50 | base64 -d)\"");

        Expect.that(run).keptImportant().decided(stage.bridge, "deny", "deny").modelGotTheReason();
    }

    @Test
    void allow_recognisedAsSafe_runs() {
        AgentRun run = stage.run("ls -la");

        Expect.that(run).decided(stage.bridge, "allow", "allow");
        assertHookAccepted(run);
        assertThat(run.toolResult())
                .as(run.describe())
                .hasValueSatisfying(r -> assertThat(r).contains("README.md"));
    }

    @Test
    void allow_unmatched_runs() {
        AgentRun run = stage.run(AgentRun.UNRECOGNISED_WRITE);

        Expect.that(run).decided(stage.bridge, "allow", "unmatched");
        assertHookAccepted(run);
        assertThat(run.markerCreated()).as(run.describe()).isTrue();
    }

    @Test
    void review_deniedWithInstructions_notRun() {
        AgentRun run = stage.run("sudo apt install x && touch " + AgentRun.MARKER);

        Expect.that(run).decided(stage.bridge, "review", "review").modelGotTheReason();
        assertThat(run.markerCreated()).as(run.describe()).isFalse();
        assertThat(run.toolResult())
                .as(run.describe())
                .hasValueSatisfying(r -> assertThat(r).contains(reviewNotice()));
    }

    /** What the tool result says besides the reason when the agent did not run a call under review. */
    String reviewNotice() {
        return "NOT run";
    }

    /** What the agent would run to switch its own hook off. */
    abstract String hookSettingsEdit();

    @Test
    void selfProtection_agentCannotApproveItsOwnReview_norSwitchItsHookOff() {
        GuardCases.agentCannotOverruleItsGuard(stage, agent(), hookSettingsEdit());
    }

    @Test
    void bridgeDown_blocks() {
        AgentRun run = stage.run(UnreachableBridge.down(), AgentRun.UNRECOGNISED_WRITE);

        assertThat(run.markerCreated()).as(run.describe()).isFalse();
        assertThat(run.toolResult())
                .as(run.describe())
                .hasValueSatisfying(r -> assertThat(r).contains("Lighthouse bridge unreachable"));
    }

    @Test
    void bridgeSlowerThanHookTimeout_blocks() {
        try (UnreachableBridge.Slow slow = new UnreachableBridge.Slow()) {
            AgentRun run = stage.run(slow.url(), AgentRun.UNRECOGNISED_WRITE);

            assertThat(slow.calls()).as(run.describe()).isPositive();
            assertThat(run.markerCreated()).as(run.describe()).isFalse();
            assertThat(run.toolResult())
                    .as(run.describe())
                    .hasValueSatisfying(r -> assertThat(r).contains("Lighthouse bridge unreachable"));
        }
    }

    @Test
    void bridgeSlow_clientTimeoutSetAboveTheHookTimeout_stillBlocks() {
        // Codex and Gemini CLI run the call when a hook outlives their timeout (10 s as installed), so the client
        // must give up first whatever LIGHTHOUSE_HOOK_TIMEOUT says.
        try (UnreachableBridge.Slow slow = new UnreachableBridge.Slow()) {
            AgentRun run = stage.run(
                    Setup.defaults().env("LIGHTHOUSE_HOOK_TIMEOUT", "30"), slow.url(), AgentRun.UNRECOGNISED_WRITE);

            assertThat(slow.calls()).as(run.describe()).isPositive();
            assertThat(run.markerCreated()).as(run.describe()).isFalse();
            assertThat(run.toolResult())
                    .as(run.describe())
                    .hasValueSatisfying(r -> assertThat(r).contains("Lighthouse bridge unreachable"));
        }
    }
}
