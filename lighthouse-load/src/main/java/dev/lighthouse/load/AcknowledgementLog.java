package dev.lighthouse.load;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes each {@link Acknowledgement} as one JSON line, as the answers arrive, so a checker can prove afterwards that
 * none is missing from the chain. Thread-safe; the file is complete once {@link #close} returns.
 */
public final class AcknowledgementLog implements Consumer<Acknowledgement>, AutoCloseable {
    private static final JsonMapper JSON = JsonMapper.shared();

    private final Path file;
    private final BufferedWriter out;

    private AcknowledgementLog(Path file, BufferedWriter out) {
        this.file = file;
        this.out = out;
    }

    /** Creates (or truncates) {@code file}. */
    public static AcknowledgementLog create(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            return new AcknowledgementLog(file, Files.newBufferedWriter(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("acknowledgements file " + file + ": cannot write: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void accept(Acknowledgement a) {
        try {
            out.write(JSON.writeValueAsString(a));
            out.newLine();
        } catch (IOException e) {
            throw new UncheckedIOException("acknowledgements file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads a file this class wrote; the message names the file and line of anything else. */
    public static List<Acknowledgement> read(Path file) {
        List<Acknowledgement> all = new ArrayList<>();
        try {
            int n = 0;
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    all.add(JSON.readValue(line, Acknowledgement.class));
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException(
                            "%s:%d: expected an acknowledgement as JSON: %s".formatted(file, n, e.getMessage()), e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("acknowledgements file " + file + ": cannot read: " + e.getMessage(), e);
        }
        return all;
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("acknowledgements file " + file + ": " + e.getMessage(), e);
        }
    }
}
