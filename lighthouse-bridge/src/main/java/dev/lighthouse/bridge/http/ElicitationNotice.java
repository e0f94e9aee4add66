package dev.lighthouse.bridge.http;

import dev.lighthouse.coordination.elicit.Elicitation;
import java.util.List;

/** The message that tells an agent, in a hook answer, of questions other agents asked it. */
final class ElicitationNotice {
    /** Longest schema shown; the whole one is at {@code GET /v1/elicitations/{id}}. */
    private static final int SCHEMA_CHARS = 600;
    /** Longest question shown. */
    private static final int QUESTION_CHARS = 1_000;

    private ElicitationNotice() {}

    static String text(List<Elicitation> pending) {
        StringBuilder text = new StringBuilder("Lighthouse: another agent asked you ")
                .append(pending.size() == 1 ? "a question" : pending.size() + " questions")
                .append(" (this does not concern the tool call above, which was decided as usual).");
        for (Elicitation e : pending) {
            text.append("\n- elicitation ")
                    .append(e.id())
                    .append(" from ")
                    .append(e.from())
                    .append(", answer by ")
                    .append(e.deadline())
                    .append(": \"")
                    .append(cut(e.question(), QUESTION_CHARS))
                    .append("\"; the answer must fit the JSON Schema ")
                    .append(cut(e.schema().toString(), SCHEMA_CHARS));
        }
        text.append(
                "\nAnswer with POST /v1/elicitations/ID/answer {\"content\": <JSON fitting the schema>,"
                        + " \"nonce\": <a fresh random string>}, or decline with POST /v1/elicitations/ID/decline"
                        + " {\"reason\": ..., \"nonce\": ...}, using your Lighthouse token (or the MCP tool elicitation_respond).");
        return text.toString();
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
