package dev.lighthouse.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lighthouse.policy.call.ToolCall;
import dev.lighthouse.policy.call.ToolInputs;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * Everyday operations that deserve a review (dotfiles, publishing, listening servers, processes killed) beside the
 * ordinary calls next to them, mechanism by mechanism. An answer is {@code recognised}, {@code allow} (allowed but
 * left to the agent's own prompt), {@code review} or {@code deny}.
 */
class EverydayRiskyOperationsTest {
    private static final Policy POLICY = Policies.defaultPolicy();
    private static final Path PROJECT = Path.of("/home/dev/app");
    private static final Path HOME = Path.of("/home/dev");

    private static String answer(String command) {
        var input = ToolInputs.fromJson(
                "Bash", JsonMapper.builder().build().createObjectNode().put("command", command));
        Decision d = POLICY.decide(new ToolCall("a", "s", input, PROJECT, PROJECT, HOME), Instant.EPOCH);
        return d.recognised() ? "recognised" : d.verdict().label();
    }

    @ParameterizedTest
    @CsvSource(delimiterString = "=>", textBlock = """
        cp ~/dotfiles/.inputrc ~/                            => review
        cp dotfiles/.bashrc /home/dev                        => review
        ln -s ~/dotfiles/.vimrc ~/                           => review
        cp notes.txt ~                                       => review
        mv tool ~/bin/                                       => review
        cp keys/authorized_keys ~/.ssh/                      => deny
        cp -a deploy/authorized_keys /root/.ssh/             => deny
        cp dist/app.js public/                               => recognised
        cp -r src/ build/                                    => recognised
        cp config/app.example.yml config/app.yml             => recognised
        """)
    void copyIntoADirectory_landsUnderTheSourcesName(String command, String want) {
        assertThat(answer(command)).as(command).isEqualTo(want);
    }

    @ParameterizedTest
    @CsvSource(delimiterString = "=>", textBlock = """
        chezmoi apply                                        => review
        chezmoi init --apply https://github.com/acme/dotfiles.git => review
        yadm checkout ~/.bashrc                              => review
        stow -t ~ zsh                                        => review
        chezmoi status                                       => recognised
        stow -n -v -t ~ zsh                                  => recognised
        yadm status                                          => recognised
        chezmoi cat ~/.netrc                                 => allow
        """)
    void dotfileManagers_writeTheHome(String command, String want) {
        assertThat(answer(command)).as(command).isEqualTo(want);
    }
}
