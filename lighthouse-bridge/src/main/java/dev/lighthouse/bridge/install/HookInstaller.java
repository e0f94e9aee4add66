package dev.lighthouse.bridge.install;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Puts Lighthouse's hook into an agent's settings, and takes it out again.
 *
 * <p>Claude Code gets an {@code http} hook on every tool with {@code onFailure: "block"} and a short timeout, so a
 * bridge that is down or slow blocks the call. Codex, Gemini CLI, GitHub Copilot CLI and Qwen Code get a command hook
 * that runs the POSIX shell client ({@code lighthouse-hook.sh}, written into the data dir), which uses curl and blocks
 * the call when the bridge cannot be reached (Codex, Gemini and Copilot have no HTTP hooks; Qwen's let the call run
 * when the bridge is down); Cline gets the same client in a hook file of Lighthouse's own
 * ({@code .cline/hooks/PreToolUse}). OpenCode gets a plugin of Lighthouse's own ({@code .opencode/plugins/lighthouse.js})
 * that does the same from inside OpenCode. No JVM starts per tool call.
 *
 * <p>Installing merges into the existing JSON settings: other keys and other hooks stay as they are; an earlier
 * Lighthouse entry is replaced, so installing twice changes nothing. Before a settings file is changed it is copied
 * to {@code <file>.lighthouse-backup}.
 */
public final class HookInstaller {
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final String SCRIPT = "lighthouse-hook.sh";
    /** Copilot CLI's hooks file of Lighthouse's own, in a {@code hooks/} directory Copilot reads every file of. */
    private static final String COPILOT_HOOKS = "lighthouse.json";
    /** Seconds an agent waits for the hook: well above a decision, well below a person's patience. */
    static final int TIMEOUT_SECONDS = 10;
    /**
     * Seconds Claude Code waits for its HTTP hook unless {@link #claudeCodeTimeout} says otherwise: room for a held
     * review of a route with a short {@code wait}, while a hung bridge blocks the call after half a minute. An
     * unreachable bridge fails closed at once either way.
     */
    public static final int DEFAULT_CLAUDE_CODE_TIMEOUT_SECONDS = 30;
    /** Claude Code's own default and ceiling for a hook's timeout. */
    public static final int MAX_TIMEOUT_SECONDS = 600;
    /** The header by which a hook tells the bridge how long it may be held; the shell client sends it too. */
    public static final String MAX_WAIT_HEADER = "Lighthouse-Max-Wait";
    /** The header by which a hook sends the agent's {@code $HOME}, so the bridge resolves {@code ~} as the agent does. */
    public static final String HOME_HEADER = "Lighthouse-Home";
    /**
     * The header by which a hook sends the agent's project root, found where the agent runs (the bridge may be on
     * another machine, so it never looks on its own disk).
     */
    public static final String PROJECT_HEADER = "Lighthouse-Project";
    /** Claude Code's hook event after a tool ran, and how long that hook may take (it only informs). */
    static final String RAN_EVENT = "PostToolUse";

    private static final int RAN_TIMEOUT_SECONDS = 5;

    /** The agents Lighthouse can hook into. */
    public enum Agent {
        CLAUDE_CODE("claude-code", "PreToolUse"),
        CODEX("codex", "PreToolUse"),
        GEMINI("gemini", "BeforeTool"),
        OPENCODE("opencode", "tool.execute.before"),
        COPILOT("copilot", "preToolUse"),
        QWEN("qwen", "PreToolUse"),
        CLINE("cline", "PreToolUse");

        final String id;
        final String event;

        Agent(String id, String event) {
            this.id = id;
            this.event = event;
        }

        public String id() {
            return id;
        }

        public static Agent parse(String text) {
            for (Agent a : values()) {
                if (a.id.equals(text.trim().toLowerCase(Locale.ROOT))) {
                    return a;
                }
            }
            throw new IllegalArgumentException(
                    "unknown agent `%s`: expected claude-code, codex, gemini, opencode, copilot, qwen or cline"
                            .formatted(text));
        }
    }

    /** Whose settings: the project's (checked in) or the user's. */
    public enum Scope {
        PROJECT,
        USER
    }

    /** How Claude Code calls the bridge; Codex and Gemini always use the shell client. */
    public enum Transport {
        HTTP,
        COMMAND
    }

