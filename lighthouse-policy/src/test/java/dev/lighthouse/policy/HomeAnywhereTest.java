package dev.lighthouse.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lighthouse.policy.call.ToolCall;
import dev.lighthouse.policy.call.ToolInput;
import dev.lighthouse.policy.verdict.Verdict;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A home under a temp dir (CI containers run with {@code HOME=/tmp}) keeps every home protection. */
class HomeAnywhereTest {
    private final Policy policy = Policies.defaultPolicy();

    private Verdict decide(String home, String command) {
        Path project = Path.of("/srv/app");
        return policy.decide(ToolCall.of(new ToolInput.Bash(command), project, Path.of(home)), Instant.EPOCH)
                .verdict();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
        /tmp          | rm -rf ~                  | DENY
        /tmp          | rm -rf ~/.ssh             | REVIEW
        /tmp          | echo 'alias ls=rm' >> ~/.bashrc | REVIEW
        /tmp/ci       | rm -rf ~                  | DENY
        /tmp/ci       | rm -rf /tmp/ci            | DENY
        /var/tmp/u    | rm -rf $HOME              | DENY
        /tmp/ci       | cat ~/.ssh/id_ed25519     | REVIEW
        /tmp/ci       | rm -rf /tmp/scratch       | ALLOW
        /tmp/ci       | echo x > /tmp/out.txt     | ALLOW
        /home/dev     | rm -rf /tmp/scratch       | ALLOW
        """)
    void homeUnderTemp_isStillAHome_scratchBesideItIsStillTemp(String home, String command, Verdict want) {
        assertThat(decide(home.strip(), command.strip())).isEqualTo(want);
    }
}
