package dev.lighthouse.e2e;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * {@code lighthouse serve} as a real process on a free loopback port, with its own data dir and the test policy
 * layered on the built-in default. Decisions are read back through its {@code GET /v1/decisions} API.
 */
final class BridgeProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+)");

    private final Process process;
    private final String url;
    private final Path data;
    private final Path home;
    /** Everything the bridge printed; its reader thread keeps appending while tests run. */
    private final StringBuffer log;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private BridgeProcess(Process process, String url, StringBuffer log, Path data, Path home) {
        this.process = process;
        this.url = url;
        this.log = log;
        this.data = data;
        this.home = home;
    }

    /** Starts the bridge as the agent's user ({@code home}) with its own data dir under {@code dir}. */
    static BridgeProcess start(Path dir, Path home, Path policy) {
        return start(dir, home, policy, List.of());
    }

    /** As {@link #start(Path, Path, Path)}, with more arguments for {@code serve}, e.g. {@code --set KEY=VALUE}. */
    static BridgeProcess start(Path dir, Path home, Path policy, List<String> serveArgs) {
        try {
            Path data = Files.createDirectories(dir.resolve("bridge-data"));
            List<String> args =
                    new ArrayList<>(List.of("serve", "--listen", "127.0.0.1:0", "--policy", policy.toString()));
            args.addAll(serveArgs);
            ProcessBuilder pb = new ProcessBuilder(LighthouseCli.command(home, args.toArray(String[]::new)))
                    .directory(dir.toFile())
                    .redirectErrorStream(true);
            pb.environment().clear();
            pb.environment()
                    .putAll(Map.of(
                            "HOME", home.toString(), "LIGHTHOUSE_HOME", data.toString(), "PATH", "/usr/bin:/bin"));
            Process p = pb.start();
            StringBuffer log = new StringBuffer();
            CompletableFuture<String> url = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        log.append(line).append('\n');
                        Matcher m = LISTENING.matcher(line);
                        if (m.find()) {
                            url.complete(m.group(1));
                        }
                    }
                } catch (IOException e) {
                    // the process ended
                }
                url.completeExceptionally(new IllegalStateException("lighthouse serve exited:\n" + log));
            });
            try {
                // One buffer, shared with the reader: copying it here raced with the reader's appends.
                return new BridgeProcess(p, url.get(60, TimeUnit.SECONDS), log, data, home);
            } catch (TimeoutException | ExecutionException e) {
                Processes.kill(p);
                throw new IllegalStateException("lighthouse serve did not start within 60 s:\n" + log, e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    String url() {
        return url;
    }

    /** The bridge's data dir ({@code LIGHTHOUSE_HOME} of the person who runs it). */
    Path dataDir() {
        return data;
    }

    /**
     * {@code GET path} as the bridge's owner, with the token {@code serve} left in the data dir: reading decisions
     * and reviews needs a credential, also on loopback.
     */
    JsonNode getAsOwner(String path) {
        try {
            String owner = Files.readString(data.resolve("owner.token")).strip();
            HttpRequest req = HttpRequest.newBuilder(URI.create(url + path))
                    .header("Authorization", "Bearer " + owner)
                    .timeout(Duration.ofSeconds(10))
                    .build();
            HttpResponse<String> res = http.send(req, HttpResponse.BodyHandlers.ofString());
            if (res.statusCode() != 200) {
                throw new IllegalStateException("GET " + path + ": " + res.statusCode() + " " + res.body());
            }
            return ScriptedModel.JSON.readTree(res.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code lighthouse ARGS} as the person who runs this bridge: same user, {@code HOME} and data dir. */
    Processes.Outcome personRuns(String... args) {
        return Processes.run(
                LighthouseCli.command(home, args),
                data,
                Map.of("HOME", home.toString(), "LIGHTHOUSE_HOME", data.toString(), "PATH", "/usr/bin:/bin"),
                Duration.ofSeconds(60));
    }

    /** Every {@code decision.made} record the bridge holds for calls made from {@code cwd}, oldest first. */
    List<JsonNode> decisionsFrom(Path cwd) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode d : getAsOwner("/v1/decisions?limit=1000").path("decisions")) {
            if (d.path("cwd").asString("").startsWith(cwd.toString())) {
                out.add(d);
            }
        }
        return out;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                Processes.kill(process);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