    /** What an install or uninstall did. */
    public record Result(Path settings, boolean changed, Optional<Path> backup, Optional<Path> script) {
        /** {@code settings} was left as it was (already as asked); {@code script} is the hook client, if any. */
        static Result unchanged(Path settings, Optional<Path> script) {
            return new Result(settings, false, Optional.empty(), script);
        }

        /** {@code settings} was written; {@code backup} holds what it was before, if it existed. */
        static Result changed(Path settings, Optional<Path> backup, Optional<Path> script) {
            return new Result(settings, true, backup, script);
        }

        Result withScript(Path value) {
            return new Result(settings, changed, backup, Optional.of(value));
        }
    }

    private final Path dataDir;
    private final String bridgeUrl;
    private final Path projectDir;
    private final Path home;
    private final Optional<Path> codexHome;
    private final boolean tokenHeader;
    private final int claudeCodeTimeoutSeconds;
    /** The agents' own variables for where they keep settings: {@code COPILOT_HOME}, {@code XDG_CONFIG_HOME}. */
    private final Map<String, String> env;

    /**
     * @param bridgeUrl e.g. {@code http://127.0.0.1:8765}
     * @param codexHome {@code $CODEX_HOME} if set
     * @param tokenHeader whether Claude Code's HTTP hook sends {@code Authorization: Bearer $LIGHTHOUSE_TOKEN}
     */
    public HookInstaller(
            Path dataDir, String bridgeUrl, Path projectDir, Path home, Optional<Path> codexHome, boolean tokenHeader) {
        this.dataDir = requireNonNull(dataDir, "dataDir");
        this.bridgeUrl = requireNonNull(bridgeUrl, "bridgeUrl").replaceAll("/+$", "");
        this.projectDir = requireNonNull(projectDir, "projectDir");
        this.home = requireNonNull(home, "home");
        this.codexHome = requireNonNull(codexHome, "codexHome");
        this.tokenHeader = tokenHeader;
        this.claudeCodeTimeoutSeconds = DEFAULT_CLAUDE_CODE_TIMEOUT_SECONDS;
        this.env = Map.of();
    }

    private HookInstaller(HookInstaller base, int claudeCodeTimeoutSeconds) {
        this.dataDir = base.dataDir;
        this.bridgeUrl = base.bridgeUrl;
        this.projectDir = base.projectDir;
        this.home = base.home;
        this.codexHome = base.codexHome;
        this.tokenHeader = base.tokenHeader;
        this.claudeCodeTimeoutSeconds = claudeCodeTimeoutSeconds;
        this.env = base.env;
    }

    private HookInstaller(HookInstaller base, Map<String, String> env) {
        this.dataDir = base.dataDir;
        this.bridgeUrl = base.bridgeUrl;
        this.projectDir = base.projectDir;
        this.home = base.home;
        this.codexHome = base.codexHome;
        this.tokenHeader = base.tokenHeader;
        this.claudeCodeTimeoutSeconds = base.claudeCodeTimeoutSeconds;
        this.env = Map.copyOf(env);
    }

    /**
     * The same installer reading {@code COPILOT_HOME}, {@code XDG_CONFIG_HOME}, {@code QWEN_HOME} and {@code CLINE_DIR}
     * from {@code env}, as Copilot CLI, OpenCode, Qwen Code and Cline do for their user-level settings ({@code
     * ~/.copilot}, {@code ~/.config}, {@code ~/.qwen}, {@code ~/.cline} otherwise).
     */
    public HookInstaller environment(Map<String, String> env) {
        Map<String, String> known = new HashMap<>();
        for (String name : List.of("COPILOT_HOME", "XDG_CONFIG_HOME", "QWEN_HOME", "CLINE_DIR")) {
            String value = env.get(name);
            if (value != null && !value.isBlank()) {
                known.put(name, value);
            }
        }
        return new HookInstaller(this, known);
    }

    /**
     * The same installer with Claude Code's HTTP hook waiting {@code seconds}: raise it when review routes hold calls
     * longer ({@code wait}); the hook tells the bridge to answer 5 s before it gives up.
     *
     * @throws IllegalArgumentException outside 10 to 600 seconds
     */
    public HookInstaller claudeCodeTimeout(int seconds) {
        if (seconds < 10 || seconds > MAX_TIMEOUT_SECONDS) {
            throw new IllegalArgumentException(
                    "--timeout must be 10 to %d seconds, got %d".formatted(MAX_TIMEOUT_SECONDS, seconds));
        }
        return new HookInstaller(this, seconds);
    }

