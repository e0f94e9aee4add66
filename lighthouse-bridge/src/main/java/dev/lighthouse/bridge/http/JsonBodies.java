package dev.lighthouse.bridge.http;

import dev.lighthouse.bridge.limits.Limits;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads request bodies as JSON within the {@link Limits}: size checked while reading (a huge body is never held in
 * memory), nesting depth checked by the parser, content type checked first. A key given twice in one object is refused
 * (which one would count depends on the reader, and a guard must not read a call differently from the agent); gzip and
 * deflate bodies are decoded within the same size limit, other encodings refused. Messages say where the JSON is
 * wrong in the caller's terms, never the parser's own text.
 */
final class JsonBodies {
    private final Limits limits;
    private final Duration readDeadline;
    private final ObjectMapper json;

    /** @param readDeadline how long a whole body may take to arrive */
    JsonBodies(Limits limits, Duration readDeadline) {
        this.limits = limits;
        this.readDeadline = readDeadline;
        this.json = JsonMapper.builder(JsonFactory.builder()
                        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                        .streamReadConstraints(StreamReadConstraints.builder()
                                .maxNestingDepth(limits.jsonDepth())
                                .maxStringLength(limits.bodyBytes())
                                .build())
                        .build())
                .build();
    }

    ObjectMapper mapper() {
        return json;
    }

    JsonNode read(ServerRequest req) {
        Optional<String> type = req.headers().first(HeaderNames.CONTENT_TYPE);
        if (type.isPresent() && !isJson(type.get())) {
            throw new Refused(
                    415,
                    "unsupported_media_type",
                    "expected Content-Type application/json, got \"%s\"".formatted(type.get()));
        }
        Encoding encoding = encoding(req);
        long declared = req.headers().contentLength().orElse(-1);
        if (declared > limits.bodyBytes()) {
            throw tooLarge(declared);
        }
        byte[] body = encoding == Encoding.IDENTITY
                ? readAtMost(req, limits.bodyBytes())
                : decode(encoding, readAtMost(req, limits.bodyBytes()));
        if (body.length == 0) {
            throw new Refused(400, "bad_request", "the request body is empty; expected a JSON object");
        }
        try {
            return json.readTree(body);
        } catch (StreamConstraintsException e) {
            throw new Refused(
                    400,
                    "too_deep",
                    "the JSON is nested deeper than %d levels or has an over-long value".formatted(limits.jsonDepth()));
        } catch (JacksonException e) {
            throw new Refused(400, "bad_request", describe(e));
        }
    }

    /** What is wrong with the JSON, where: never the parser's message, which names its own classes and internals. */
    private static String describe(JacksonException e) {
        String where = e.getLocation() == null || e.getLocation().getLineNr() < 0
                ? ""
                : " at line %d, column %d"
                        .formatted(e.getLocation().getLineNr(), e.getLocation().getColumnNr());
        String message = String.valueOf(e.getOriginalMessage());
        if (message.startsWith("Duplicate Object property") || message.startsWith("Duplicate field")) {
            return "the JSON gives the same key twice in one object" + where + "; each key may appear once";
        }
        return "the body is not valid JSON" + where + "; expected one JSON object";
    }

    private enum Encoding {
        IDENTITY,
        GZIP,
        DEFLATE
    }

    private static Encoding encoding(ServerRequest req) {
        Optional<String> header = req.headers().first(HeaderNames.CONTENT_ENCODING);
        if (header.isEmpty()) {
            return Encoding.IDENTITY;
        }
        return switch (header.get().strip().toLowerCase(Locale.ROOT)) {
            case "", "identity" -> Encoding.IDENTITY;
            case "gzip", "x-gzip" -> Encoding.GZIP;
            case "deflate" -> Encoding.DEFLATE;
            default ->
                throw new Refused(
                        415,
                        "unsupported_media_type",
                        "Content-Encoding \"%s\" is not supported; send the body plain, gzip or deflate"
                                .formatted(header.get().strip()));
        };
    }

