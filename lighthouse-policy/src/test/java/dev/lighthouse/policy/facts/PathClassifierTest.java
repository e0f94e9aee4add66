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
        /home/dev/.bash_history     | HOME_FILE HISTORY
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
}
