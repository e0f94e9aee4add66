package dev.lighthouse.events.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lighthouse.events.Event;
import dev.lighthouse.events.EventStore;
import dev.lighthouse.events.VerifyReport;
import dev.lighthouse.events.integrity.Keyring;
import dev.lighthouse.events.testing.TestSeed;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child JVM appends from 32 threads and is killed with SIGKILL after a random number of acknowledged appends,
 * several rounds on the same store. After each kill, every acknowledged append must be stored and the chain must
 * verify, checkpoints included.
 */
class CrashSafetyTest {
    private static final Pattern ACK = Pattern.compile("ack (\\d+) ([0-9a-f-]{36});");
    private static final int ROUNDS = 3;

    @TempDir
    Path dir;

    @Test
    void sigkillWhileAppending_losesNoAcknowledgedAppend_andTheChainVerifies() throws Exception {
        long seed = TestSeed.of("CrashSafetyTest.sigkillWhileAppending_losesNoAcknowledgedAppend_andTheChainVerifies");
        Random random = new Random(seed);
        long totalAcked = 0;
        for (int round = 1; round <= ROUNDS; round++) {
            int killAfter = 100 + random.nextInt(1_500);
            Map<Long, UUID> acked = runAndKill(killAfter);
            totalAcked += acked.size();

            Keyring keys = Keyring.load(dir.resolve("events.keys"));
            try (EventStore store = EventStores.sqlite(
                    dir.resolve("events.db"), StoreOptions.of(keys, dir.resolve("events.checkpoints")))) {
                for (Map.Entry<Long, UUID> ack : acked.entrySet()) {
                    List<Event> stored = store.read(ack.getKey(), 1);
                    assertThat(stored)
                            .as("round %d (seed %d): acknowledged seq %d", round, seed, ack.getKey())
                            .singleElement()
                            .extracting(Event::id)
                            .isEqualTo(ack.getValue());
                }
                VerifyReport report = store.verify(1, Long.MAX_VALUE);
                assertThat(report.violations())
                        .as("round %d (seed %d)", round, seed)
                        .isEmpty();
                assertThat(report.toSeq())
                        .isGreaterThanOrEqualTo(
                                acked.keySet().stream().mapToLong(s -> s).max().orElse(0));
            }
        }
        assertThat(totalAcked).isGreaterThanOrEqualTo(ROUNDS * 100L);
    }

    /** Starts the child, waits for {@code killAfter} acknowledgements, kills it, returns every complete ack line. */
    private Map<Long, UUID> runAndKill(int killAfter) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(
                        java,
                        "--enable-native-access=ALL-UNNAMED",
                        "-XX:TieredStopAtLevel=1",
                        "-cp",
                        System.getProperty("java.class.path"),
                        CrashAppender.class.getName(),
                        dir.toString(),
                        "32")
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        Map<Long, UUID> acked = new ConcurrentHashMap<>();
        ReentrantLock lock = new ReentrantLock();
        Condition enough = lock.newCondition();
        Thread reader = Thread.ofPlatform().start(() -> {
            try (BufferedReader in =
                    new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    Matcher m = ACK.matcher(line);
                    if (m.matches()) { // a line torn by the kill has no ';' and is not an ack
                        acked.put(Long.parseLong(m.group(1)), UUID.fromString(m.group(2)));
                        if (acked.size() >= killAfter) {
                            signal(lock, enough);
                        }
                    }
                }
            } catch (IOException e) {
                // the child is gone
            }
            signal(lock, enough);
        });
        lock.lock();
        try {
            long left = TimeUnit.SECONDS.toNanos(60);
            while (acked.size() < killAfter && child.isAlive() && left > 0) {
                left = enough.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
        assertThat(child.isAlive())
                .as("child still appending after %d acks", acked.size())
                .isTrue();
        child.destroyForcibly(); // SIGKILL on Linux
        child.waitFor();
        reader.join();
        return acked;
    }

    private static void signal(ReentrantLock lock, Condition condition) {
        lock.lock();
        try {
            condition.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
