package dev.lighthouse.policy;

import static dev.lighthouse.policy.ShellCalls.decide;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lighthouse.policy.verdict.Verdict;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * State changes through programs and forms the registry does not name one by one: service scripts run from where init
 * systems keep them, and programs nobody described told to restart, reload, enable, reconfigure or apply; each beside
 * the reporting or project call it must not catch.
 */
class LongTailStateChangesTest {

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

    @ParameterizedTest
    @CsvSource(delimiterString = "=>", textBlock = """
        supervisorctl stop all => REVIEW
        yc compute instance stop web1 => REVIEW
        civo kubernetes scale prod --nodes 5 => REVIEW
        tccli cvm RebootInstances --InstanceIds x => REVIEW
        civo instance reboot web1 => REVIEW
        make stop-logs => ALLOW
        sudo systemctl restart nginx => REVIEW
        cmctl renew my-cert -n web => REVIEW
        supervisorctl status => ALLOW
        yc compute instance list => ALLOW
        docker stop web => ALLOW
        alembic upgrade head => ALLOW
        chezmoi apply --dry-run => ALLOW
        ./bin/server stop => ALLOW
        acmepkg install --assumeyes nginx => REVIEW
        acmerepl primary --force r0 => REVIEW
        acmepkg info nginx => ALLOW
        age-keygen -y key.txt => ALLOW
        procctl --signal=KILL web => REVIEW
        procctl --signal KILL web => REVIEW
        """)
    void changeVerbsAndConfirmingOptions_areReviewed_alsoInDescribedFamiliesTheirBoundsDoNotVouchFor(
            String command, Verdict want) {
        assertThat(decide(command).verdict()).as(command).isEqualTo(want);
    }

    @ParameterizedTest
    @CsvSource(delimiterString = "=>", textBlock = """
        vmrun revertToSnapshot ~/vms/dev.vmx clean => REVIEW
        temporal workflow cancel -w order-123 => REVIEW
        pulsar-admin topics unload persistent://public/default/orders => REVIEW
        acmectl clusters pause c0 => REVIEW
        acmectl clusters resume c0 => REVIEW
        acmectl state unlock --stage prod => REVIEW
        vmrun listSnapshots ~/vms/dev.vmx => ALLOW
        temporal workflow describe -w order-123 => ALLOW
        pulsar-admin topics list public/default => ALLOW
        git revert --no-edit HEAD => ALLOW
        """)
    void revertingCancellingPausingAndUnlocking_ofProgramsNobodyDescribed_areReviewed(String command, Verdict want) {
        assertThat(decide(command).verdict()).as(command).isEqualTo(want);
    }

    @ParameterizedTest
    @CsvSource(delimiterString = "=>", textBlock = """
        civo firewall rule create fw1 --startport 22 --cidr 0.0.0.0/0 => REVIEW
        atlas accessLists create 0.0.0.0/0 --type cidrBlock => REVIEW
        acmecloud network acl add web --source ::/0 --port 5432 => REVIEW
        acmecloud network acl add web --source=0.0.0.0/0 => REVIEW
        acmecloud network acl add web --source 10.0.0.0/16 => ALLOW
        acmecloud network acl list --source 0.0.0.0/0 => ALLOW
        ipcalc 0.0.0.0/0 => ALLOW
        grep -rn 0.0.0.0/0 infra/ => ALLOW
        acmecloud network acl add web --source 10.0.0.0/0 => ALLOW
        """)
    void theWholeAddressSpace_givenToACommandThatChangesWhatItManages_isReviewed(String command, Verdict want) {
        assertThat(decide(command).verdict()).as(command).isEqualTo(want);
    }

    @ParameterizedTest
    @CsvSource(delimiterString = "=>", textBlock = """
        stratis pool create pool1 /dev/sdb => REVIEW
        targetcli /backstores/block create name=disk1 dev=/dev/sdb => REVIEW
        bcachefs format /dev/nvme0n1p3 => REVIEW
        stratis blockdev list => ALLOW
        picocom -b 115200 /dev/ttyUSB0 => ALLOW
        ./scripts/flash.sh /dev/sdb => ALLOW
        xfs_repair -n /dev/sdb1 => ALLOW
        """)
    void disksHandedToProgramsNobodyDescribed_changeTheSystem(String command, Verdict want) {
        assertThat(decide(command).verdict()).as(command).isEqualTo(want);
    }
}