    /** Where the agent reads hooks for {@code scope}. @throws IllegalArgumentException Codex at project scope */
    public Path settingsFile(Agent agent, Scope scope) {
        return switch (agent) {
            case CLAUDE_CODE -> (scope == Scope.PROJECT ? projectDir : home).resolve(".claude/settings.json");
            case GEMINI -> (scope == Scope.PROJECT ? projectDir : home).resolve(".gemini/settings.json");
            case OPENCODE ->
                (scope == Scope.PROJECT
                                ? projectDir.resolve(".opencode")
                                : userDir("XDG_CONFIG_HOME", ".config").resolve("opencode"))
                        .resolve("plugins")
                        .resolve(OwnFile.PLUGIN);
            case COPILOT ->
                (scope == Scope.PROJECT ? projectDir.resolve(".github") : userDir("COPILOT_HOME", ".copilot"))
                        .resolve("hooks")
                        .resolve(COPILOT_HOOKS);
            case QWEN ->
                (scope == Scope.PROJECT ? projectDir.resolve(".qwen") : userDir("QWEN_HOME", ".qwen"))
                        .resolve("settings.json");
            case CLINE ->
                (scope == Scope.PROJECT ? projectDir.resolve(".cline") : userDir("CLINE_DIR", ".cline"))
                        .resolve("hooks")
                        .resolve("PreToolUse");
            case CODEX -> {
                if (scope == Scope.PROJECT) {
                    throw new IllegalArgumentException(
                            "Codex reads hooks from $CODEX_HOME/hooks.json only; use --scope user");
                }
                yield codexHome.orElse(home.resolve(".codex")).resolve("hooks.json");
            }
        };
    }

    private Path userDir(String variable, String underHome) {
        return Optional.ofNullable(env.get(variable)).map(Path::of).orElse(home.resolve(underHome));
    }

    /**
     * The scope used when none is given: project for Claude Code, Gemini, OpenCode, Qwen and Cline; user for Codex (the
     * only one it reads) and Copilot (it runs a project's hooks only in folders the user trusted, and skips them
     * silently elsewhere).
     */
    public static Scope defaultScope(Agent agent) {
        return agent == Agent.CODEX || agent == Agent.COPILOT ? Scope.USER : Scope.PROJECT;
    }

    public Result install(Agent agent, Scope scope, Transport transport) {
        Path file = settingsFile(agent, scope);
        if (agent == Agent.OPENCODE) {
            return OwnFile.OPENCODE.install(file, OwnFile.openCodePlugin(bridgeUrl, dataDir.resolve("hook-token")));
        }
        if (agent == Agent.CLINE) {
            Path script = writeScript();
            Result result = OwnFile.CLINE.install(file, OwnFile.clineHook(shellQuote(script.toString())));
            return result.withScript(script);
        }
        if (agent == Agent.COPILOT) {
            return installCopilot(file, writeScript());
        }
        Optional<Path> script = Optional.empty();
        if (agent != Agent.CLAUDE_CODE || transport == Transport.COMMAND) {
            script = Optional.of(writeScript());
        }
        ObjectNode settings = read(file);
        ObjectNode updated = settings.deepCopy();
        ArrayNode groups = groups(updated, agent);
        removeOurs(groups);
        groups.add(group(agent, transport, script));
        if (agent == Agent.CLAUDE_CODE && transport == Transport.HTTP) {
            ArrayNode ran = groups(updated, RAN_EVENT);
            removeOurs(ran);
            ran.add(ranGroup());
        }
        return write(file, settings, updated, script);
    }

    public Result uninstall(Agent agent, Scope scope) {
        Path file = settingsFile(agent, scope);
        if (!Files.exists(file)) {
            return Result.unchanged(file, Optional.empty());
        }
        if (agent == Agent.OPENCODE) {
            return OwnFile.OPENCODE.uninstall(file);
        }
        if (agent == Agent.CLINE) {
            return OwnFile.CLINE.uninstall(file);
        }
        if (agent == Agent.COPILOT) {
            return uninstallCopilot(file);
        }
        ObjectNode settings = read(file);
        ObjectNode updated = settings.deepCopy();
        for (String event : agent == Agent.CLAUDE_CODE ? List.of(agent.event, RAN_EVENT) : List.of(agent.event)) {
            ArrayNode groups = groups(updated, event);
            removeOurs(groups);
            if (groups.isEmpty()) {
                ((ObjectNode) updated.get("hooks")).remove(event);
            }
        }
        if (updated.get("hooks").isEmpty()) {
            updated.remove("hooks");
        }
        return write(file, settings, updated, Optional.empty());
    }

