package dev.lighthouse.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Agents leaving a failed bridge are spread over the others, as a load balancer spreads a dead back-end's clients. */
class BridgesTest {
    private static Bridges three() {
        LoadPlan plan = LoadPlan.builder()
                .urls(List.of(
                        URI.create("http://127.0.0.1:1"),
                        URI.create("http://127.0.0.1:2"),
                        URI.create("http://127.0.0.1:3")))
                .duration(Duration.ofSeconds(1))
                .build();
        return new Bridges(plan, 1, null);
    }

    @Test
    void theAgentsOfAFailedBridge_areSpreadEvenlyOverTheOthers() {
        try (Bridges bridges = three()) {
            Bridges.Target dead = bridges.home(2);
            Map<Integer, Integer> movedTo = new HashMap<>();
            for (int agent = 0; agent < 300; agent++) {
                movedTo.merge(bridges.failover(dead).index, 1, Integer::sum);
            }
            assertThat(movedTo).containsOnlyKeys(0, 1).containsEntry(0, 150).containsEntry(1, 150);
            assertThat(bridges.failovers()).isEqualTo(300);
        }
    }

    @Test
    void aBridgeHeldDown_isPassedOver_whileAnotherIsUp() {
        try (Bridges bridges = three()) {
            Bridges.Target first = bridges.home(0);
            bridges.failover(bridges.home(1)); // bridge 1 held down
            for (int agent = 0; agent < 10; agent++) {
                assertThat(bridges.failover(first).index).as("agent %d", agent).isEqualTo(2);
            }
        }
    }

    @Test
    void agentsWhoseBridgeIsHeldDown_startOnTheOthersInTurn() {
        try (Bridges bridges = three()) {
            bridges.failover(bridges.home(2)); // bridge 2 held down
            Map<Integer, Integer> startedOn = new HashMap<>();
            for (int agent = 0; agent < 300; agent++) {
                startedOn.merge(bridges.home(agent).index, 1, Integer::sum);
            }
            assertThat(startedOn).containsOnlyKeys(0, 1).containsEntry(0, 150).containsEntry(1, 150);
        }
    }
}
