package dev.lighthouse.review;

import dev.lighthouse.events.Event;
import dev.lighthouse.policy.Answer;
import dev.lighthouse.policy.Decision;
import dev.lighthouse.policy.call.ToolCall;
import tools.jackson.databind.JsonNode;

/**
 * A call the decision pipeline has decided and recorded, as {@link ReviewBoard#settle} needs it; the pipeline's own
 * record implements it.
 */
public interface DecidedCall {
    /** The call's {@code decision.made} event: the review names its seq, and its payload says if the agent is simulated. */
    Event event();

    /** The policy's decision; its verdict is review, and its route says who reviews. */
    Decision decision();

    /** What the agent hears while nobody has decided; its reason opens the message about the pending review. */
    Answer answer();

    ToolCall call();

    /** The tool input as the agent sent it (redacted before anyone sees it). */
    JsonNode input();
}
