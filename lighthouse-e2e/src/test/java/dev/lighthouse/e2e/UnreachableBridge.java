package dev.lighthouse.e2e;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** Bridges an agent cannot get an answer from in time: nobody listening, or a server that never answers. */
final class UnreachableBridge {
    private UnreachableBridge() {}

    /** A loopback URL on a port nobody listens on (it was free a moment ago). */
    static String down() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "http://127.0.0.1:" + s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A server that accepts every hook call and holds it unanswered until closed: slower than any hook timeout. */
    static final class Slow implements AutoCloseable {
        private final HttpServer server;
        private final CountDownLatch closed = new CountDownLatch(1);
        private final AtomicInteger calls = new AtomicInteger();

        Slow() {
            try {
                server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/", ex -> {
                calls.incrementAndGet();
                try (ex) {
                    ex.getRequestBody().readAllBytes();
                    closed.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        /** Hook calls that arrived (and were never answered). */
        int calls() {
            return calls.get();
        }

        @Override
        public void close() {
            closed.countDown();
            server.stop(0);
        }
    }
}
