package dev.lighthouse.bridge.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class SseWriterTest {
    /** A client behind a network that carries bytes when they are flushed: what it has received, and in how many pushes. */
    private static final class Client extends OutputStream {
        private final ByteArrayOutputStream written = new ByteArrayOutputStream();
        private final StringBuilder received = new StringBuilder();
        final AtomicInteger flushes = new AtomicInteger();

        @Override
        public synchronized void write(int b) {
            written.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            written.write(b, off, len);
        }

        @Override
        public synchronized void flush() {
            received.append(written.toString(StandardCharsets.UTF_8));
            written.reset();
            flushes.incrementAndGet();
            notifyAll();
        }

        synchronized String written() {
            return written.toString(StandardCharsets.UTF_8);
        }

        synchronized String received() {
            return received.toString();
        }

        /** Waits until {@code text} has been received; the test's {@code @Timeout} bounds the wait. */
        synchronized void await(String text) throws InterruptedException {
            while (received.indexOf(text) < 0) {
                wait();
            }
        }
    }

    @Test
    void send_burstOfEvents_leavesInOneFlush() throws Exception {
        Client client = new Client();
        SseWriter sse = new SseWriter(client, Duration.ofMinutes(1));
        for (int i = 1; i <= 200; i++) {
            sse.send("id: " + i + "\ndata: {}\n\n");
        }
        assertThat(client.flushes).hasValue(0);
        Thread flusher = Thread.ofVirtual().start(() -> run(sse));

        client.await("id: 200\n");
        assertThat(client.flushes).hasValue(1);
        assertThat(client.received()).contains("id: 1\n", "id: 199\n");

        sse.send("id: 201\ndata: {}\n\n"); // a lone event is not held back for company
        client.await("id: 201\n");
        assertThat(client.flushes).hasValue(2);

        sse.close();
        flusher.join();
    }

    @Test
    void run_quietStream_getsKeepAlives_andCloseEndsIt() throws Exception {
        Client client = new Client();
        SseWriter sse = new SseWriter(client, Duration.ofMillis(5));
        Thread flusher = Thread.ofVirtual().start(() -> run(sse));

        client.await(": keep-alive\n\n");

        sse.close();
        flusher.join();
    }

    @Test
    void send_moreThanTheBufferHolds_writesThroughWithoutWaitingForTheFlusher() throws Exception {
        Client client = new Client();
        SseWriter sse = new SseWriter(client, Duration.ofMinutes(1));
        String big = "data: " + "x".repeat(40_000) + "\n\n";

        sse.send(big); // no flusher runs: a slow reader blocks here instead of the bridge buffering without end

        assertThat(client.written()).isEqualTo(big);
    }

    private static void run(SseWriter sse) {
        try {
            sse.run();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
