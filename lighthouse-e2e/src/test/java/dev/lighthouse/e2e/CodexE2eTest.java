package dev.lighthouse.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Codex CLI headless ({@code codex exec}) with the command hook {@code lighthouse hook install --agent codex} writes
 * into {@code $CODEX_HOME/hooks.json} (the sh + curl client).
 */
@ExtendWith(AgentClis.class)
class CodexE2eTest {
    private static Stage stage;

    @BeforeAll
    static void start() {
        stage = Stage.start(Agent.CODEX);
    }

    @AfterAll
    static void stop() {
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

        // Codex hears exactly {} (it acts on deny only; any other field would fail the hook).
        Expect.that(run).decided(stage.bridge, "allow", "allow");
        // Codex counts an answer with a field it does not know as a failed hook (and runs the call): not ours.
        assertThat(run.outcome().stderr()).as(run.describe()).contains("hook: PreToolUse Completed");
        assertThat(run.toolResult())
                .as(run.describe())
                .hasValueSatisfying(r -> assertThat(r).contains("README.md"));
    }

    @Test
    void allow_unmatched_runs() {
        AgentRun run = stage.run("touch " + AgentRun.MARKER);

        Expect.that(run).decided(stage.bridge, "allow", "unmatched");
        // Codex counts an answer with a field it does not know as a failed hook (and runs the call): not ours.
        assertThat(run.outcome().stderr()).as(run.describe()).contains("hook: PreToolUse Completed");
        assertThat(run.markerCreated()).as(run.describe()).isTrue();
    }

    @Test
    void review_deniedWithInstructions_notRun() {
        AgentRun run = stage.run("sudo apt install x && touch " + AgentRun.MARKER);

        Expect.that(run).decided(stage.bridge, "review", "review").modelGotTheReason();
        assertThat(run.markerCreated()).as(run.describe()).isFalse();
        assertThat(run.toolResult())
                .as(run.describe())
                .hasValueSatisfying(r -> assertThat(r).contains("NOT run"));
    }

    @Test
    void bridgeDown_blocks() {
        AgentRun run = stage.run(UnreachableBridge.down(), "touch " + AgentRun.MARKER);

        assertThat(run.markerCreated()).as(run.describe()).isFalse();
        assertThat(run.toolResult())
                .as(run.describe())
                .hasValueSatisfying(r -> assertThat(r).contains("Lighthouse bridge unreachable"));
    }

    @Test
    void bridgeSlowerThanHookTimeout_blocks() {
        try (UnreachableBridge.Slow slow = new UnreachableBridge.Slow()) {
            AgentRun run = stage.run(slow.url(), "touch " + AgentRun.MARKER);

            assertThat(slow.calls()).as(run.describe()).isPositive();
            assertThat(run.markerCreated()).as(run.describe()).isFalse();
            assertThat(run.toolResult())
                    .as(run.describe())
                    .hasValueSatisfying(r -> assertThat(r).contains("Lighthouse bridge unreachable"));
        }
    }

    @Test
    void bridgeSlow_clientTimeoutSetAboveTheHookTimeout_stillBlocks() {
        // Codex runs the call when a hook outlives its timeout (10 s as installed), so the client must give up first
        // whatever LIGHTHOUSE_HOOK_TIMEOUT says.
        try (UnreachableBridge.Slow slow = new UnreachableBridge.Slow()) {
            AgentRun run = stage.run(
                    Setup.defaults().env("LIGHTHOUSE_HOOK_TIMEOUT", "30"), slow.url(), "touch " + AgentRun.MARKER);

            assertThat(slow.calls()).as(run.describe()).isPositive();
            assertThat(run.markerCreated()).as(run.describe()).isFalse();
            assertThat(run.toolResult())
                    .as(run.describe())
                    .hasValueSatisfying(r -> assertThat(r).contains("Lighthouse bridge unreachable"));
        }
    }
}
