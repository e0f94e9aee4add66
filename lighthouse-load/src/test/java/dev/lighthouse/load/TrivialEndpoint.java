package dev.lighthouse.load;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The fastest endpoint we could put on loopback, to measure the load generator alone (docs/performance.md, "Load
 * generator"): answers every HTTP/1.1 request on a keep-alive connection with a fixed Claude Code allow, one virtual
 * thread per connection, no parsing beyond finding the end of the headers and the Content-Length. Not a server for
 * anything else.
 *
 * <p>Run: {@code java lighthouse-load/src/test/java/dev/lighthouse/load/TrivialEndpoint.java 18002}
 */
public final class TrivialEndpoint {
    private static final byte[] BODY =
            "{\"hookSpecificOutput\":{\"hookEventName\":\"PreToolUse\",\"permissionDecision\":\"allow\"}}"
                    .getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RESPONSE = ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                    + BODY.length + "\r\n\r\n" + new String(BODY, StandardCharsets.US_ASCII))
            .getBytes(StandardCharsets.US_ASCII);

    private TrivialEndpoint() {}

    public static void main(String[] args) throws IOException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 18002;
        try (ServerSocket server = new ServerSocket(port, 4096, InetAddress.getLoopbackAddress())) {
            System.err.println("trivial endpoint on http://127.0.0.1:" + server.getLocalPort());
            while (true) {
                Socket s = server.accept();
                s.setTcpNoDelay(true);
                Thread.ofVirtual().start(() -> serve(s));
            }
        }
    }

    private static void serve(Socket socket) {
        try (socket;
                InputStream in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
                OutputStream out = socket.getOutputStream()) {
            while (skipRequest(in)) {
                out.write(RESPONSE);
                out.flush();
            }
        } catch (IOException e) {
            // The client went away; nothing to do for a benchmark fixture.
        }
    }

    /** Reads one request (headers, then Content-Length bytes of body); false at the end of the stream. */
    private static boolean skipRequest(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int contentLength = 0;
        while (true) {
            int c = in.read();
            if (c < 0) {
                return false;
            }
            if (c != '\n') {
                line.append((char) c);
                continue;
            }
            String header = line.toString().strip();
            line.setLength(0);
            if (header.isEmpty()) {
                break;
            }
            if (header.regionMatches(true, 0, "content-length:", 0, 15)) {
                contentLength = Integer.parseInt(header.substring(15).strip());
            }
        }
        in.skipNBytes(contentLength);
        return true;
    }
}
