package dev.lighthouse.bridge.mcp;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpStreamableServerTransport;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.ReentrantLock;
import reactor.core.publisher.Mono;

/**
 * One server-sent event stream of an MCP session: a POST's answer or the GET listening stream. Messages are written
 * whole under a lock (notifications arrive from other threads); a failed write or a close ends the stream, which
 * releases the request thread waiting on {@code done}. The request thread owns and closes the output stream.
 */
final class SseConnection implements McpStreamableServerTransport {
    private final McpJsonMapper json;
    private final OutputStream out;
    private final CountDownLatch done;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile boolean closed;

    SseConnection(McpJsonMapper json, OutputStream out, CountDownLatch done) {
        this.json = json;
        this.out = out;
        this.done = done;
    }

    @Override
    public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
        return sendMessage(message, null);
    }

    @Override
    public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message, String messageId) {
        return Mono.fromRunnable(() -> {
            String data;
            try {
                data = json.writeValueAsString(message);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            write((messageId == null ? "" : "id: " + messageId + "\n") + "event: message\ndata: " + data + "\n\n");
        });
    }

    /** An SSE comment: keeps proxies from closing an idle stream and tells us when the client has gone. */
    void comment(String text) {
        write(": " + text + "\n\n");
    }

    private void write(String text) {
        if (closed) {
            return;
        }
        lock.lock();
        try {
            if (closed) {
                return;
            }
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            close();
            throw new UncheckedIOException(e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
        return json.convertValue(data, typeRef);
    }

    @Override
    public Mono<Void> closeGracefully() {
        return Mono.fromRunnable(this::close);
    }

    @Override
    public void close() {
        closed = true;
        done.countDown();
    }
}
