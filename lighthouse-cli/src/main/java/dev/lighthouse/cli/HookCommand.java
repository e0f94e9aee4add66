package dev.lighthouse.cli;

import dev.lighthouse.bridge.Bridge;
import dev.lighthouse.bridge.install.HookInstaller;
import dev.lighthouse.cli.config.ConfigKeys;
import dev.lighthouse.cli.config.Settings;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lighthouse hook install|uninstall}: puts the bridge into an agent's hook settings, or takes it out. */
@Command(
        name = "hook",
        mixinStandardHelpOptions = true,
        description =
                "Install or remove Lighthouse's hook in Claude Code, Codex CLI, Gemini CLI, OpenCode, GitHub Copilot CLI,"
                        + " Qwen Code or Cline.",
        subcommands = {HookCommand.Install.class, HookCommand.Uninstall.class})
final class HookCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(Lighthouse.out(spec));
    }

    /** The URL an agent on this machine calls for a bridge listening on {@code host}. */
    static String callableUrl(String host, int port) {
        String h = host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
        return "http://" + (h.contains(":") ? "[" + h + "]" : h) + ":" + port;
    }

    /**
     * The home the agents read their settings from: {@code $HOME}, as Claude Code, Codex and Gemini CLI use it; Java's
     * {@code user.home} comes from the password database and differs in containers, CI and under {@code sudo}.
     */
    static Path agentHome(Map<String, String> env) {
        String home = env.get("HOME");
        return home == null || home.isBlank() ? ConfigKeys.home() : Path.of(home);
    }

    /** Options both subcommands share. */
    static final class Target {
        @Option(
                names = "--agent",
                paramLabel = "AGENT",
                defaultValue = "claude-code",
                description =
                        "claude-code, codex, gemini, opencode, copilot, qwen or cline (default ${DEFAULT-VALUE}).")
        String agent;

        @Option(
                names = "--scope",
                paramLabel = "SCOPE",
                description = "project (the current directory's settings; default for Claude Code, Gemini,"
                        + " OpenCode, Qwen and Cline) or user (your home's; the only one for Codex, in $CODEX_HOME/hooks.json;"
                        + " default for Copilot, which runs a project's hooks only in folders you trusted).")
        String scope;

        @Option(
                names = "--dir",
                paramLabel = "DIR",
                description = "The project directory for --scope project (default: the current directory).")
        Path dir;

        HookInstaller.Agent agent() {
            try {
                return HookInstaller.Agent.parse(agent);
            } catch (IllegalArgumentException e) {
                throw new UserException("--agent " + agent + ": " + e.getMessage());
            }
        }

        HookInstaller.Scope scope(HookInstaller.Agent a) {
            if (scope == null) {
                return HookInstaller.defaultScope(a);
            }
            try {
                return ConfigKeys.enumParser(HookInstaller.Scope.class).apply(scope);
            } catch (IllegalArgumentException e) {
                throw new UserException("--scope " + scope + ": " + e.getMessage());
            }
        }

        HookInstaller installer(CommandSpec spec, Optional<String> url) {
            Settings settings = Lighthouse.settings(spec);
            ConfigKeys.Listen listen = settings.get(ConfigKeys.SERVER_LISTEN);
            Map<String, String> env = Lighthouse.env(spec);
            String bridgeUrl = url.orElseGet(() -> callableUrl(listen.host(), listen.port()));
            boolean remote = !loopback(host(bridgeUrl));
            boolean token = env.containsKey("LIGHTHOUSE_TOKEN");
            if (remote
                    && !token
                    && (agent() == HookInstaller.Agent.CLAUDE_CODE
                            || !Files.exists(settings.dataDir().resolve("hook-token")))) {
                // A bridge off this machine answers only with a token; a hook without one would block every call.
                throw new UserException(("%s is not on this machine, so the bridge there requires a token and the"
                                + " hook must send one: issue it on the bridge (`lighthouse agents add NAME`), then"
                                + " export LIGHTHOUSE_TOKEN=... here and where the agent runs, and install again")
                        .formatted(bridgeUrl));
            }
            return new HookInstaller(
                            settings.dataDir(),
                            bridgeUrl,
                            (dir == null ? Path.of("") : dir).toAbsolutePath(),
                            agentHome(env),
                            Optional.ofNullable(env.get("CODEX_HOME"))
                                    .filter(s -> !s.isBlank())
                                    .map(Path::of),
                            token || remote)
                    .environment(env);
        }

        /** A name this machine cannot resolve is somebody else's: treated as remote. */
        private static boolean loopback(String host) {
            try {
                return Bridge.isLoopback(host);
            } catch (IllegalArgumentException e) {
                return false;
            }
        }

        private static String host(String url) {
            try {
                String host = URI.create(url).getHost();
                if (host == null) {
                    throw new UserException("--url " + url + ": expected e.g. http://127.0.0.1:8765");
                }
                return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
            } catch (IllegalArgumentException e) {
                throw new UserException("--url " + url + ": " + e.getMessage());
            }
        }
    }

    @Command(
            name = "install",
            mixinStandardHelpOptions = true,
            description = {
                "Merge Lighthouse's hook into the agent's settings (a backup of the file is kept; installing again"
                        + " changes nothing).",
                "Claude Code calls the bridge over HTTP and blocks the tool call if the bridge is down or slow;"
                        + " Codex, Gemini and Copilot run a small sh + curl client that does the same, and OpenCode"
                        + " a plugin (.opencode/plugins/lighthouse.js).",
                "",
                "Example: lighthouse hook install --agent claude-code --scope project"
            })
    static final class Install implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @picocli.CommandLine.Mixin
        Target target = new Target();

        @Option(
                names = "--url",
                paramLabel = "URL",
                description = "The bridge's URL (default from server.listen, e.g. http://127.0.0.1:8765).")
        String url;

        @Option(
                names = "--transport",
                paramLabel = "KIND",
                defaultValue = "http",
                description = "Claude Code only: http (default) or command (the sh + curl client, for versions"
                        + " without HTTP hooks).")
        String transport;

        @Option(
                names = "--timeout",
                paramLabel = "SECONDS",
                description = "Claude Code's HTTP hook only: how long it waits for the bridge (10 to 600, default "
                        + HookInstaller.DEFAULT_CLAUDE_CODE_TIMEOUT_SECONDS
                        + "). Raise it when review routes hold calls (wait:); the bridge answers 5 s before.")
        Integer timeout;

        @Override
        public Integer call() {
            HookInstaller.Agent agent = target.agent();
            HookInstaller.Transport kind;
            try {
                kind = ConfigKeys.enumParser(HookInstaller.Transport.class).apply(transport);
            } catch (IllegalArgumentException e) {
                throw new UserException("--transport " + transport + ": " + e.getMessage());
            }
            HookInstaller.Result result;
            try {
                HookInstaller installer = target.installer(spec, Optional.ofNullable(url));
                if (timeout != null) {
                    if (agent != HookInstaller.Agent.CLAUDE_CODE || kind != HookInstaller.Transport.HTTP) {
                        throw new UserException("--timeout applies to Claude Code's HTTP hook only; the sh client"
                                + " Codex, Gemini and Copilot run gives up after 8 s by design, and the OpenCode"
                                + " plugin reads LIGHTHOUSE_HOOK_TIMEOUT");
                    }
                    installer = installer.claudeCodeTimeout(timeout);
                }
                result = installer.install(agent, target.scope(agent), kind);
            } catch (IllegalArgumentException e) {
                throw new UserException(e.getMessage());
            }
            PrintWriter out = Lighthouse.out(spec);
            out.printf(
                    "%s %s hook in %s%n",
                    result.changed() ? "Installed the" : "Already installed: the", agent.id(), result.settings());
            result.backup().ifPresent(b -> out.printf("  backup of the previous file: %s%n", b));
            result.script().ifPresent(s -> out.printf("  hook client: %s%n", s));
            return 0;
        }
    }

    @Command(name = "uninstall", mixinStandardHelpOptions = true, description = "Remove Lighthouse's hook again.")
    static final class Uninstall implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @picocli.CommandLine.Mixin
        Target target = new Target();

        @Override
        public Integer call() {
            HookInstaller.Agent agent = target.agent();
            HookInstaller.Result result;
            try {
                result = target.installer(spec, Optional.empty()).uninstall(agent, target.scope(agent));
            } catch (IllegalArgumentException e) {
                throw new UserException(e.getMessage());
            }
            PrintWriter out = Lighthouse.out(spec);
            out.printf(
                    "%s%s%n",
                    result.changed() ? "Removed the Lighthouse hook from " : "No Lighthouse hook in ",
                    result.settings());
            result.backup().ifPresent(b -> out.printf("  backup of the previous file: %s%n", b));
            return 0;
        }
    }
}
