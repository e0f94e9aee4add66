package dev.lighthouse.cli.config;

import dev.lighthouse.policy.yaml.DidYouMean;
import dev.lighthouse.policy.yaml.YamlNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The effective configuration: for every {@link ConfigKeys key} a typed value and where it came from.
 *
 * <p>Later sources win: built-in default, then the config file, then {@code LIGHTHOUSE_*} environment variables, then
 * command-line flags. Every value is parsed when the settings are loaded, so a bad value stops start-up with all
 * problems listed, each naming its key and source. Immutable and thread-safe.
 */
public final class Settings {

    /**
     * A resolved value, its text as YAML on one line ({@code [a.yaml, b.yaml]} for a list) and a human-readable
     * description of its source ("default", "environment variable LIGHTHOUSE_X", …).
     */
    public record Value(Object value, String text, String source) {}

    /** What the command line contributed: the explicit file, and {@code --set key=value} style overrides. */
    public record Flags(Optional<Path> configFile, Map<String, String> overrides) {
        public Flags {
            overrides = Map.copyOf(overrides);
        }

        public static Flags none() {
            return new Flags(Optional.empty(), Map.of());
        }
    }

    private final Map<String, Value> values;
    private final Optional<Path> file;
    private final List<String> warnings;

    private Settings(Map<String, Value> values, Optional<Path> file, List<String> warnings) {
        this.values = values;
        this.file = file;
        this.warnings = List.copyOf(warnings);
    }

    /**
     * Resolves the configuration.
     *
     * @param env the process environment (passed in so tests can give their own)
     * @param workingDir the directory the command runs in (no configuration is read from it unless named)
     */
    public static Settings load(Flags flags, Map<String, String> env, Path workingDir) {
        List<String> problems = new ArrayList<>();
        for (String key : flags.overrides().keySet()) {
            if (!ConfigKeys.BY_NAME.containsKey(key)) {
                problems.add("flag --set %s: unknown key `%s`%s"
                        .formatted(key, key, DidYouMean.suggest(key, ConfigKeys.BY_NAME.keySet(), '`')));
            }
        }
        Optional<Path> file = locateFile(flags, env, workingDir);
        Map<String, ConfigFile.Entry> fromFile = file.map(ConfigFile::read).orElse(Map.of());

        Map<String, Value> values = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        for (ConfigKey<?> key : ConfigKeys.ALL) {
            String source = "default";
            Supplier<ConfigValues.Read> read = () -> ConfigValues.fromText(key, key.defaultValue());
            String raw = key.defaultValue();
            ConfigFile.Entry entry = fromFile.get(key.name());
            if (entry != null) {
                source = "%s:%d:%d".formatted(file.orElseThrow(), entry.line(), entry.column());
                read = () -> ConfigValues.fromNode(key, entry.value());
                raw = entry.value() instanceof YamlNode.Scalar s
                        ? s.value()
                        : entry.value().describe();
            }
            String envVar = envVarFor(key, env);
            if (envVar != null) {
                String text = env.get(envVar);
                source = "environment variable " + envVar;
                read = () -> ConfigValues.fromText(key, text);
                raw = text;
            }
            if (flags.overrides().containsKey(key.name())) {
                String text = flags.overrides().get(key.name());
                source = "flag";
                read = () -> ConfigValues.fromText(key, text);
                raw = text;
            }
            try {
                ConfigValues.Read value = read.get();
                values.put(key.name(), new Value(key.parser().apply(value.value()), value.text(), source));
                String at = source;
                value.newForm()
                        .ifPresent(form -> warnings.add("%s: %s: this flat form is deprecated; write it as %s"
                                .formatted(at, key.name(), form)));
            } catch (IllegalArgumentException e) {
                problems.add("%s: %s=%s: %s"
                        .formatted(source, key.name(), ConfigKeys.display(key.name(), raw), e.getMessage()));
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(String.join(System.lineSeparator(), problems));
        }
        return new Settings(Map.copyOf(values), file, warnings);
    }

    /** {@code LIGHTHOUSE_HOME} predates the generic naming and is what users know, so it also sets the data dir. */
    private static String envVarFor(ConfigKey<?> key, Map<String, String> env) {
        if (env.containsKey(key.envVar())) {
            return key.envVar();
        }
        if (key == ConfigKeys.DATA_DIR && env.containsKey("LIGHTHOUSE_HOME")) {
            return "LIGHTHOUSE_HOME";
        }
        return null;
    }

    /**
     * {@code --config}, then {@code $LIGHTHOUSE_CONFIG}, then the data dir's {@code lighthouse.yaml}. Never the working
     * directory's unless named: an agent may write files there, and the file chooses policies, reviewers and the
     * endpoints every call is sent to. A file that another user owns or may write is refused for the same reason.
     */
    private static Optional<Path> locateFile(Flags flags, Map<String, String> env, Path workingDir) {
        return findFile(flags, env).map(Settings::requireTrusted);
    }

    private static Optional<Path> findFile(Flags flags, Map<String, String> env) {
        if (flags.configFile().isPresent()) {
            return Optional.of(mustExist(flags.configFile().get(), "--config"));
        }
        String fromEnv = env.get("LIGHTHOUSE_CONFIG");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Optional.of(mustExist(ConfigKeys.path(fromEnv), "LIGHTHOUSE_CONFIG"));
        }
        Path dataDir = ConfigKeys.path(Optional.ofNullable(flags.overrides().get(ConfigKeys.DATA_DIR.name()))
                .or(() -> Optional.ofNullable(env.get(ConfigKeys.DATA_DIR.envVar())))
                .or(() -> Optional.ofNullable(env.get("LIGHTHOUSE_HOME")))
                .orElse(ConfigKeys.DATA_DIR.defaultValue()));
        Path inDataDir = dataDir.resolve("lighthouse.yaml");
        return Files.isRegularFile(inDataDir) ? Optional.of(inDataDir) : Optional.empty();
    }

