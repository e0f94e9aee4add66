package dev.lighthouse.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lighthouse.policy.call.Guard;
import dev.lighthouse.policy.call.ToolCall;
import dev.lighthouse.policy.call.ToolInput;
import dev.lighthouse.policy.verdict.Verdict;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The self-protection layer: every route an agent could take to overrule its guard is denied with a reason naming
 * self-protection, each beside a near miss that ordinary work needs and that must keep its old answer.
 *
 * <p>The bridge here keeps its data in {@code /srv/lh} and listens on {@code 127.0.0.1:9911}; the defaults
 * ({@code ~/.lighthouse}, port 8765) stay protected as well.
 */
class SelfProtectionTest {
    private static final Path HOME = Path.of("/home/dev");
    private static final Path PROJECT = Path.of("/home/dev/app");
    private static final Guard GUARD =
            new Guard(List.of(Path.of("/srv/lh")), List.of(new Guard.Address("127.0.0.1", 9911))).withStandard(HOME);
    private final Policy policy = Policies.defaultPolicy();

    private Decision bash(String command) {
        return decide(new ToolInput.Bash(command));
    }

    private Decision decide(ToolInput input) {
        return policy.decide(new ToolCall("a1", "", input, PROJECT, PROJECT, HOME, GUARD), Instant.EPOCH);
    }

