package dev.lighthouse.events.integrity;

import dev.lighthouse.events.Hash;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An append-only file of signed checkpoints, one JSON object a line:
 * {@code {"seq":120,"hash":"…","time":"…","keyId":"k…","prev":"…","mac":"…"}}, each chained to the line before by
 * {@code prev} (see {@link Checkpoint}; lines of older files have no {@code prev}). Stores append a line after a commit at most once
 * per interval and when they close, so the file grows by about one line a second under load. A line torn by a crash
 * (no final newline) is ignored when reading and cut when the file is next opened. Thread-safe.
 */
public final class CheckpointFile implements AutoCloseable {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path path;
    private final FileChannel channel;
    private Optional<Checkpoint> first; // guarded by this
    private Optional<Checkpoint> last; // guarded by this

    private CheckpointFile(Path path, FileChannel channel, Optional<Checkpoint> first, Optional<Checkpoint> last) {
        this.path = path;
        this.channel = channel;
        this.first = first;
        this.last = last;
    }

    /** Opens {@code path} for appending, creating it (and its directory) if needed. */
    public static CheckpointFile open(Path path) {
        try {
            Path dir = path.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            cutTornLine(path);
            List<Checkpoint> existing;
            try {
                existing = read(path);
            } catch (IllegalArgumentException e) {
                existing = List.of(); // an edited line: verify reports it; appending goes on, chained afresh
            }
            FileChannel ch = FileChannel.open(
                    path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            return existing.isEmpty()
                    ? new CheckpointFile(path, ch, Optional.empty(), Optional.empty())
                    : new CheckpointFile(path, ch, Optional.of(existing.getFirst()), Optional.of(existing.getLast()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open checkpoint file " + path + ": " + e.getMessage(), e);
        }
    }

    public Path path() {
        return path;
    }

    /**
     * The file's first checkpoint, whose MAC names this file's chain of checkpoints (each line chains to the one before,
     * so the first stays while lines are appended); empty for an empty file.
     */
    public synchronized Optional<Checkpoint> first() {
        return first;
    }

    /** The MAC the next checkpoint chains to: the last line's, or {@link Hash#ZERO} for an empty file. */
    public synchronized Hash chainHead() {
        return last.map(Checkpoint::mac).orElse(Hash.ZERO);
    }

    /** Appends one line (one write call, so concurrent readers never see half a line unless the process dies). */
    public synchronized void append(Checkpoint c) {
        String prev = c.prev().map(p -> "\"prev\":\"" + p + "\",").orElse("");
        String line = "{\"seq\":%d,\"hash\":\"%s\",\"time\":\"%s\",\"keyId\":\"%s\",%s\"mac\":\"%s\"}\n"
                .formatted(c.seq(), c.hash(), c.time(), c.keyId(), prev, c.mac());
        try {
            ByteBuffer b = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
            while (b.hasRemaining()) {
                channel.write(b);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint file " + path + ": " + e.getMessage(), e);
        }
        if (first.isEmpty()) {
            first = Optional.of(c);
        }
        last = Optional.of(c);
    }

    /** Every complete checkpoint line of the file, in file order; empty if the file does not exist. */
    public static List<Checkpoint> read(Path path) {
        String text;
        try {
            text = Files.readString(path);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint file " + path + ": " + e.getMessage(), e);
        }
        List<Checkpoint> out = new ArrayList<>();
        int start = 0;
        int lineNo = 0;
        for (int nl = text.indexOf('\n'); nl >= 0; start = nl + 1, nl = text.indexOf('\n', start)) {
            lineNo++;
            String line = text.substring(start, nl).strip();
            if (line.isEmpty()) {
                continue;
            }
            out.add(parse(path, lineNo, line));
        }
        return out;
    }

    /**
     * The first complete checkpoint line of the file, read without the rest (the file grows by a line a second);
     * empty if the file does not exist or holds no complete line.
     */
    public static Optional<Checkpoint> readFirst(Path path) {
        try (java.io.InputStream in = new java.io.BufferedInputStream(Files.newInputStream(path))) {
            java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
            int lineNo = 1;
            for (int b = in.read(); b >= 0; b = in.read()) {
                if (b != '\n') {
                    line.write(b);
                    continue;
                }
                String text = line.toString(StandardCharsets.UTF_8).strip();
                if (!text.isEmpty()) {
                    return Optional.of(parse(path, lineNo, text));
                }
                line.reset();
                lineNo++;
            }
            return Optional.empty(); // no line, or only a torn one (no newline), which read() skips too
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint file " + path + ": " + e.getMessage(), e);
        }
    }

    private static Checkpoint parse(Path path, int lineNo, String line) {
        try {
            JsonNode n = JSON.readTree(line);
            return new Checkpoint(
                    n.required("seq").asLong(),
                    Hash.parse(n.required("hash").asString()),
                    Instant.parse(n.required("time").asString()),
                    n.required("keyId").asString(),
                    Hash.parse(n.required("mac").asString()),
                    n.has("prev") ? Optional.of(Hash.parse(n.get("prev").asString())) : Optional.empty());
        } catch (JacksonException | IllegalArgumentException | java.time.DateTimeException e) {
            // Torn lines are cut on open and never complete: a bad complete line is an edit.
            throw new IllegalArgumentException(
                    "%s:%d: not a checkpoint line: %s".formatted(path, lineNo, e.getMessage()), e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            channel.force(true);
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close checkpoint file " + path + ": " + e.getMessage(), e);
        }
    }

    /** A line torn by a crash would swallow the next one: cut the file back to its last newline. */
    private static void cutTornLine(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long end = ch.size();
            ByteBuffer one = ByteBuffer.allocate(1);
            while (end > 0) {
                one.clear();
                ch.read(one, end - 1);
                if (one.get(0) == '\n') {
                    break;
                }
                end--;
            }
            if (end < ch.size()) {
                ch.truncate(end);
            }
        }
    }
}
