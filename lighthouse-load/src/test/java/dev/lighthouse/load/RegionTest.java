package dev.lighthouse.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RegionTest {

    @ParameterizedTest
    @CsvSource({
        "0.0, US_EAST",
        "0.3499, US_EAST",
        "0.35, US_WEST",
        "0.5999, US_WEST",
        "0.6, EU",
        "0.85, ASIA",
        "0.9999, ASIA"
    })
    void at_followsTheCumulativeShares(double u, Region want) {
        assertThat(Region.at(u)).isEqualTo(want);
    }

    @Test
    void at_overManyDraws_givesTheFleetShares() {
        SplittableRandom random = new SplittableRandom(11);
        Map<Region, Integer> counts = new EnumMap<>(Region.class);
        int n = 100_000;
        for (int i = 0; i < n; i++) {
            counts.merge(Region.at(random.nextDouble()), 1, Integer::sum);
        }
        for (Region r : Region.values()) {
            assertThat((double) counts.get(r) / n).as(r.cliName()).isCloseTo(r.share, Offset.offset(0.01));
        }
    }

    @Test
    void parse_acceptsCliNames_andNamesTheChoices() {
        assertThat(Region.parse("US_west")).isEqualTo(Region.US_WEST);
        assertThatThrownBy(() -> Region.parse("mars")).hasMessageContaining("us-east, us-west, eu or asia");
    }

    @Test
    void loadRun_reportsEveryAgentAndCallByRegion_andAddsOnlyTheLatencyAskedFor() throws IOException {
        try (StubBridge stub = new StubBridge()) {
            LoadPlan plan = LoadPlan.builder()
                    .url(stub.url())
                    .agents(40)
                    .duration(Duration.ofMillis(1500))
                    .ramp(Duration.ZERO)
                    .thinkTime(Duration.ofMillis(50))
                    .networkErrors(0, 0, Duration.ZERO)
                    .regionLatency(Map.of(Region.ASIA, Duration.ofMillis(40)))
                    .seed(5)
                    .build();

            LoadResult r = LoadRun.run(plan, CommandCorpus.builtIn(), p -> {});

            assertThat(r.regions().values().stream()
                            .mapToLong(LoadResult.RegionResult::agents)
                            .sum())
                    .isEqualTo(40);
            assertThat(r.regions().values().stream()
                            .mapToLong(LoadResult.RegionResult::requests)
                            .sum())
                    .isEqualTo(r.totals().answered() + r.totals().errors());
            LoadResult.RegionResult asia = r.regions().get("asia");
            assertThat(asia.addedLatencyMs()).isEqualTo(40);
            assertThat(r.regions().get("eu").addedLatencyMs()).isZero();
            assertThat(asia.requests()).isPositive();
            // the added delay is a floor no answer can beat
            assertThat(asia.latency().p50Ms()).isGreaterThanOrEqualTo(40);
        }
    }
}
