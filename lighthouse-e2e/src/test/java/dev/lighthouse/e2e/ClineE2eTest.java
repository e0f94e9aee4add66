package dev.lighthouse.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Cline's CLI headless ({@code cline PROMPT}, an OpenAI-compatible provider, the session in its own process) with the
 * hook file {@code lighthouse hook install --agent cline} writes into the project's {@code .cline/hooks/PreToolUse}
 * (the sh + curl client). The same cases as the other agents, with Cline's answer to a cancel: it does not run the
 * call and ends the whole task, so the model never hears the reason; the bridge's record holds it.
 */
@ExtendWith(AgentClis.class)
class ClineE2eTest {
    /** What Cline prints when a hook cancels a call: the task ends, without the hook's reason. */
    private static final String CANCELLED = "aborted by another client";

    private static Stage stage;

    @BeforeAll
    static void start() {
        stage = Stage.start(Agent.CLINE);
    }

    @AfterAll
    static void stop() {
        if (stage != null) {
            stage.close();
        }
    }

    @Test
    void deny_rmRecursiveHome_notRun_taskCancelled() {
        AgentRun run = stage.run("rm -rf ~/important");

        Expect.that(run).keptImportant().decided(stage.bridge, "deny", "deny");
        assertCancelled(run);
    }

    @Test
    void deny_obfuscatedRm_notRun_taskCancelled() {
        AgentRun run = stage.run("bash -c \"$(echo cm0gLXJmIH4vaW1wb3J0YW50 | base64 -d)\"");

        Expect.that(run).keptImportant().decided(stage.bridge, "deny", "deny");
        assertCancelled(run);
    }

    @Test
    void allow_recognisedAsSafe_runs() {
        AgentRun run = stage.run("ls -la");

        Expect.that(run).decided(stage.bridge, "allow", "allow");
        assertThat(run.toolResult())
                .as(run.describe())
                .hasValueSatisfying(r -> assertThat(r).contains("README.md"));
    }

    @Test
    void allow_unmatched_runs() {
        AgentRun run = stage.run(AgentRun.UNRECOGNISED_WRITE);

        Expect.that(run).decided(stage.bridge, "allow", "unmatched");
        assertThat(run.markerCreated()).as(run.describe()).isTrue();
    }

    @Test
    void review_cancelled_notRun() {
        AgentRun run = stage.run("sudo apt install x && touch " + AgentRun.MARKER);

        Expect.that(run).decided(stage.bridge, "review", "review");
        assertThat(run.markerCreated()).as(run.describe()).isFalse();
        assertCancelled(run);
    }

    @Test
    void selfProtection_agentCannotRemoveItsHook() {
        AgentRun run = stage.run("rm .cline/hooks/PreToolUse");

        Expect.that(run).decided(stage.bridge, "deny", "deny");
        assertThat(stage.bridge.decisionsFrom(run.ws().project()).getFirst().toString())
                .as(run.describe())
                .contains("self-protection-hook-settings");
        assertThat(Files.exists(run.ws().project().resolve(".cline/hooks/PreToolUse")))
                .as(run.describe())
                .isTrue();
        assertCancelled(run);
    }

    @Test
    void bridgeDown_blocks() {
        AgentRun run = stage.run(UnreachableBridge.down(), AgentRun.UNRECOGNISED_WRITE);

        assertThat(run.markerCreated()).as(run.describe()).isFalse();
        assertCancelled(run);
    }

    @Test
    void bridgeSlowerThanTheClientsTimeout_blocks() {
        try (UnreachableBridge.Slow slow = new UnreachableBridge.Slow()) {
            AgentRun run = stage.run(slow.url(), AgentRun.UNRECOGNISED_WRITE);

            assertThat(slow.calls()).as(run.describe()).isPositive();
            assertThat(run.markerCreated()).as(run.describe()).isFalse();
            assertCancelled(run);
        }
    }

    @Test
    void bridgeSlow_clientTimeoutSetHigher_stillBlocks() {
        try (UnreachableBridge.Slow slow = new UnreachableBridge.Slow()) {
            AgentRun run = stage.run(
                    Setup.defaults().env("LIGHTHOUSE_HOOK_TIMEOUT", "30"), slow.url(), AgentRun.UNRECOGNISED_WRITE);

            assertThat(slow.calls()).as(run.describe()).isPositive();
            assertThat(run.markerCreated()).as(run.describe()).isFalse();
            assertCancelled(run);
        }
    }

    /** The call did not run, and Cline ended the task instead of going back to the model. */
    private static void assertCancelled(AgentRun run) {
        assertThat(run.outcome().stdout() + run.outcome().stderr())
                .as(run.describe())
                .contains(CANCELLED);
        assertThat(run.toolResult()).as(run.describe()).isEmpty();
    }
}
