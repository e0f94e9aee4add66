package dev.lighthouse.events.integrity;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The keys events are signed and verified with: one active key signs, every key verifies, so events signed
 * before a rotation stay verifiable.
 *
 * <p>A key file is JSON, readable by its owner only (mode 0600):
 * {@code {"active": "k3f9…", "keys": [{"id": "k3f9…", "created": "2026-11-23T09:00:00Z", "secret": "<base64>"}]}}.
 * {@link #loadOrCreate} generates the file with one fresh 256-bit key on first start; {@link #rotate} adds a key
 * and makes it active. Immutable and thread-safe.
 */
public final class Keyring {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final Map<String, Key> keys;
    private final Key active;

    private Keyring(List<Key> keys, Key active) {
        Map<String, Key> byId = new LinkedHashMap<>();
        for (Key k : keys) {
            byId.put(k.id(), k);
        }
        this.keys = Map.copyOf(byId);
        this.active = requireNonNull(active, "active");
        if (!this.keys.containsKey(active.id())) {
            throw new IllegalArgumentException("the active key " + active.id() + " is not in the keyring");
        }
    }

    /** A keyring of one key given as base64 (e.g. from configuration or an environment variable). */
    public static Keyring ofSecret(String base64) {
        byte[] secret;
        try {
            secret = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "an event key is base64 (e.g. `openssl rand -base64 32`): " + e.getMessage());
        }
        Key key = new Key(secret, Instant.EPOCH);
        return new Keyring(List.of(key), key);
    }

    /** Reads the key file, or creates it with one new key if it does not exist yet. */
    public static Keyring loadOrCreate(Path file, Clock clock) {
        if (Files.exists(file)) {
            return load(file);
        }
        Keyring fresh = of(generate(clock.instant()));
        try {
            fresh.write(file, false);
        } catch (FileAlreadyExistsException e) {
            return load(file); // another process created it first: use theirs, never two keys
        }
        return fresh;
    }

    /** Reads a key file; refuses one that others may read. */
    public static Keyring load(Path file) {
        checkPermissions(file);
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file));
        } catch (IOException | JacksonException e) {
            throw new IllegalArgumentException("cannot read key file " + file + ": " + e.getMessage(), e);
        }
        List<Key> keys = new ArrayList<>();
        for (JsonNode k : root.path("keys")) {
            Key key;
            try {
                key = new Key(
                        Base64.getDecoder().decode(k.path("secret").asString()),
                        Instant.parse(k.path("created").asString()));
            } catch (IllegalArgumentException | java.time.DateTimeException e) {
                throw new IllegalArgumentException(
                        "key file %s: key %s: %s".formatted(file, k.path("id").asString(), e.getMessage()), e);
            }
            if (!key.id().equals(k.path("id").asString())) {
                throw new IllegalArgumentException(
                        "key file %s: key %s has a secret whose id is %s; the file was edited"
                                .formatted(file, k.path("id").asString(), key.id()));
            }
            keys.add(key);
        }
        String activeId = root.path("active").asString();
        Key active = keys.stream()
                .filter(k -> k.id().equals(activeId))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "key file %s: the active key \"%s\" is not among its keys".formatted(file, activeId)));
        return new Keyring(keys, active);
    }

    static Keyring of(Key key) {
        return new Keyring(List.of(key), key);
    }

    /**
     * Adds a fresh key to the key file and makes it active; older keys stay for verification. Running stores sign
     * with the new key after they restart.
     */
    public static Keyring rotate(Path file, Clock clock) {
        Keyring current = load(file);
        List<Key> all = new ArrayList<>(current.keys.values());
        all.sort((a, b) -> a.created().compareTo(b.created()));
        Key fresh = generate(clock.instant());
        all.add(fresh);
        Keyring rotated = new Keyring(all, fresh);
        try {
            rotated.write(file, true);
        } catch (FileAlreadyExistsException e) {
            throw new IllegalStateException("unreachable: replacing is allowed", e);
        }
        return rotated;
    }

    public Key active() {
        return active;
    }

    public Optional<Key> key(String id) {
        return Optional.ofNullable(keys.get(id));
    }

    /** Ids of every key, for messages. */
    public Set<String> ids() {
        return keys.keySet();
    }

    private static Key generate(Instant now) {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return new Key(secret, now);
    }

    private void write(Path file, boolean replace) throws FileAlreadyExistsException {
        ObjectNode root = JSON.createObjectNode();
        root.put("active", active.id());
        ArrayNode list = root.putArray("keys");
        keys.values().stream()
                .sorted((a, b) -> a.created().compareTo(b.created()))
                .forEach(k -> list.addObject()
                        .put("id", k.id())
                        .put("created", k.created().toString())
                        .put("secret", Base64.getEncoder().encodeToString(k.secret())));
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".keys", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            Files.writeString(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
            try (var ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            if (replace) {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } else {
                try {
                    // A hard link fails if the file exists: two processes starting at once keep one key.
                    Files.createLink(file, tmp);
                } finally {
                    Files.delete(tmp);
                }
            }
        } catch (FileAlreadyExistsException e) {
            throw e;
        } catch (AtomicMoveNotSupportedException e) {
            throw new IllegalStateException("cannot replace key file " + file + " atomically: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write key file " + file + ": " + e.getMessage(), e);
        }
    }

    private static void checkPermissions(Path file) {
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (view == null) {
            return; // not a POSIX file system: nothing to check
        }
        try {
            Set<PosixFilePermission> perms = view.readAttributes().permissions();
            Set<PosixFilePermission> extra = new java.util.HashSet<>(perms);
            extra.removeAll(OWNER_ONLY);
            if (!extra.isEmpty()) {
                throw new IllegalArgumentException("key file %s is readable by others (mode %s); run chmod 600 %s"
                        .formatted(file, PosixFilePermissions.toString(perms), file));
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read key file " + file + ": " + e.getMessage(), e);
        }
    }
}
