package dev.lighthouse.events.integrity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lighthouse.events.Event;
import dev.lighthouse.events.EventType;
import dev.lighthouse.events.Hash;
import dev.lighthouse.events.VerifyReport;
import dev.lighthouse.events.Violation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Verify over chains longer than a page, read by several readers at once; the chain is built in memory. */
class VerifierTest {
    static final Keyring KEYS = Keyring.ofSecret(Base64.getEncoder().encodeToString(new byte[32]));

    static List<Event> chain(int length) {
        Signer signer = new Signer(KEYS);
        List<Event> out = new ArrayList<>();
        Hash prev = Hash.ZERO;
        Instant time = Instant.parse("2026-11-23T09:00:00Z");
        for (long seq = 1; seq <= length; seq++) {
            UUID id = new UUID(seq, seq);
            String payload = "{\"n\":" + seq + "}";
            Hash hash = signer.sign(seq, id, time, EventType.DECISION_MADE, "s", Optional.of("a"), payload, prev);
            out.add(new Event(
                    seq,
                    id,
                    time,
                    EventType.DECISION_MADE,
                    "s",
                    Optional.of("a"),
                    payload,
                    KEYS.active().id(),
                    prev,
                    hash));
            prev = hash;
        }
        return out;
    }

    /** Reads like a store: up to {@code limit} events with seq at or after {@code from}, in seq order. */
    static Verifier.Reader reader(List<Event> events) {
        return (from, limit) ->
                events.stream().filter(e -> e.seq() >= from).limit(limit).toList();
    }

    @Test
    void intactChainOfManyPages_isCheckedWhole_inOrder() {
        List<Event> events = chain(23_456);

        VerifyReport report = new Verifier(KEYS, List.of()).verify(reader(events), 1, Long.MAX_VALUE);

        assertThat(report.ok()).isTrue();
        assertThat(report.eventsChecked()).isEqualTo(23_456);
    }

    @Test
    void gapLongerThanAPage_isOneSequenceGap_andTheEventsAfterItAreChecked() {
        List<Event> events = new ArrayList<>(chain(30_000));
        events.removeIf(e -> e.seq() >= 4_000 && e.seq() <= 17_500);

        VerifyReport report = new Verifier(KEYS, List.of()).verify(reader(events), 1, Long.MAX_VALUE);

        assertThat(report.violations())
                .extracting(Violation::kind, Violation::seq)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Violation.Kind.SEQUENCE_GAP, 4_000L));
        assertThat(report.eventsChecked()).isEqualTo(30_000 - 13_501);
    }

    @Test
    void rangeEndingInsideTheChain_stopsAtItsEnd() {
        VerifyReport report = new Verifier(KEYS, List.of()).verify(reader(chain(12_000)), 7_001, 11_000);

        assertThat(report.ok()).isTrue();
        assertThat(report.eventsChecked()).isEqualTo(4_000);
    }

    @Test
    void rowTheStoreEncodedWrongly_isCheckedThroughItsEvent_andIsNoViolation() {
        List<Event> events = chain(12);
        Verifier.RowReader rows = (from, limit) -> events.stream()
                .filter(e -> e.seq() >= from)
                .limit(limit)
                .map(Verifier.SignedRow::of)
                .map(r ->
                        r.seq() == 5 ? new Verifier.SignedRow(5, r.keyId(), new byte[] {1}, r.prevHash(), r.hash()) : r)
                .toList();

        VerifyReport report = new Verifier(KEYS, List.of()).verify(reader(events), rows, 1, Long.MAX_VALUE);

        assertThat(report.violations()).isEmpty();
        assertThat(report.eventsChecked()).isEqualTo(12);
    }
}
