package dev.lighthouse.cli;

import dev.lighthouse.cli.config.ConfigException;
import dev.lighthouse.cli.config.ConfigKeys;
import dev.lighthouse.cli.config.Settings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code lighthouse} command. Subcommands are one class each; they reach the effective configuration through
 * {@link #settings(CommandSpec)}.
 *
 * <p>Exit codes: 0 success, 1 the command failed, 2 usage or configuration error; subcommands may document more.
 */
@Command(
        name = "lighthouse",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        header = "Safety and coordination bridge for fleets of AI coding agents.",
        description = {
            "Every tool call an agent is about to make reaches Lighthouse through the agent's hook; Lighthouse"
                    + " decides allow, review or deny under a versioned policy and records the decision.",
            ""
        },
        footer = {
            "",
            "Configuration comes from lighthouse.yaml (--config, $LIGHTHOUSE_CONFIG, or the data dir's, by default"
                    + " ~/.lighthouse/lighthouse.yaml; never the working directory's unless named), overridden by"
                    + " LIGHTHOUSE_* environment variables and flags."
                    + " See `lighthouse config show` and docs/configuration.md."
        },
        subcommands = {
            ConfigCommand.class,
            CompletionCommand.class,
            AnalyseCommand.class,
            EventsCommand.class,
            CheckCommand.class,
            PolicyCommand.class,
            ServeCommand.class,
            AgentsCommand.class,
            ReviewCommand.class,
            HookCommand.class,
            LoadCommand.class,
            MountCommand.class,
            UmountCommand.class,
            McpCommand.class
        })
public final class Lighthouse implements Runnable {
    static final int EXIT_USAGE = 2;

    @Spec
    CommandSpec spec;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            scope = ScopeType.INHERIT,
            description = "Configuration file to read (default: $LIGHTHOUSE_CONFIG, else the data dir's lighthouse.yaml"
                    + " if it exists; a file in the working directory is read only when named here).")
    Path configFile;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            scope = ScopeType.INHERIT,
            description = "Data directory (default ~/.lighthouse, or $LIGHTHOUSE_HOME).")
    Path dataDir;

    @Option(
            names = "--log-format",
            paramLabel = "FORMAT",
            scope = ScopeType.INHERIT,
            description = "Log format on standard error: text or json.")
    String logFormat;

    @Option(
            names = {"-D", "--set"},
            paramLabel = "KEY=VALUE",
            scope = ScopeType.INHERIT,
            description = "Override any configuration key, e.g. --set log.level=debug.")
    Map<String, String> overrides = new LinkedHashMap<>();

    private Settings settings;

    private Map<String, String> env = Map.of();

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, as {@link #main} runs it; tests call {@code execute} on it. */
    public static CommandLine commandLine() {
        return commandLine(System.getenv(), Path.of("").toAbsolutePath());
    }

    static CommandLine commandLine(Map<String, String> env, Path workingDir) {
        Lighthouse root = new Lighthouse();
        root.env = Map.copyOf(env);
        CommandLine cmd = new CommandLine(root);
        cmd.setCaseInsensitiveEnumValuesAllowed(true);
        cmd.setExecutionStrategy(parseResult -> {
            Integer help = CommandLine.executeHelpRequest(parseResult);
            if (help != null) {
                return help;
            }
            root.init(env, workingDir);
            try {
                return new CommandLine.RunLast().execute(parseResult);
            } finally {
                // The writers flush only on println: a command that ends with print() would otherwise lose it.
                cmd.getOut().flush();
                cmd.getErr().flush();
            }
        });
        cmd.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof ConfigException || e instanceof UserException) {
                commandLine.getErr().println(commandLine.getColorScheme().errorText("lighthouse: " + e.getMessage()));
                return e instanceof ConfigException ? EXIT_USAGE : 1;
            }
            throw e;
        });
        return cmd;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Loads the configuration once per run and sets up logging from it. */
    private void init(Map<String, String> env, Path workingDir) {
        Map<String, String> fromFlags = new LinkedHashMap<>(overrides);
        if (dataDir != null) {
            fromFlags.put(ConfigKeys.DATA_DIR.name(), dataDir.toString());
        }
        if (logFormat != null) {
            fromFlags.put(ConfigKeys.LOG_FORMAT.name(), logFormat);
        }
        try {
            settings = Settings.load(new Settings.Flags(Optional.ofNullable(configFile), fromFlags), env, workingDir);
        } catch (ConfigException e) {
            throw new CommandLine.ExecutionException(spec.commandLine(), e.getMessage(), e);
        }
        Logging.configure(settings.get(ConfigKeys.LOG_FORMAT), settings.get(ConfigKeys.LOG_LEVEL));
        settings.warnings().forEach(LoggerFactory.getLogger(Lighthouse.class)::warn);
        LoggerFactory.getLogger(Lighthouse.class)
                .debug(
                        "configuration file {}, data dir {}",
                        settings.file().map(Path::toString).orElse("(none)"),
                        settings.dataDir());
    }

    /** The effective configuration of this run, for any subcommand. */
    static Settings settings(CommandSpec spec) {
        return ((Lighthouse) spec.root().userObject()).settings;
    }

    /** The environment this run was started with (the process's, or a test's). */
    static Map<String, String> env(CommandSpec spec) {
        return ((Lighthouse) spec.root().userObject()).env;
    }

    static PrintWriter out(CommandSpec spec) {
        return spec.commandLine().getOut();
    }
}
