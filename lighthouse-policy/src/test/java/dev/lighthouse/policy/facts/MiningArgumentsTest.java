package dev.lighthouse.policy.facts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MiningArgumentsTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            -o stratum+tcps://pool.example.net:7019 -u addr                           | true
            -o STRATUM2+SSL://203.0.113.9:3333                                        | true
            --url=pool.hashvault.pro:443 --user=W --pass=x                            | true
            -pool ssl://eu1.ethermine.org:5555 -wal 0xabc.rig                         | true
            --server kas.2miners.com:2020 --user kaspa:qz8r                           | true
            --algo=rx/0 --donate-level=0 -o 203.0.113.9:443                           | true
            -B -o 203.0.113.9:80 -u W --donate-level 1                                | true
            --url 203.0.113.9:3333 --coin monero                                      | true
            -a kawpow -o 203.0.113.9:6060 -u R.w1                                     | true
            -o 203.0.113.9:3333 -u W                                                  | false
            --pool-size 16 --url postgres://localhost/app                             | false
            --threads 4 --url redis://localhost:6379/0 --user app                     | false
            -O2 -o app main.c                                                         | false
            -a 3 -o cracked.txt hashes.txt                                            | false
            https://2miners.com/xmr-mining-pool-monero                                | false
            --donate-level                                                            | false
            """)
    void mines_readsPoolsAndMiningOptionsNotNames(String args, boolean mines) {
        assertThat(MiningArguments.mines(Arrays.asList(args.trim().split("\\s+"))))
                .isEqualTo(mines);
    }
}
