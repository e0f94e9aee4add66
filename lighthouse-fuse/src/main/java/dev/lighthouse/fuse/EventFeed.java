package dev.lighthouse.fuse;

import dev.lighthouse.retry.Backoff;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One of the bridge's server-sent event streams, followed for as long as the mount lives: each event is handed to the
 * listener as it is pushed. When the connection drops (the bridge restarts, the network fails) the feed reconnects with
 * {@code Last-Event-ID}, after a pause that grows from 0.25–0.5 s to 5–10 s while the bridge stays away (the
 * jittered {@link Backoff} schedule of Lighthouse's other retries, without their bounds: a mount follows for as long
 * as it lives), so no event is lost or seen twice. Runs on its own virtual thread; {@link #close} ends it.
 */
final class EventFeed implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventFeed.class);
    private static final Backoff RECONNECT = new Backoff(
            Integer.MAX_VALUE, Duration.ofMillis(500), Duration.ofSeconds(10), ChronoUnit.FOREVER.getDuration());
    private static final Pattern START = Pattern.compile(": lighthouse .* from seq (\\d+)");

    /** Receives each event: its seq, its SSE event name and its data line. */
    @FunctionalInterface
    interface Listener {
        void event(long seq, String type, String data);
    }

    private final BridgeHttp bridge;
    private final String path;
    private final Listener listener;
    private final Thread thread;
    private volatile boolean closed;
    private volatile InputStream open;
    private volatile boolean refused;
    private final CountDownLatch connected = new CountDownLatch(1);
    private long lastSeq;

    private EventFeed(BridgeHttp bridge, String path, Listener listener) {
        this.bridge = bridge;
        this.path = path;
        this.listener = listener;
        this.thread = Thread.ofVirtual().name("lighthouse-feed " + path).unstarted(this::run);
    }

    /** A feed of {@code path} (e.g. {@code /v1/decisions/stream}) that {@link #start} connects. */
    static EventFeed of(BridgeHttp bridge, String path, Listener listener) {
        return new EventFeed(bridge, path, listener);
    }

    /** Starts following the stream from the events after now. Once only. */
    void start() {
        thread.start();
    }

    /** Whether the first connection was made within {@code wait}: from then on no event is missed. */
    boolean awaitConnected(Duration wait) throws InterruptedException {
        return connected.await(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Whether the bridge refused this stream (not reachable is not refused): nothing will come through it. */
    boolean refused() {
        return refused;
    }

    private void run() {
        int failures = 0;
        boolean warned = false;
        while (!closed) {
            try (InputStream in = bridge.stream(path, lastSeq)) {
                open = in;
                connected.countDown();
                if (warned) {
                    LOG.info("{}: following again from seq {}", path, lastSeq + 1);
                }
                warned = false;
                failures = 0;
                read(in);
            } catch (BridgeException e) {
                if (!e.unreachable()) {
                    LOG.warn("{}: {}; this stream stays empty", path, e.getMessage());
                    refused = true;
                    return;
                }
                if (!warned && !closed) {
                    LOG.warn("{}: {}; reconnecting while it is away", path, e.getMessage());
                    warned = true;
                }
            } catch (IOException | UncheckedIOException e) {
                if (!warned && !closed) {
                    LOG.warn("{}: the stream ended ({}); reconnecting", path, e.getMessage());
                    warned = true;
                }
            }
            if (closed) {
                return;
            }
            try {
                Thread.sleep(RECONNECT.pause(++failures)); // the bridge's time to come back, not standing in for work
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void read(InputStream in) throws IOException {
        BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        long id = -1;
        String type = "message";
        StringBuilder data = new StringBuilder();
        for (String line = lines.readLine(); line != null && !closed; line = lines.readLine()) {
            if (line.isEmpty()) {
                if (id >= 0 && !data.isEmpty()) {
                    lastSeq = id;
                    deliver(id, type, data.toString());
                }
                id = -1;
                type = "message";
                data.setLength(0);
            } else if (line.startsWith(":")) {
                Matcher start = START.matcher(line);
                if (start.matches() && lastSeq == 0) {
                    lastSeq = Long.parseLong(start.group(1)) - 1;
                }
            } else if (line.startsWith("id:")) {
                id = Long.parseLong(line.substring(3).strip());
            } else if (line.startsWith("event:")) {
                type = line.substring(6).strip();
            } else if (line.startsWith("data:")) {
                if (!data.isEmpty()) {
                    data.append('\n');
                }
                data.append(line.substring(5).stripLeading());
            }
        }
    }

    private void deliver(long seq, String type, String data) {
        try {
            listener.event(seq, type, data);
        } catch (RuntimeException e) {
            LOG.warn("{}: event seq {} could not be shown: {}", path, seq, e.toString());
        }
    }

    @Override
    public void close() {
        closed = true;
        InputStream in = open;
        if (in != null) {
            try {
                in.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        thread.interrupt();
    }
}
