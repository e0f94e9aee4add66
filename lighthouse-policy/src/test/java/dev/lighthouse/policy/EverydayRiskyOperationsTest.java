package dev.lighthouse.policy;

import static dev.lighthouse.policy.ShellCalls.answer;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Everyday operations that deserve a review (dotfiles, publishing, listening servers, processes killed) beside the
 * ordinary calls next to them, mechanism by mechanism. An answer is {@code recognised}, {@code allow} (allowed but
 * left to the agent's own prompt), {@code review} or {@code deny}.
 */
class EverydayRiskyOperationsTest {

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

    @ParameterizedTest
    @CsvSource(delimiterString = "=>", textBlock = """
        snow sql -q "DROP TABLE IF EXISTS raw.orders"                        => review
        turso db shell app-db "DELETE FROM sessions"                         => review
        aws athena start-query-execution --query-string "TRUNCATE TABLE logs" => review
        aws rds-data execute-statement --sql 'DROP SCHEMA staging CASCADE'   => review
        turso db shell app-db "DELETE FROM sessions WHERE expires < 0"       => allow
        snow sql -q "SELECT CURRENT_VERSION()"                               => allow
        rg --type sql "DELETE FROM users"                                    => recognised
        """)
    void sqlHandedToAnyProgram_isReadAsSql(String command, String want) {
        assertThat(answer(command)).as(command).isEqualTo(want);
    }

    @ParameterizedTest
    @CsvSource(delimiterString = "=>", textBlock = """
        pack build registry.example.com/app:1.0 --builder paketo --publish   => review
        cr index --owner acme --git-repo charts --push                       => review
        mike set-default --push latest                                       => review
        hugo deploy --target production --dryRun                             => allow
        ghstack land https://github.com/acme/app/pull/812                    => review
        git town sync                                                        => allow
        pack build app --builder paketo                                      => allow
        docker run --rm --publish 8080:80 nginx                              => allow
        docker run --rm --publish=127.0.0.1:5432:5432 postgres               => allow
        """)
    void publishingOptions_shipWhatIsBuilt(String command, String want) {
        assertThat(answer(command)).as(command).isEqualTo(want);
    }

    @ParameterizedTest
    @CsvSource(delimiterString = "=>", textBlock = """
        tensorboard --logdir runs --bind_all                                 => review
        tensorboard --logdir runs                                            => allow
        zrok share public localhost:8080                                     => review
        devtunnel host -p 3000 --allow-anonymous                             => review
        cloudflared tunnel list                                              => recognised
        cloudflared tunnel info my-app                                       => recognised
        ttyd -W -p 7681 bash                                                 => deny
        gotty top                                                            => review
        ttyd -i lo -p 7681 htop                                              => allow
        """)
    void listenersAndTunnels_exposeAPort(String command, String want) {
        assertThat(answer(command)).as(command).isEqualTo(want);
    }

    @ParameterizedTest
    @CsvSource(delimiterString = "=>", textBlock = """
        rm -rf ~/.pub-cache                                                  => allow
        rm -rf ~/.android/build-cache                                        => allow
        rm -rf ~/.gradle/caches/                                             => allow
        rm -rf ~/.gradle                                                     => review
        rm -rf ~/.android/avd/Pixel_6_API_34.avd                             => review
        """)
    void cachesByTheirName_areCleanedFreely(String command, String want) {
        assertThat(answer(command)).as(command).isEqualTo(want);
    }

    @ParameterizedTest
    @CsvSource(delimiterString = "=>", textBlock = """
        gcloud compute os-login describe-profile                             => allow
        gcloud auth login                                                    => review
        az acr login --name acme                                             => review
        """)
    void signInWords_beforeAReadingVerb_nameAGroup(String command, String want) {
        assertThat(answer(command)).as(command).isEqualTo(want);
    }
}
