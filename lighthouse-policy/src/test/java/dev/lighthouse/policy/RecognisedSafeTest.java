package dev.lighthouse.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lighthouse.policy.call.ToolCall;
import dev.lighthouse.policy.call.ToolInputs;
import dev.lighthouse.policy.verdict.Verdict;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * "Recognised as safe" is what lets Claude Code skip its own prompt, so it must hold for every command of a call, not
 * just one of them; anything merely allowed by default stays unrecognised.
 */
class RecognisedSafeTest {
    private static final Policy POLICY = Policies.defaultPolicy();
    private static final Path PROJECT = Path.of("/home/dev/project");
    private static final Path HOME = Path.of("/home/dev");

    private static Decision decide(String tool, String inputJson) {
        var input = ToolInputs.fromJson(tool, JsonMapper.builder().build().readTree(inputJson));
        return POLICY.decide(new ToolCall("a", "s", input, PROJECT, PROJECT, HOME), Instant.EPOCH);
    }

    @ParameterizedTest
    @CsvSource(delimiterString = "=>", textBlock = """
        ls -la => true
        git status => true
        ls src | grep -c java => true
        git log --oneline -5 && git diff => true
        ls; ./deploy.sh => false
        ls > listing.txt => true
        ls > ~/listing.txt => false
        echo x > .git/hooks/pre-commit => false
        echo $(make install) => false
        cat README.md | sh => false
        sudo ls /root => false
        git push origin main => false
        mvn -q verify => true
        mvn -q deploy => false
        mkdir -p src/a && git add src && git commit -m wip => true
        rm -rf build node_modules => true
        rm -rf src => false
        rm notes.txt => false
        npm test => true
        npm run deploy => false
        cargo install ripgrep => false
        grep -rn TODO src => true
        grep -ri password /etc => false
        cat /etc/hosts => true
        cat /etc/passwd => false
        echo $GITHUB_TOKEN => false
        printenv AWS_SECRET_ACCESS_KEY => false
        git -c core.pager='less -R' log => false
        git branch -D old => false
        kubectl get pods -A => true
        kubectl get secret db -o yaml => false
        crontab -l => true
        find . -name '*.pyc' -delete => false
        """)
    void bash_recognisedOnlyWhenEveryCommandIsKnownSafe(String command, boolean recognised) {
        Decision decision =
                decide("Bash", "{\"command\":" + JsonMapper.builder().build().writeValueAsString(command) + "}");

        assertThat(decision.recognised()).as(command + " -> " + decision).isEqualTo(recognised);
        if (recognised) {
            assertThat(decision.verdict()).isEqualTo(Verdict.ALLOW);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiterString = "=>", textBlock = """
        Read => {"file_path":"/home/dev/project/src/Main.java"} => true
        Read => {"file_path":"/etc/hosts"} => false
        Read => {"file_path":"/home/dev/.ssh/id_ed25519"} => false
        Write => {"file_path":"/home/dev/project/a.txt","content":"x"} => false
        """)
    void fileTools_recognisedOnlyForReadsInsideTheProject(String tool, String input, boolean recognised) {
        assertThat(decide(tool, input).recognised()).as(tool + " " + input).isEqualTo(recognised);
    }
}
