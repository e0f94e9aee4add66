package dev.lighthouse.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * OpenCode headless ({@code opencode run}) with the plugin {@code lighthouse hook install --agent opencode} writes into
 * the project's {@code .opencode/plugins/lighthouse.js}. The plugin throws to block; OpenCode hands the message to the
 * model as the tool's error.
 */
@ExtendWith(AgentClis.class)
class OpenCodeE2eTest {
    private static Stage stage;

    @BeforeAll
    static void start() {
        stage = Stage.start(Agent.OPENCODE);
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
        AgentRun run = stage.run(UnreachableBridge.down(), AgentRun.UNRECOGNISED_WRITE);

        assertThat(run.markerCreated()).as(run.describe()).isFalse();
        assertThat(run.toolResult())
                .as(run.describe())
                .hasValueSatisfying(r -> assertThat(r).contains("Lighthouse bridge unreachable"));
    }

    @Test
    void bridgeSlowerThanThePluginsTimeout_blocks() {
        // OpenCode sets no limit on a plugin: the plugin's own (30 s as installed) is the only one.
        try (UnreachableBridge.Slow slow = new UnreachableBridge.Slow()) {
            AgentRun run = stage.run(slow.url(), AgentRun.UNRECOGNISED_WRITE);

            assertThat(slow.calls()).as(run.describe()).isPositive();
            assertThat(run.markerCreated()).as(run.describe()).isFalse();
            assertThat(run.toolResult())
                    .as(run.describe())
                    .hasValueSatisfying(r -> assertThat(r).contains("Lighthouse bridge unreachable", "timed out"));
        }
    }
}
