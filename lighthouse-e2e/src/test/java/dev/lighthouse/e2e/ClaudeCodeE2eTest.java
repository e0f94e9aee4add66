package dev.lighthouse.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Claude Code headless ({@code claude -p}) with the HTTP hook {@code lighthouse hook install --agent claude-code}
 * writes into the project's {@code .claude/settings.json}.
 */
@ExtendWith(AgentClis.class)
class ClaudeCodeE2eTest {
    /** A user's own Claude Code permission rule: without a hook, {@code truncate} runs unprompted. */
    private static final Setup TRUNCATE_ALLOWED =
            Setup.defaults().prepare(ws -> ws.write(ws.claudeLocalSettings(), """
                    {"permissions": {"allow": ["Bash(truncate *)"]}}
                    """));

    private static Stage stage;

    @BeforeAll
    static void start() {
        stage = Stage.start(Agent.CLAUDE_CODE);
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
    void unmatched_noDecision_claudeCodesOwnPermissionsStillApply() {
        AgentRun run = stage.run(AgentRun.UNRECOGNISED_WRITE);

        // The bridge allows it, but only as "no decision": headless Claude Code does not run an unapproved write.
        Expect.that(run).decided(stage.bridge, "allow", "unmatched");
        assertThat(run.markerCreated()).as(run.describe()).isFalse();
    }

    /**
     * Issue 19: what an earlier note in docs/agents.md read as "Claude Code ignores the hook's allow". The bridge's
     * verdict is allow, but no rule recognises {@code truncate}, so the hook's answer for the whole line is no decision
     * ({@code unmatched}) and headless Claude Code's own approval refuses the call.
     */
    @Test
    void unmatched_noDecision_writeMkdirCp_notRun() {
        AgentRun run = stage.run(AgentRun.UNRECOGNISED_WRITE + " && mkdir -p d && cp " + AgentRun.MARKER + " d/");

        Expect.that(run).decided(stage.bridge, "allow", "unmatched");
        assertThat(run.markerCreated()).as(run.describe()).isFalse();
    }

    /** The same call with the hook answering {@code allow}: Claude Code skips its own prompt and runs it. */
    @Test
    void unmatchedAnsweredAllow_writeMkdirCp_runs() {
        try (BridgeProcess allowing = stage.otherBridge("allowing", "--set", "hooks.claude-code.unmatched=allow")) {
            AgentRun run = stage.run(
                    Setup.defaults(),
                    allowing.url(),
                    AgentRun.UNRECOGNISED_WRITE + " && mkdir -p d && cp " + AgentRun.MARKER + " d/");

            // Recorded as unmatched (no rule recognised it); the Claude Code dialect answers it allow, as configured.
            Expect.that(run).decided(allowing, "allow", "unmatched");
            assertThat(run.markerCreated()).as(run.describe()).isTrue();
            assertThat(run.ws().project().resolve("d").resolve(AgentRun.MARKER))
                    .as(run.describe())
                    .exists();
        }
    }

    /**
     * Issue 17: ordinary project work the capability registry knows ({@code touch}, {@code mkdir}, {@code cp} inside
     * the project) is recognised as safe, so the hook answers allow and headless Claude Code runs it unprompted.
     */
    @Test
    void recognisedProjectWork_touchMkdirCp_runsUnprompted() {
        AgentRun run = stage.run("touch " + AgentRun.MARKER + " && mkdir -p d && cp " + AgentRun.MARKER + " d/");

        Expect.that(run).decided(stage.bridge, "allow", "allow");
        assertThat(run.ws().project().resolve("d").resolve(AgentRun.MARKER))
                .as(run.describe())
                .exists();
    }

    @Test
    void unmatched_userAllowRule_runs() {
        AgentRun run = stage.run(TRUNCATE_ALLOWED, stage.bridge.url(), AgentRun.UNRECOGNISED_WRITE);

        Expect.that(run).decided(stage.bridge, "allow", "unmatched");
        assertThat(run.markerCreated()).as(run.describe()).isTrue();
    }

    @Test
    void review_ask_headlessDoesNotRun_reasonReachesModel() {
        AgentRun run = stage.run("sudo apt install x && touch " + AgentRun.MARKER);

        Expect.that(run).decided(stage.bridge, "review", "review").modelGotTheReason();
        assertThat(run.markerCreated()).as(run.describe()).isFalse();
    }

    @Test
    void selfProtection_agentCannotApproveItsOwnReview_norSwitchItsHookOff() {
        GuardCases.agentCannotOverruleItsGuard(
                stage, Agent.CLAUDE_CODE, "echo '{\"disableAllHooks\": true}' > .claude/settings.local.json");
    }

    @Test
    void bridgeDown_blocks_evenWhereAUserRuleAllows() {
        AgentRun run = stage.run(TRUNCATE_ALLOWED, UnreachableBridge.down(), AgentRun.UNRECOGNISED_WRITE);

        assertThat(run.markerCreated()).as(run.describe()).isFalse();
        assertThat(run.toolResult())
                .as(run.describe())
                .hasValueSatisfying(r -> assertThat(r).contains("failed; blocking because onFailure is \"block\""));
    }

    @Test
    void bridgeDown_commandTransport_blocks_evenWhereAUserRuleAllows() {
        AgentRun run = stage.run(
                TRUNCATE_ALLOWED.install("--transport", "command"),
                UnreachableBridge.down(),
                AgentRun.UNRECOGNISED_WRITE);

        assertThat(run.markerCreated()).as(run.describe()).isFalse();
        assertThat(run.toolResult())
                .as(run.describe())
                .hasValueSatisfying(r -> assertThat(r).contains("Lighthouse bridge unreachable"));
    }

    @Test
    void commandTransport_deny_notRun_reasonReachesModel() {
        AgentRun run =
                stage.run(Setup.defaults().install("--transport", "command"), stage.bridge.url(), "rm -rf ~/important");

        Expect.that(run).keptImportant().decided(stage.bridge, "deny", "deny").modelGotTheReason();
    }

    @Test
    void bridgeSlowerThanHookTimeout_blocks() {
        try (UnreachableBridge.Slow slow = new UnreachableBridge.Slow()) {
            AgentRun run = stage.run(TRUNCATE_ALLOWED, slow.url(), AgentRun.UNRECOGNISED_WRITE);

            assertThat(slow.calls()).as(run.describe()).isPositive();
            assertThat(run.markerCreated()).as(run.describe()).isFalse();
            assertThat(run.toolResult())
                    .as(run.describe())
                    .hasValueSatisfying(
                            r -> assertThat(r).contains("timed out; blocking because onFailure is \"block\""));
        }
    }
}
