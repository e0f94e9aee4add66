package dev.lighthouse.policy.facts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PathClassifierTest {
    private final PathClassifier classifier = new PathClassifier("/home/dev/app", "/home/dev", List.of("/srv/data"));

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
        /                           | ROOT SYSTEM PROTECTED
        /*                          | ROOT SYSTEM PROTECTED
        /etc/passwd                 | SYSTEM PRIVILEGE_CONFIG
        /etc/sudoers.d/dev          | SYSTEM PRIVILEGE_CONFIG
        /etc/cron.d/job             | SYSTEM PERSISTENCE
        /dev/sda                    | DEVICE SYSTEM
        /dev/null                   |
        /home/dev                   | HOME
        /home/dev/*                 | HOME HOME_FILE
        /home/dev/.ssh/id_rsa       | HOME_FILE SECRET
        /home/dev/.ssh/authorized_keys | HOME_FILE SECRET PERSISTENCE
        /home/dev/.bashrc           | HOME_FILE SHELL_STARTUP
        /home/dev/.gitconfig        | HOME_FILE DOTFILE
        /home/dev/.bash_history     | HOME_FILE HISTORY SECRET
        /home/dev/.cache/pip        | HOME_FILE BUILD_OUTPUT
        /home/dev/notes.txt         | HOME_FILE
        /home/dev/app               | PROJECT PROJECT_ROOT
        /home/dev/app/*             | PROJECT PROJECT_ROOT
        /home/dev/app/src/main.py   | PROJECT
        /home/dev/app/.git/config   | PROJECT VCS
        /home/dev/app/.git/hooks/pre-commit | PROJECT VCS PERSISTENCE
        /home/dev/app/node_modules  | PROJECT BUILD_OUTPUT
        /home/dev/app/*.egg-info    | PROJECT BUILD_OUTPUT
        /home/dev/app/.env          | PROJECT SECRET
        /home/dev/app/.env.example  | PROJECT
        /tmp/build                  | TEMP
        /var/log/syslog             | SYSTEM LOG
        /home/other/x               | OUTSIDE
        /srv/data/db                | OUTSIDE PROTECTED
        """)
    void classify_placesPathsByWhatTheyAre(String path, String classes) {
        Set<PathClass> want = classes == null
                ? Set.of()
                : java.util.Arrays.stream(classes.split(" "))
                        .map(PathClass::valueOf)
                        .collect(java.util.stream.Collectors.toSet());
        assertThat(classifier.target(path, path).classes()).isEqualTo(want);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
        /home/dev | /home/dev/x
        /         | /home/dev/x
        """)
    void projectAtHomeOrRoot_isNotTreatedAsProject(String project, String path) {
        assertThat(new PathClassifier(project, "/home/dev", List.of()).classify(path))
                .doesNotContain(PathClass.PROJECT);
    }

    private static Set<PathClass> classes(String names) {
        return names == null || names.isBlank()
                ? Set.of()
                : java.util.Arrays.stream(names.trim().split(" +"))
                        .map(PathClass::valueOf)
                        .collect(java.util.stream.Collectors.toSet());
    }

    /**
     * Where one place ends and the next begins: a trailing slash names the same place, a longer name is another
     * place ({@code /etc/passwdx} is not the password file, {@code /home/devx} not the home), and a glob is judged by
     * the place it reaches.
     */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
        /etc/                       | SYSTEM
        /etc/passwdx                | SYSTEM
        /home/dev/                  | HOME
        /home/dev/app/              | PROJECT PROJECT_ROOT
        /home/dev/appx              | HOME_FILE
        /home/devx/a                | OUTSIDE
        /home                       | SYSTEM
        /Users                      | SYSTEM
        /home/other                 | OUTSIDE
        /var/log                    | SYSTEM LOG
        /var/logx                   | SYSTEM
        /tmp                        | TEMP
        /tmp/                       | TEMP
        /tmpx                       | OUTSIDE
        /var/tmp                    | TEMP
        /var/tmp/x                  | TEMP
        /private/tmp/x              | TEMP
        /tmp/id_rsa                 | TEMP SECRET
        /tmp/.env.example           | TEMP
        /tmp/[ab]c                  | TEMP
        /dev/shm/x                  | TEMP
        /dev/fd/3                   |
        /dev/tcp/10.0.0.1/80        |
        /dev/udp/10.0.0.1/53        |
        /proc/self/fd/1             |
        /dev/stdout                 |
        /proc/1/environ             | SYSTEM SECRET
        /proc/self/task/7/environ   | SYSTEM SECRET
        /proc/1/task/2/mem          | SYSTEM SECRET
        /proc/1/x/environ           | SYSTEM
        /proc/*/environ             | SYSTEM SECRET
        /proc/[0-9]*/environ        | SYSTEM SECRET
        /proc/*/status              | SYSTEM
        /proc/environ               | SYSTEM
        /proc/mem                   | SYSTEM
        /proc/mem/x                 | SYSTEM
        /proc/cpuinfo               | SYSTEM
        /srv/x/id_rsa               | OUTSIDE SECRET
        /srv/x/a.pem                | OUTSIDE SECRET
        /srv/x/a.pub.pem            | OUTSIDE
        /srv/x/.env.sample          | OUTSIDE
        /srv/x/.env.local           | OUTSIDE SECRET
        /srv                        | OUTSIDE PROTECTED
        /srv/datax                  | OUTSIDE
        /srv/data/                  | OUTSIDE PROTECTED
        /srv/d*                     | OUTSIDE PROTECTED
        /*/x                        | ROOT SYSTEM PROTECTED
        /etc/*.conf                 | SYSTEM
        /home/dev/.*                | HOME HOME_FILE DOTFILE
        /home/dev/app/src/*         | PROJECT
        /home/dev/app/src/.git      | PROJECT VCS
        /home/dev/app/hooks         | PROJECT
        /home/dev/app/.git/hooks    | PROJECT VCS PERSISTENCE
        /home/dev/app/a.egg-info/x  | PROJECT BUILD_OUTPUT
        /home/dev/app/.env/x        | PROJECT
        /home/dev/app/cfg/.env.local | PROJECT SECRET
        /home/dev/app/.env.dist     | PROJECT
        /home/dev/src/.git/config   | HOME_FILE VCS
        /home/dev/x/node_modules/a  | HOME_FILE BUILD_OUTPUT
        """)
    void classify_tellsAPlaceFromTheNextOne(String path, String want) {
        assertThat(classifier.target(path, path).classes()).isEqualTo(classes(want));
    }

    /**
     * Lighthouse's own files and the agents' hook settings keep their classes wherever they are, and are never
     * scratch space or build output there.
     */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
        /var/lib/lighthouse                          | SYSTEM LIGHTHOUSE_DATA
        /var/lib/lighthouse/events.db                | SYSTEM LIGHTHOUSE_DATA
        /var/lib/lighthouse-old                      | SYSTEM
        /var/lib/*                                   | SYSTEM LIGHTHOUSE_DATA
        /var/lib                                     | SYSTEM
        /tmp/owner.token                             | LIGHTHOUSE_DATA
        /tmp/owner.tokens                            | TEMP
        /home/dev/app/build/lighthouse.yaml          | PROJECT LIGHTHOUSE_CONFIG
        /home/dev/app/.claude/settings.local.json    | PROJECT AGENT_HOOKS
        /home/dev/app/.claude/settings.yaml          | PROJECT
        /home/dev/app/.claude/notes.json             | PROJECT
        /home/dev/app/.claude/*                      | PROJECT AGENT_HOOKS
        /home/dev/app/.claude/set*                   | PROJECT AGENT_HOOKS
        /home/dev/app/.claude/com*                   | PROJECT AGENT_HOOKS
        /home/dev/app/.claude                        | PROJECT AGENT_HOOKS
        /home/dev/app/x.claude                       | PROJECT
        /home/dev/app/docs/.claude/*                 | PROJECT AGENT_HOOKS
        /home/dev/app/.codex/config.toml             | PROJECT AGENT_HOOKS
        /home/dev/app/.codex/config.json             | PROJECT
        /home/dev/app/.opencode/plugins/a.js         | PROJECT AGENT_HOOKS
        /home/dev/app/.opencode/plugins              | PROJECT AGENT_HOOKS
        /home/dev/app/.opencode/plugins/*            | PROJECT AGENT_HOOKS
        /home/dev/app/.opencode                      | PROJECT AGENT_HOOKS
        /home/dev/app/my.opencode/plugins            | PROJECT
        /home/dev/app/.github/hooks/x.json           | PROJECT AGENT_HOOKS
        /home/dev/app/.github/workflows/ci.yml       | PROJECT
        """)
    void classify_selfProtectedPlacesWhereverTheyAre(String path, String want) {
        PathClassifier withData =
                new PathClassifier("/home/dev/app", "/home/dev", List.of(), List.of("/var/lib/lighthouse/"));

        assertThat(withData.target(path, path).classes()).isEqualTo(classes(want));
    }

    /** A target whose path is known only at run time keeps what its written tail names. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
        $CODEX_HOME/hooks.json          | DYNAMIC AGENT_HOOKS
        ${CODEX_HOME}/config.toml       | DYNAMIC AGENT_HOOKS
        $LIGHTHOUSE_HOME/x              | DYNAMIC LIGHTHOUSE_DATA
        ${LIGHTHOUSE_DATA_DIR}/events.db | DYNAMIC LIGHTHOUSE_DATA
        $DIR/owner.token                | DYNAMIC LIGHTHOUSE_DATA
        /proc/$(pgrep app)/environ      | DYNAMIC SECRET
        /proc/$PID/mem                  | DYNAMIC SECRET
        /proc/$PID/status               | DYNAMIC
        $X/notes.txt                    | DYNAMIC
        ~/.ssh/authorized_keys          | DYNAMIC PERSISTENCE SECRET
        ~/.ssh/id_ed25519.pub           | DYNAMIC
        ~/.bashrc                       | DYNAMIC SHELL_STARTUP
        """)
    void dynamic_keepsWhatTheWrittenTailNames(String written, String want) {
        assertThat(PathClassifier.dynamic(written).classes()).isEqualTo(classes(want));
    }

    /** A project at {@code /}, at or above home, directly under {@code /} or in a system tree is not "the project". */
    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
        /opt/app   | true
        /srv/a/b   | true
        /devx/app  | true
        /dev/app   | false
        /etc/app   | false
        /usr/src   | false
        /tmp       | false
        /home      | false
        /home/dev  | false
        /          | false
        """)
    void projectUsable_onlyForAProjectOfItsOwn(String project, boolean usable) {
        Set<PathClass> classes = new PathClassifier(project, "/home/dev", List.of()).classify(project + "/src/x");

        assertThat(classes.contains(PathClass.PROJECT)).isEqualTo(usable);
    }

    @org.junit.jupiter.api.Test
    void target_isTheSameWhenAskedAgain() {
        Target first = classifier.target("~/.ssh/id_rsa", "/home/dev/.ssh/id_rsa");

        assertThat(classifier.target("~/.ssh/id_rsa", "/home/dev/.ssh/id_rsa")).isEqualTo(first);
        assertThat(classifier.target("x/id_rsa", "/home/dev/.ssh/id_rsa").written())
                .isEqualTo("x/id_rsa");
    }

    /**
     * A home is a home wherever it is ({@code HOME=/tmp/ci} in a CI container), and a home of {@code /} (a service
     * account's) makes nothing a home file: {@code /etc/passwd} stays the password file.
     */
    @ParameterizedTest(name = "home {0}: {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
        /tmp/ci | /tmp/ci              | HOME
        /tmp/ci | /tmp/ci/.bashrc      | HOME_FILE SHELL_STARTUP
        /tmp/ci | /tmp/cix             | TEMP
        /       | /etc/passwd          | SYSTEM PRIVILEGE_CONFIG
        /       | /etc                 | SYSTEM
        /       | /                    | ROOT SYSTEM
        /       | /tmp/x               | TEMP
        /       | /srv/notes.txt       | OUTSIDE
        """)
    void home_anywhere_andAHomeOfRootIsNoHome(String home, String path, String want) {
        assertThat(new PathClassifier("/srv/app", home, List.of()).classify(path))
                .isEqualTo(classes(want));
    }

    @org.junit.jupiter.api.Test
    void homeOfRoot_aWriteToTheAccountsFile_isStillDenied() {
        var call = dev.lighthouse.policy.call.ToolCall.of(
                new dev.lighthouse.policy.call.ToolInput.Bash("echo 'x::0:0::/:/bin/sh' >> /etc/passwd"),
                java.nio.file.Path.of("/srv/app"),
                java.nio.file.Path.of("/"));

        assertThat(dev.lighthouse.policy.Policies.defaultPolicy()
                        .decide(call, java.time.Instant.EPOCH)
                        .verdict())
                .isEqualTo(dev.lighthouse.policy.verdict.Verdict.DENY);
    }

    @org.junit.jupiter.api.Test
    void rootsShellHistory_isHistory() {
        assertThat(classifier.classify("/root/.bash_history")).contains(PathClass.SYSTEM, PathClass.HISTORY);
        assertThat(classifier.classify("/root/notes.txt")).doesNotContain(PathClass.HISTORY);
    }
}
