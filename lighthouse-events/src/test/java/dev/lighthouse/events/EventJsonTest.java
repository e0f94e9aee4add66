package dev.lighthouse.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lighthouse.events.integrity.Keyring;
import dev.lighthouse.events.store.EventStores;
import dev.lighthouse.events.store.StoreOptions;
import java.io.BufferedReader;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventJsonTest {
    @TempDir
    Path dir;

    EventStore open(String name, Keyring keys) {
        return EventStores.sqlite(dir.resolve(name + ".db"), StoreOptions.of(keys, dir.resolve(name + ".checkpoints")));
    }

    @Test
    void exportThenImport_intoAnEmptyStore_reproducesEveryEvent_andVerifies() {
        Keyring keys = Keyring.loadOrCreate(dir.resolve("events.keys"), Clock.systemUTC());
        StringWriter export = new StringWriter();
        try (EventStore source = open("source", keys)) {
            source.append(new NewEvent(
                    EventType.DECISION_MADE, "session/s1", Optional.of("a1"), "{\"cost\":0.10,\"cmd\":\"ls -la\"}"));
            source.append(new NewEvent(EventType.POLICY_ACTIVATED, "policy", Optional.empty(), "{\"version\":3}"));
            assertThat(EventJson.export(source, 1, Long.MAX_VALUE, export)).isEqualTo(2);

            try (EventStore target = open("target", keys)) {
                long imported = EventJson.importInto(target, new BufferedReader(new StringReader(export.toString())));

                assertThat(imported).isEqualTo(2);
                assertThat(target.read(1, 10)).isEqualTo(source.read(1, 10));
                assertThat(target.verify(1, Long.MAX_VALUE).violations()).isEmpty();
            }
        }
        assertThat(export.toString().lines().findFirst().orElseThrow())
                .contains("\"payload\":{\"cmd\":\"ls -la\",\"cost\":0.10}", "\"agent\":\"a1\"");
    }

    @Test
    void import_ofAnEditedExport_isRejected_namingTheLines() {
        Keyring keys = Keyring.loadOrCreate(dir.resolve("events.keys"), Clock.systemUTC());
        StringWriter export = new StringWriter();
        try (EventStore source = open("source", keys)) {
            source.append(new NewEvent(EventType.DECISION_MADE, "s", Optional.empty(), "{\"verdict\":\"deny\"}"));
            EventJson.export(source, 1, Long.MAX_VALUE, export);
        }
        String edited = export.toString().replace("deny", "allow");

        try (EventStore target = open("target", keys)) {
            assertThatThrownBy(() -> EventJson.importInto(target, new BufferedReader(new StringReader(edited))))
                    .isInstanceOf(EventRejectedException.class)
                    .hasMessage("lines 1 to 1: event at seq 1 does not match its MAC");
            assertThatThrownBy(() -> EventJson.importInto(target, new BufferedReader(new StringReader("{}\n"))))
                    .hasMessageStartingWith("line 1: not an exported event");
            assertThat(target.head()).isEqualTo(Head.EMPTY);
        }
    }
}
