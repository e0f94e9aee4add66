package dev.lighthouse.events.store;

import dev.lighthouse.events.EventStore;
import dev.lighthouse.events.EventStoreException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;

/**
 * Opens the store a URL names: a file path ({@code events.db}, relative to the data directory) or {@code
 * sqlite:PATH} for the embedded SQLite store; {@code postgres://user:password@host:port/db} or {@code
 * jdbc:postgresql://host/db?user=…} for PostgreSQL.
 */
public final class EventStores {
    private EventStores() {}

    public static EventStore open(String url, Path dataDir, StoreOptions options) {
        String u = url.trim();
        if (u.startsWith("jdbc:postgresql:")) {
            return postgres(u, null, null, options);
        }
        if (u.startsWith("postgres://") || u.startsWith("postgresql://")) {
            URI uri = URI.create(u);
            String user = null;
            String password = null;
            if (uri.getRawUserInfo() != null) {
                String[] parts = uri.getRawUserInfo().split(":", 2);
                user = URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
                password = parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : null;
            }
            String hostPort = uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
            String jdbc = "jdbc:postgresql://" + hostPort + uri.getRawPath()
                    + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            return postgres(jdbc, user, password, options);
        }
        String path = u.startsWith("sqlite:") ? u.substring("sqlite:".length()) : u;
        if (path.isBlank()) {
            throw new IllegalArgumentException("store URL is empty: give a file path or a postgres:// URL");
        }
        return sqlite(dataDir.resolve(path), options);
    }

    /** The embedded store in {@code file} (created with its directory if missing). */
    public static EventStore sqlite(Path file, StoreOptions options) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            return new ChainedEventStore(new SqliteBackend(file), options, file.toString());
        } catch (java.io.IOException | SQLException e) {
            throw new EventStoreException("cannot open event store " + file + ": " + e.getMessage(), e);
        }
    }

    /** The shared store in a PostgreSQL database; migrates its schema with Flyway first. */
    public static EventStore postgres(String jdbcUrl, String user, String password, StoreOptions options) {
        PostgresBackend backend = new PostgresBackend(jdbcUrl, user, password);
        return new ChainedEventStore(backend, options, backend.describe());
    }
}