    private static void assertSelfDenied(Decision d, String rule) {
        assertThat(d.verdict()).isEqualTo(Verdict.DENY);
        assertThat(d.ruleIds()).contains(rule);
        assertThat(d.reasons().stream()
                        .filter(r -> r.ruleId().equals(rule))
                        .findFirst()
                        .orElseThrow()
                        .message())
                .startsWith("Self-protection:");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
        cat /srv/lh/owner.token                                              | self-protection-read-secrets
        cat ~/.lighthouse/events.keys                                        | self-protection-read-secrets
        base64 < /srv/lh/agents.json                                         | self-protection-read-secrets
        cp /srv/lh/review.key /tmp/k                                         | self-protection-read-secrets
        grep -r token /srv/lh                                                | self-protection-read-secrets
        cat owner.token                                                      | self-protection-read-secrets
        cat "$LIGHTHOUSE_HOME/agents.json"                                    | self-protection-read-secrets
        sqlite3 /srv/lh/events.db 'delete from events where seq > 10'        | self-protection-read-secrets
        dbtool /srv/lh/events.db                                             | self-protection-read-secrets
        python3 -c "import sqlite3; sqlite3.connect('/srv/lh/events.db').execute('delete from events')" | self-protection-read-secrets
        : > /srv/lh/events.checkpoints                                       | self-protection-write-data
        truncate -s 0 ~/.lighthouse/events.checkpoints                       | self-protection-write-data
        rm -f /srv/lh/events.db                                              | self-protection-write-data
        echo x >> /srv/lh/agents.json                                        | self-protection-write-data
        chmod 644 /srv/lh/owner.token                                        | self-protection-write-data
        """)
    void dataDir_readOrWrittenByAnyProgram_denied(String command, String rule) {
        assertSelfDenied(bash(command), rule);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
        Read  | /srv/lh/owner.token
        Read  | /home/dev/.lighthouse/agents.json
        Read  | ~/.lighthouse/events.keys
        Write | /srv/lh/events.checkpoints
        Edit  | /srv/lh/agents.json
        Grep  | /srv/lh
        """)
    void dataDir_throughFileTools_denied(String tool, String path) {
        ToolInput input = switch (tool) {
            case "Read" -> new ToolInput.Read(path);
            case "Write" -> new ToolInput.Write(path, "");
            case "Edit" -> new ToolInput.Edit(path, "a", "b");
            default -> new ToolInput.Grep("token", java.util.Optional.of(path));
        };
        assertThat(decide(input).verdict()).isEqualTo(Verdict.DENY);
        assertThat(decide(input).reasons().getFirst().message()).startsWith("Self-protection:");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
        /home/dev/app/.claude/settings.json
        /home/dev/app/.claude/settings.local.json
        /home/dev/.claude/settings.json
        /home/dev/.codex/hooks.json
        /home/dev/.codex/config.toml
        /home/dev/app/.gemini/settings.json
        /home/dev/.gemini/settings.json
        /home/dev/app/.opencode/plugins/lighthouse.js
        /home/dev/.config/opencode/plugins/lighthouse.js
        /home/dev/.copilot/hooks/lighthouse.json
        /home/dev/app/.github/hooks/lighthouse.json
        /home/dev/app/.qwen/settings.json
        /home/dev/.qwen/settings.json
        /home/dev/app/.cline/hooks/PreToolUse
        /home/dev/.cline/hooks/PreToolUse
        /home/dev/app/lighthouse.yaml
        /home/dev/.config/lighthouse/lighthouse.yml
        """)
    void hookSettingsAndConfig_writtenByEditOrWrite_denied(String path) {
        Decision edit = decide(new ToolInput.Edit(path, "\"hooks\"", "\"disableAllHooks\": true, \"x\""));
        Decision write = decide(new ToolInput.Write(path, "{\"disableAllHooks\": true}"));

        assertThat(edit.verdict()).isEqualTo(Verdict.DENY);
        assertThat(write.verdict()).isEqualTo(Verdict.DENY);
        assertThat(write.reasons().getFirst().message()).startsWith("Self-protection:");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
        echo '{"disableAllHooks":true}' > .claude/settings.local.json
        sed -i 's/PreToolUse/Nothing/' ~/.claude/settings.json
        rm -rf .claude
        mv .gemini/settings.json .gemini/old.json
        jq 'del(.hooks)' ~/.codex/hooks.json > /tmp/h && mv /tmp/h ~/.codex/hooks.json
        echo '{}' > "$CODEX_HOME/hooks.json"
        rm .opencode/plugins/lighthouse.js
        rm -rf ~/.config/opencode/plugins
        echo '{}' > ~/.copilot/hooks/lighthouse.json
        rm -rf .github/hooks
        mv .opencode /tmp/x
        echo '{}' > .qwen/settings.json
        rm ~/.cline/hooks/PreToolUse
        rm -rf .cline
        """)
    void hookSettings_changedFromTheShell_denied(String command) {
        assertSelfDenied(bash(command), "self-protection-hook-settings");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
        lighthouse review approve r-1 --reason ok
        ./lighthouse review list
        /opt/lighthouse/bin/lighthouse --data-dir /srv/lh review approve r-1
        lighthouse policy apply allow-all.yaml
        lighthouse policy rollback
        lighthouse agents add me --role admin
        lighthouse hook uninstall --agent codex
        lighthouse hook install --url http://127.0.0.1:1
        lighthouse events import old.jsonl
        lighthouse events export --out all.jsonl
        lighthouse events rotate-key
        lighthouse serve --listen 127.0.0.1:9000
        java -jar lighthouse-cli/target/lighthouse.jar review approve r-1
        java -cp x.jar dev.lighthouse.cli.Lighthouse review approve r-1
        bash -c 'lighthouse review approve r-1'
        LIGHTHOUSE_X=1 lighthouse review approve r-1
        """)
    void lighthouseAdminCommands_denied(String command) {
        assertSelfDenied(bash(command), "self-protection-admin-command");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
        lighthouse analyse 'rm -rf /'
        lighthouse check --agent claude-code
        lighthouse policy validate team.yaml
        lighthouse policy test team.yaml
        lighthouse events verify
        lighthouse --help
        """)
    void lighthouseOfflineCommands_stayAllowed(String command) {
        assertThat(bash(command).verdict()).isEqualTo(Verdict.ALLOW);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
        curl -X POST http://127.0.0.1:9911/v1/reviews/r-1/verdict -d '{"verdict":"approve"}'
        curl -s localhost:9911/v1/reviews
        curl http://127.0.0.1:8765/v1/policy -d @allow-all.json
        wget -qO- http://[::1]:9911/v1/approvals
        curl http://0.0.0.0:9911/v1/decisions
        http POST 127.0.0.1:9911/v1/policy/rollback
        exec 3<>/dev/tcp/127.0.0.1/9911
        nc 127.0.0.1 9911
        python3 -c "import urllib.request as u; u.urlopen('http://127.0.0.1:9911/v1/reviews')"
        python3 -c "import socket; s=socket.create_connection(('localhost', 9911))"
        node -e "fetch('http://localhost:9911/v1/reviews/r-1/verdict',{method:'POST'})"
        """)
    void requestsToTheBridge_otherThanDecisions_denied(String command) {
        assertSelfDenied(bash(command), "self-protection-bridge-request");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
        curl http://127.0.0.1:3000/api/users
        curl -s localhost:99110/x
        curl http://127.0.0.1:9911/v1/hooks/claude-code -d @call.json
        curl http://127.0.0.1:9911/health/ready
        curl https://example.com:9911/v1/reviews
        nc -zv localhost 5432
        python3 -m http.server 8000 --bind 127.0.0.1
        """)
    void requestsElsewhere_orForADecision_keepTheirAnswer(String command) {
        assertThat(bash(command).ruleIds()).noneMatch(r -> r.startsWith("self-protection"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
        pkill -f lighthouse                        | self-protection-stop-bridge
        killall java                               | self-protection-stop-bridge
        pkill -9 -f 'java -jar lighthouse'         | self-protection-stop-bridge
        fuser -k 9911/tcp                          | self-protection-stop-bridge
        kill $(cat /srv/lh/bridge.pid)             | self-protection-read-secrets
        echo $LIGHTHOUSE_TOKEN                     | self-protection-environment
        printenv LIGHTHOUSE_TOKEN                  | self-protection-environment
        export LIGHTHOUSE_URL=http://127.0.0.1:1   | self-protection-environment
        LIGHTHOUSE_TOKEN= git push                 | self-protection-environment
        unset LIGHTHOUSE_TOKEN                     | self-protection-environment
        echo "${LIGHTHOUSE_TOKEN:-}" > /tmp/t      | self-protection-environment
        python3 -c "import os; print(os.environ['LIGHTHOUSE_TOKEN'])" | self-protection-environment
        """)
    void stoppingTheBridge_andItsVariables_denied(String command, String rule) {
        assertSelfDenied(bash(command), rule);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
        pkill -f 'npm run dev'
        kill 4242
        echo $HOME
        export NODE_ENV=production
        git commit -m 'document LIGHTHOUSE_TOKEN'
        cat .claude/settings.json
        echo 'on: push' > .github/workflows/ci.yml
        rm -rf src/plugins
        echo x > vendor/hooks/pre-commit.sample
        cat .opencode/plugins/lighthouse.js
        cat .cline/hooks/PreToolUse
        echo x > .cline/rules/style.md
        """)
    void nearMisses_keepTheirAnswer(String command) {
        assertThat(bash(command).ruleIds()).noneMatch(r -> r.startsWith("self-protection"));
    }

    @Test
    void readingHookSettings_andEditingOrdinaryProjectFiles_areAllowed() {
        assertThat(decide(new ToolInput.Read("/home/dev/app/.claude/settings.json"))
                        .verdict())
                .isEqualTo(Verdict.ALLOW);
        assertThat(decide(new ToolInput.Read("/home/dev/app/lighthouse.yaml")).verdict())
                .isEqualTo(Verdict.ALLOW);
        assertThat(decide(new ToolInput.Write("/home/dev/app/.claude/agents/reviewer.md", "x"))
                        .ruleIds())
                .noneMatch(r -> r.startsWith("self-protection"));
        assertThat(decide(new ToolInput.Write("/home/dev/app/docs/settings.json", "{}"))
                        .verdict())
                .isEqualTo(Verdict.ALLOW);
    }

    @Test
    void aUserLayer_cannotDropOrReplaceTheLayer_silently() {
        var disable = Policies.parse("team.yaml", "settings:\n  disable: [self-protection-admin-command]\n");
        var replace = Policies.parse(
                "team.yaml",
                "rules:\n  - id: self-protection-bridge-request\n    decision: allow\n    match: {tool: Bash}\n"
                        + "    reason: mine\n");
        List<dev.lighthouse.policy.rules.Layer> builtIn = Policies.builtInLayers(Policies.SelfProtection.ON);

        assertThatThrownBy(() -> Policy.of(List.of(builtIn.get(0), builtIn.get(1), disable)))
                .hasMessageContaining("cannot disable locked rule \"self-protection-admin-command\"");
        assertThatThrownBy(() -> Policy.of(List.of(builtIn.get(0), builtIn.get(1), replace)))
                .hasMessageContaining("cannot replace locked rule");
    }

    @Test
    void switchedOff_explicitly_theLayerIsGone() {
        Policy off = Policy.of(Policies.builtInLayers(Policies.SelfProtection.OFF));

        assertThat(Policies.selfProtected(off)).isFalse();
        assertThat(Policies.selfProtected(policy)).isTrue();
        assertThat(off.decide(
                                new ToolCall(
                                        "a1",
                                        "",
                                        new ToolInput.Bash("lighthouse review approve r-1"),
                                        PROJECT,
                                        PROJECT,
                                        HOME,
                                        GUARD),
                                Instant.EPOCH)
                        .ruleIds())
                .noneMatch(r -> r.startsWith("self-protection"));
    }

    @Test
    void longText_namingManyPorts_isJudgedInLinearTime() {
        String code = "x:1".repeat(20_000) + "a".repeat(60_000);

        assertThat(bash("python3 -c '" + code + "'").ruleIds()).noneMatch(r -> r.startsWith("self-protection"));
    }
}
