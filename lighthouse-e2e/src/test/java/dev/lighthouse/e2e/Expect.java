package dev.lighthouse.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import tools.jackson.databind.JsonNode;

/** Assertions on what really happened in an {@link AgentRun}, with the whole run in every failure message. */
final class Expect {
    private final AgentRun run;
    private JsonNode decision;

    private Expect(AgentRun run) {
        this.run = run;
    }

    static Expect that(AgentRun run) {
        return new Expect(run);
    }

    /** {@code ~/important} and its file are still there. */
    Expect keptImportant() {
        assertThat(run.ws().importantIntact())
                .as("~/important intact%n%s", run.describe())
                .isTrue();
        return this;
    }

    /** The bridge recorded exactly one decision for this run's project, with this verdict and answer. */
    Expect decided(BridgeProcess bridge, String verdict, String answer) {
        List<JsonNode> decisions = bridge.decisionsFrom(run.ws().project());
        assertThat(decisions)
                .as("decisions recorded by the bridge%n%s", run.describe())
                .hasSize(1);
        decision = decisions.getFirst();
        assertThat(decision.path("decision").asString())
                .as("verdict in %s%n%s", decision, run.describe())
                .isEqualTo(verdict);
        assertThat(decision.path("answer").asString())
                .as("answer in %s%n%s", decision, run.describe())
                .isEqualTo(answer);
        return this;
    }

    /** The tool result the model received carries the reason the bridge recorded. */
    Expect modelGotTheReason() {
        String reason = decision.path("reason").asString();
        assertThat(reason).startsWith("Lighthouse");
        assertThat(run.toolResult())
                .as("the tool result the model received%n%s", run.describe())
                .hasValueSatisfying(r -> assertThat(r).contains(reason));
        return this;
    }
}