    /**
     * Claude Code's PostToolUse hook: tells the bridge a call ran, so a call its user was asked about is recorded as
     * run (or, when no run follows, as refused or abandoned). It informs only: nothing it sends can approve a review.
     */
    private JsonNode ranGroup() {
        return HookEntry.tree(new HookEntry.Group(
                Optional.of("*"),
                List.of(HookEntry.Handler.http(
                        bridgeUrl + "/v1/hooks/claude-code/ran",
                        RAN_TIMEOUT_SECONDS,
                        Optional.empty(),
                        headers(Optional.empty()),
                        allowedEnvVars()))));
    }

    /**
     * The headers by which Claude Code's HTTP hooks send the agent's home and project (and, when asked, its token),
     * filled from the variables they are allowed to read.
     */
    private HookEntry.Headers headers(Optional<String> maxWait) {
        return new HookEntry.Headers(
                maxWait,
                "$HOME",
                "$CLAUDE_PROJECT_DIR",
                tokenHeader ? Optional.of("Bearer $LIGHTHOUSE_TOKEN") : Optional.empty());
    }

    private List<String> allowedEnvVars() {
        return tokenHeader
                ? List.of("HOME", "CLAUDE_PROJECT_DIR", "LIGHTHOUSE_TOKEN")
                : List.of("HOME", "CLAUDE_PROJECT_DIR");
    }

    /**
     * Copilot CLI reads every {@code hooks/*.json}: a file of Lighthouse's own, {@code {"version": 1, "hooks":
     * {"preToolUse": [handlers]}}}, whose handlers are flat ({@code type}, {@code bash}, {@code timeoutSec}). A
     * handler a user added to it stays.
     */
    private static Result installCopilot(Path file, Path script) {
        ObjectNode settings = read(file);
        ObjectNode updated = settings.deepCopy();
        if (!updated.has("version")) {
            updated.put("version", 1);
        }
        ArrayNode handlers = groups(updated, Agent.COPILOT);
        removeOurHandlers(handlers);
        handlers.add(HookEntry.tree(HookEntry.Handler.copilot(
                "sh " + shellQuote(script.toString()) + " " + Agent.COPILOT.id, TIMEOUT_SECONDS)));
        return write(file, settings, updated, Optional.of(script));
    }

