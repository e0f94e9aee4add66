package dev.lighthouse.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lighthouse.policy.call.ToolCall;
import dev.lighthouse.policy.call.ToolInput;
import dev.lighthouse.policy.verdict.Verdict;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * State changes through programs and forms the registry does not name one by one: service scripts run from where init
 * systems keep them, and programs nobody described told to restart, reload, enable, reconfigure or apply; each beside
 * the reporting or project call it must not catch.
 */
class LongTailStateChangesTest {
    private static final Path HOME = Path.of("/home/dev");
    private static final Path PROJECT = Path.of("/home/dev/app");
    private static final Policy POLICY = Policies.defaultPolicy();

    private static Decision decide(String command) {
        return POLICY.decide(ToolCall.of(new ToolInput.Bash(command), PROJECT, HOME), Instant.EPOCH);
    }

    @ParameterizedTest
    @CsvSource(delimiterString = "=>", textBlock = """
        /etc/init.d/nginx restart => REVIEW
        /etc/init.d/uhttpd disable => REVIEW
        /etc/rc.d/rc.httpd restart => REVIEW
        /usr/local/etc/rc.d/postgresql onestart => REVIEW
        /etc/init.d/firewall stop => DENY
        /etc/rc.d/rc.firewall stop => DENY
        /etc/init.d/dnsmasq status => ALLOW
        /etc/init.d/dnsmasq enabled => ALLOW
        ./scripts/nginx restart => ALLOW
        """)
    void initScripts_runByTheirPath_areServiceControl(String command, Verdict want) {
        assertThat(decide(command).verdict()).as(command).isEqualTo(want);
    }

    @ParameterizedTest
    @CsvSource(delimiterString = "=>", textBlock = """
        svcadm restart network/ssh => REVIEW
        caddy reload --config Caddyfile => REVIEW
        tk apply environments/prod => REVIEW
        svcadm disable svc:/system/auditd:default => DENY
        gcloud compute firewall-rules delete allow-ssh => REVIEW
        svcs -xv => ALLOW
        ./scripts/dev.sh restart => ALLOW
        """)
    void changeVerbs_ofProgramsNobodyDescribed_areReviewed(String command, Verdict want) {
        assertThat(decide(command).verdict()).as(command).isEqualTo(want);
    }
}
