package dev.lighthouse.events.store;

import dev.lighthouse.events.EventType;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What verify asks of the columns that name a decision in listings ({@code GET /v1/decisions/names}, the filesystem
 * view's file names) and that the stores keep unsigned beside the signed ones: that they say what the signed event
 * says. The {@code answer} column must be its payload's answer ({@link dev.lighthouse.events.DecisionMade#answerOf}),
 * or absent (a decision appended by a version before the column, named from its payload); an event that is no
 * decision has none. On SQLite a decision's row in the index file ({@code decisions}: time, agent, answer), which the
 * listings read, must copy the event's, and every decision the index covers must have one.
 */
final class NameCheck {
    /** A decision's row in the SQLite index file's {@code decisions}. */
    record Indexed(String time, String agent, String answer) {}

    private NameCheck() {}

    /**
     * The differences, if any, as one line for a violation.
     *
     * @param time the event's stored time, as its row holds it
     * @param agent the event's agent, null for none
     * @param signedAnswer the payload's answer, asked only of a decision
     * @param answerColumn the {@code answer} column, null when empty
     * @param indexed its row in the index file, where the store keeps one
     * @param mustBeIndexed whether the index covers the event's seq, so that a decision must have a row there
     */
    static Optional<String> differences(
            String type,
            String time,
            String agent,
            Supplier<String> signedAnswer,
            String answerColumn,
            Optional<Indexed> indexed,
            boolean mustBeIndexed) {
        List<String> found = new ArrayList<>();
        boolean decision = type.equals(EventType.DECISION_MADE.name());
        String answer = decision ? signedAnswer.get() : null;
        if (!decision && answerColumn != null) {
            found.add(
                    "a %s event has an answer column (\"%s\"); only decisions have one".formatted(type, answerColumn));
        } else if (decision && answerColumn != null && !answerColumn.equals(answer)) {
            found.add("the answer column says \"%s\"; the signed payload's answer is \"%s\""
                    .formatted(answerColumn, answer));
        }
        if (indexed.isPresent()) {
            Indexed row = indexed.get();
            if (!decision) {
                found.add("the index file lists this %s event as a decision".formatted(type));
            } else {
                if (!row.time().equals(time)) {
                    found.add("the index file's decisions gives its time as %s; the event's is %s"
                            .formatted(row.time(), time));
                }
                if (!Objects.equals(row.agent(), agent)) {
                    found.add("the index file's decisions gives its agent as %s; the event's is %s"
                            .formatted(quoted(row.agent()), quoted(agent)));
                }
                if (row.answer() != null && !row.answer().equals(answer)) {
                    found.add("the index file's decisions gives its answer as \"%s\"; the signed payload's is \"%s\""
                            .formatted(row.answer(), answer));
                }
            }
        } else if (decision && mustBeIndexed) {
            found.add("the index file covers this seq but has no row for the decision: listings leave it out");
        }
        return found.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", found));
    }

    private static String quoted(String text) {
        return text == null ? "none" : "\"" + text + "\"";
    }
}