    /** Decodes a compressed body, refusing one that inflates past the size limit (a zip bomb never fills memory). */
    private byte[] decode(Encoding encoding, byte[] compressed) {
        int max = limits.bodyBytes();
        try (InputStream in = encoding == Encoding.GZIP
                ? new GZIPInputStream(new ByteArrayInputStream(compressed))
                : new InflaterInputStream(new ByteArrayInputStream(compressed))) {
            byte[] body = in.readNBytes(max + 1);
            if (body.length > max) {
                throw tooLarge(-1);
            }
            return body;
        } catch (IOException e) {
            throw new Refused(
                    400,
                    "bad_request",
                    "the body is not valid %s data".formatted(encoding.name().toLowerCase(Locale.ROOT)));
        }
    }

    /**
     * Reads up to {@code max} bytes, and refuses a body still arriving after {@link #readDeadline}: a caller that
     * sends a byte now and then must not hold a request thread for ever.
     *
     * <p>A read blocked on a silent socket does not return by itself (the server reads through NIO channels, which
     * have no read timeout), so a watchdog interrupts the request's thread at the deadline: an interrupt closes the
     * channel it is blocked on, which ends the read and the connection. The watchdog interrupts only while the body is
     * being read ({@link Watch}), never the decision that follows.
     */
    /**
     * Reads and drops the body of a request answered (refused) before its body was read, within the same deadline
     * and size limit: otherwise the server waits for the rest of a body that may never come, holding the connection.
     * A body too large, or too slow, ends the connection. Call it after the answer is sent.
     */
    void discard(ServerRequest req) {
        if (!req.content().hasEntity() || req.content().consumed()) {
            return;
        }
        try {
            readAtMost(req, limits.bodyBytes());
        } catch (Refused | UncheckedIOException e) {
            // the answer is the refusal already decided on
        }
    }

    private byte[] readAtMost(ServerRequest req, int max) {
        Watch watch = new Watch(Thread.currentThread());
        ScheduledFuture<?> timer = WATCHDOG.schedule(watch::expire, readDeadline.toNanos(), TimeUnit.NANOSECONDS);
        try {
            return readWithin(req, max, System.nanoTime() + readDeadline.toNanos());
        } catch (RuntimeException e) {
            throw watch.expired() ? slow() : e;
        } finally {
            timer.cancel(false);
            if (!watch.finish()) {
                Thread.interrupted(); // the watchdog's interrupt served its purpose; the thread goes on answering
            }
        }
    }

    /** Runs the body-read deadlines of every bridge in this process: one daemon thread, tasks cancelled as reads end. */
    private static final ScheduledThreadPoolExecutor WATCHDOG = watchdog();

    private static ScheduledThreadPoolExecutor watchdog() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(
                1, Thread.ofPlatform().name("body-read-deadline").daemon().factory());
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }

    /** Whether a read is still going on (interruptible), ended, or was interrupted at its deadline. */
    private static final class Watch {
        private final Thread reader;
        private final AtomicInteger state = new AtomicInteger(); // 0 reading, 1 finished, 2 expired

        Watch(Thread reader) {
            this.reader = reader;
        }

        void expire() {
            if (state.compareAndSet(0, 2)) {
                reader.interrupt();
            }
        }

        boolean expired() {
            return state.get() == 2;
        }

        /** Ends the watch; false if the deadline came first. */
        boolean finish() {
            return state.compareAndSet(0, 1) || state.get() == 1;
        }
    }

    private byte[] readWithin(ServerRequest req, int max, long deadline) {
        try (InputStream in = req.content().inputStream()) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            byte[] chunk = new byte[16 * 1024];
            for (int n; (n = in.read(chunk, 0, Math.min(chunk.length, max + 1 - body.size()))) > 0; ) {
                body.write(chunk, 0, n);
                if (body.size() > max) {
                    throw tooLarge(-1);
                }
                if (System.nanoTime() - deadline > 0) {
                    throw slow();
                }
            }
            return body.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("reading the request body", e);
        }
    }

    private Refused slow() {
        return new Refused(
                408,
                "body_timeout",
                "the body did not arrive within %d s; send it at once".formatted(readDeadline.toSeconds()));
    }

    private Refused tooLarge(long size) {
        return new Refused(
                413,
                "payload_too_large",
                "the body is %s; the limit is %,d bytes"
                        .formatted(
                                size < 0 ? "larger than the limit" : "%,d bytes".formatted(size), limits.bodyBytes()));
    }

    private static boolean isJson(String contentType) {
        String media = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return media.equals("application/json") || media.endsWith("+json");
    }
}
