package dev.lighthouse.events.store;

import dev.lighthouse.events.Event;
import dev.lighthouse.events.EventStore;
import dev.lighthouse.events.EventType;
import dev.lighthouse.events.NewEvent;
import dev.lighthouse.events.integrity.Keyring;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/**
 * The child process of {@link CrashSafetyTest}: appends from many threads until it is killed, printing
 * {@code ack SEQ ID;} for each append once it has returned, i.e. once the store acknowledged it as durable.
 */
public final class CrashAppender {
    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        int threads = Integer.parseInt(args[1]);
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        Keyring keys = Keyring.loadOrCreate(dir.resolve("events.keys"), Clock.systemUTC());
        EventStore store =
                EventStores.sqlite(dir.resolve("events.db"), StoreOptions.of(keys, dir.resolve("events.checkpoints")));
        for (int t = 0; t < threads; t++) {
            String agent = "agent-" + t;
            Thread.ofPlatform().start(() -> {
                for (int i = 0; ; i++) {
                    Event e = store.append(new NewEvent(
                            EventType.DECISION_MADE,
                            "session/" + agent,
                            Optional.of(agent),
                            "{\"n\":" + i + ",\"verdict\":\"allow\"}"));
                    out.println("ack " + e.seq() + " " + e.id() + ";");
                }
            });
        }
    }
}