    private static Path requireTrusted(Path file) {
        try {
            if (!Files.getFileStore(file).supportsFileAttributeView("posix")) {
                return file;
            }
            UserPrincipal owner = Files.getOwner(file);
            UserPrincipal me = file.getFileSystem()
                    .getUserPrincipalLookupService()
                    .lookupPrincipalByName(System.getProperty("user.name"));
            if (!owner.equals(me)) {
                throw new ConfigException("%s: config file is owned by %s, not by %s who runs Lighthouse; refused"
                        .formatted(file, owner.getName(), me.getName()));
            }
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
            if (mode.contains(PosixFilePermission.GROUP_WRITE) || mode.contains(PosixFilePermission.OTHERS_WRITE)) {
                throw new ConfigException(
                        "%s: config file is writable by other users (mode %s); refused. Run `chmod go-w %s`"
                                .formatted(file, PosixFilePermissions.toString(mode), file));
            }
            return file;
        } catch (IOException e) {
            throw new ConfigException(
                    "%s: cannot check the config file's owner and mode: %s".formatted(file, e.getMessage()));
        }
    }

    private static Path mustExist(Path path, String from) {
        if (!Files.isRegularFile(path)) {
            throw new ConfigException("%s: config file named by %s does not exist".formatted(path, from));
        }
        return path;
    }

    public <T> T get(ConfigKey<T> key) {
        @SuppressWarnings("unchecked")
        T value = (T) values.get(key.name()).value();
        return value;
    }

    /** Every key with its effective value and source, in documentation order. */
    public Map<String, Value> describe() {
        Map<String, Value> ordered = new LinkedHashMap<>();
        ConfigKeys.ALL.forEach(k -> ordered.put(k.name(), values.get(k.name())));
        return ordered;
    }

    /**
     * Values that were read but should be written differently: each names where it came from, the key and the form
     * to write instead ({@code lighthouse.yaml:4:3: limits.rates: this flat form is deprecated; write it as
     * `{agent: 500}`}).
     */
    public List<String> warnings() {
        return warnings;
    }

    /** The config file that was read, if any. */
    public Optional<Path> file() {
        return file;
    }

    public Path dataDir() {
        return get(ConfigKeys.DATA_DIR).toAbsolutePath().normalize();
    }
}