    /** Removes Lighthouse's handler; a file left with nothing but its version is removed too (after a backup). */
    private static Result uninstallCopilot(Path file) {
        ObjectNode settings = read(file);
        ObjectNode updated = settings.deepCopy();
        ArrayNode handlers = groups(updated, Agent.COPILOT);
        removeOurHandlers(handlers);
        if (handlers.isEmpty()) {
            ObjectNode hooks = (ObjectNode) updated.get("hooks");
            hooks.remove(Agent.COPILOT.event);
            if (hooks.isEmpty()) {
                updated.remove("hooks");
            }
        }
        if (!Set.of("version").containsAll(updated.propertyNames())) {
            return write(file, settings, updated, Optional.empty());
        }
        try {
            Path backup = file.resolveSibling(file.getFileName() + ".lighthouse-backup");
            Files.copy(file, backup, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
            Files.delete(file);
            return Result.changed(file, Optional.of(backup), Optional.empty());
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot remove the hook file", e);
        }
    }

    /** The shell client in the data dir, with this bridge's URL and token file as defaults. */
    public Path writeScript() {
        Path target = dataDir.resolve("hooks").resolve(SCRIPT);
        String text = template()
                .replace("@URL@", bridgeUrl)
                .replace("@TOKEN_FILE@", dataDir.resolve("hook-token").toString());
        try {
            Files.createDirectories(target.getParent());
            if (!Files.exists(target) || !Files.readString(target).equals(text)) {
                Files.writeString(target, text);
            }
            try {
                Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
            } catch (UnsupportedOperationException e) {
                target.toFile().setExecutable(true);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(target + ": cannot write the hook client", e);
        }
    }

    private JsonNode group(Agent agent, Transport transport, Optional<Path> script) {
        Optional<String> matcher = switch (agent) {
            case CLAUDE_CODE, QWEN -> Optional.of("*");
            case GEMINI -> Optional.of(".*");
            case CODEX -> Optional.empty(); // every tool
            case OPENCODE, COPILOT, CLINE ->
                throw new IllegalStateException(agent + " has no settings groups: it is installed by its own file");
        };
        Optional<String> block = agent == Agent.CLAUDE_CODE ? Optional.of("block") : Optional.empty();
        HookEntry.Handler handler = agent == Agent.CLAUDE_CODE && transport == Transport.HTTP
                ? HookEntry.Handler.http(
                        bridgeUrl + "/v1/hooks/claude-code",
                        claudeCodeTimeoutSeconds,
                        block,
                        headers(Optional.of(Integer.toString(claudeCodeTimeoutSeconds - 5))),
                        allowedEnvVars())
                : HookEntry.Handler.command(
                        "sh " + shellQuote(script.orElseThrow().toString()) + " " + agent.id,
                        agent == Agent.GEMINI ? TIMEOUT_SECONDS * 1000 : TIMEOUT_SECONDS,
                        block);
        if (agent == Agent.CLAUDE_CODE) {
            handler = handler.withStatusMessage("Lighthouse");
        }
        return HookEntry.tree(new HookEntry.Group(matcher, List.of(handler)));
    }

    private static ArrayNode groups(ObjectNode settings, Agent agent) {
        return groups(settings, agent.event);
    }

    private static ArrayNode groups(ObjectNode settings, String event) {
        JsonNode hooks = settings.get("hooks");
        if (hooks == null || !hooks.isObject()) {
            hooks = settings.putObject("hooks");
        }
        JsonNode groups = hooks.get(event);
        if (groups == null || !groups.isArray()) {
            groups = ((ObjectNode) hooks).putArray(event);
        }
        return (ArrayNode) groups;
    }

    /** Removes every handler Lighthouse installed, and groups left without handlers. */
    private static void removeOurs(ArrayNode groups) {
        for (Iterator<JsonNode> g = groups.iterator(); g.hasNext(); ) {
            JsonNode group = g.next();
            JsonNode handlers = group.get("hooks");
            if (handlers == null || !handlers.isArray()) {
                continue;
            }
            boolean removed = removeOurHandlers((ArrayNode) handlers);
            if (removed && handlers.isEmpty()) {
                g.remove();
            }
        }
    }

    /** Removes the handlers Lighthouse installed from one list; whether there were any. */
    private static boolean removeOurHandlers(ArrayNode handlers) {
        boolean removed = false;
        for (Iterator<JsonNode> h = handlers.iterator(); h.hasNext(); ) {
            JsonNode handler = h.next();
            if (handler.path("url").asString("").contains("/v1/hooks/")
                    || handler.path("command").asString("").contains(SCRIPT)
                    || handler.path("bash").asString("").contains(SCRIPT)) {
                h.remove();
                removed = true;
            }
        }
        return removed;
    }

    private static ObjectNode read(Path file) {
        if (!Files.exists(file)) {
            return JsonNodeFactory.instance.objectNode();
        }
        try {
            String text = Files.readString(file);
            if (text.isBlank()) {
                return JsonNodeFactory.instance.objectNode();
            }
            JsonNode node = JSON.readTree(text);
            if (!node.isObject()) {
                throw new IllegalArgumentException(file + ": expected a JSON object of settings");
            }
            return (ObjectNode) node;
        } catch (JacksonException e) {
            throw new IllegalArgumentException("%s: not valid JSON (%s); fix or move it, then install again"
                    .formatted(file, e.getOriginalMessage()));
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read settings", e);
        }
    }

    private static Result write(Path file, ObjectNode before, ObjectNode after, Optional<Path> script) {
        if (before.equals(after) && Files.exists(file)) {
            return Result.unchanged(file, script);
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Optional<Path> backup = Optional.empty();
            if (Files.exists(file)) {
                Path copy = file.resolveSibling(file.getFileName() + ".lighthouse-backup");
                Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                backup = Optional.of(copy);
            }
            Path tmp = file.resolveSibling(file.getFileName() + ".lighthouse-tmp");
            Files.writeString(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(after) + "\n");
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return Result.changed(file, backup, script);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot write settings", e);
        }
    }

    private static String shellQuote(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }

    private static String template() {
        try (InputStream in = HookInstaller.class.getResourceAsStream(SCRIPT)) {
            if (in == null) {
                throw new IllegalStateException(SCRIPT + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
