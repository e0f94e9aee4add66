package dev.lighthouse.policy.facts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HostsTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            PasteBin.COM                    | pastebin.com
            pastebin.com.                   | pastebin.com
            user:secret@pastebin.com:8443   | pastebin.com
            bücher.de                       | xn--bcher-kva.de
            XN--BCHER-KVA.DE                | xn--bcher-kva.de
            127.0.0.1                       | 127.0.0.1
            2130706433                      | 127.0.0.1
            0x7f000001                      | 127.0.0.1
            0177.0.0.1                      | 127.0.0.1
            0x7f.1                          | 127.0.0.1
            127.1                           | 127.0.0.1
            10.0.0.256                      | 10.0.0.256
            [::1]                           | ::1
            [0:0:0:0:0:0:0:1]:8080          | ::1
            2001:DB8:0:0:1:0:0:1            | 2001:db8::1:0:0:1
            [::ffff:7f00:1]                 | 127.0.0.1
            """)
    void normalise_givesOneSpellingForEachHost(String written, String normal) {
        assertThat(Hosts.normalise(written)).isEqualTo(normal);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            https://PasteBin.com./x         | pastebin.com
            pastebin.com                    | pastebin.com
            pastebin.com/api                | pastebin.com
            www.pastebin.com:443/a?b        | www.pastebin.com
            u@pastebin.com/x                | pastebin.com
            http://[::1]:8765/v1            | ::1
            2130706433/x                    | 127.0.0.1
            localhost:8080                  | localhost
            """)
    void ofUrl_readsHostsWithOrWithoutAScheme(String text, String host) {
        assertThat(Hosts.ofUrl(text)).hasValue(host);
    }

    @ParameterizedTest
    @CsvSource(textBlock = """
            -o
            /tmp/file
            ./x.txt
            2026
            output
            """)
    void ofUrl_withoutAScheme_ignoresWordsThatAreNoHost(String text) {
        assertThat(Hosts.ofUrl(text)).isEmpty();
    }
}
