package dev.lighthouse.load;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One call a bridge acknowledged: it answered 2xx with a decision the agent could read. A bridge records a decision
 * before it answers, so every acknowledged call must be in the event chain afterwards, even when the bridge that
 * answered it was killed a moment later. {@link #fingerprint()} is how to find it there: the {@code claude-code}
 * dialect ends each call's {@code tool_input.description} with {@code #sequence}, and the recorded
 * {@code decision.made} keeps the session and the input, so {@link #fingerprintOf} gives the same text for it.
 *
 * @param url the bridge that answered
 * @param session the agent session's {@code session_id}
 * @param sequence the call's number within its session
 * @param command the shell command
 * @param verdict what the answer said
 * @param answeredAt when the answer arrived (this machine's clock)
 * @param latencyMs corrected latency: from when the agent meant to send to the answer
 * @param sentLatencyMs uncorrected latency: from when the request left to the answer (with {@code latencyMs}, tells a
 *     slow answer from an agent that sent late because its previous call, or this machine, held it up)
 */
public record Acknowledgement(
        String url,
        String session,
        long sequence,
        String command,
        Verdict verdict,
        Instant answeredAt,
        double latencyMs,
        double sentLatencyMs) {

    private static final Pattern MARK = Pattern.compile(".* #(\\d+)$", Pattern.DOTALL);

    public Acknowledgement {
        requireNonNull(url, "url");
        requireNonNull(session, "session");
        requireNonNull(command, "command");
        requireNonNull(verdict, "verdict");
        requireNonNull(answeredAt, "answeredAt");
    }

    /** {@code session #sequence}: the same for this acknowledgement and for its decision in the chain. */
    public String fingerprint() {
        return session + " #" + sequence;
    }

    /**
     * The fingerprint of a recorded call, from the session and the {@code tool_input.description} its
     * {@code decision.made} event keeps; empty for a call no simulated agent numbered.
     */
    public static Optional<String> fingerprintOf(String session, String description) {
        Matcher m = MARK.matcher(description);
        return m.matches() ? Optional.of(session + " #" + m.group(1)) : Optional.empty();
    }

    /** The description a simulated agent's call carries: the mark {@link #fingerprintOf} reads back. */
    static String description(long sequence) {
        return "simulated agent command #" + sequence;
    }
}
