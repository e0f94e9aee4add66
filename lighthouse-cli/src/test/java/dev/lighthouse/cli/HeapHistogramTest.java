package dev.lighthouse.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HeapHistogramTest {
    private static final String EARLIER = """
            24140:
             num     #instances         #bytes  class name (module)
            -------------------------------------------------------
               1:         82320       10189920  [B (java.base@25.0.3)
               2:         74707        1792968  java.lang.String (java.base@25.0.3)
               3:           221         881216  jdk.internal.vm.StackChunk (java.base@25.0.3)
            Total        157248       12864104
            """;
    private static final String LATER = """
               1:         82000       10000000  [B (java.base@25.0.3)
               2:        116359        2792568  java.lang.String (java.base@25.0.3)
               3:            10           4000  dev.lighthouse.policy.Decision
            Total        198369       12796568
            """;

    @Test
    void parse_readsEachClassRow_andLeavesTheHeaderAndTotalOut() {
        HeapHistogram h = HeapHistogram.parse(EARLIER);

        assertThat(h.bytes()).containsOnlyKeys("[B", "java.lang.String", "jdk.internal.vm.StackChunk");
        assertThat(h.instances()).containsEntry("java.lang.String", 74707L);
        assertThat(h.totalBytes()).isEqualTo(12_864_104);
    }

    @Test
    void growth_listsTheClassesThatGrewMostFirst_withANewClassCountedFromZero() {
        String growth = HeapHistogram.parse(LATER).growth(HeapHistogram.parse(EARLIER), 2);

        assertThat(growth.lines().toList())
                .containsExactly(
                        "live heap 12.9 MB -> 12.8 MB; grew most:",
                        "      +999.6 kB    +41652 instances  java.lang.String",
                        "        +4.0 kB       +10 instances  dev.lighthouse.policy.Decision");
    }
}
