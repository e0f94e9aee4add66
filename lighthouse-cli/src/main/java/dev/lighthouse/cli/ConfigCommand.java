package dev.lighthouse.cli;

import dev.lighthouse.cli.config.ConfigKey;
import dev.lighthouse.cli.config.ConfigKeys;
import dev.lighthouse.cli.config.Settings;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code lighthouse config show|keys}: what is configured, and from where. */
@Command(
        name = "config",
        mixinStandardHelpOptions = true,
        description = "Show the effective configuration and every key it can set.",
        subcommands = {ConfigCommand.Show.class, ConfigCommand.Keys.class})
final class ConfigCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(Lighthouse.out(spec));
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Print each key's value and its source.")
    static final class Show implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Settings settings = Lighthouse.settings(spec);
            PrintWriter out = Lighthouse.out(spec);
            out.println("config file: " + settings.file().map(Object::toString).orElse("(none found)"));
            out.println("data dir:    " + settings.dataDir());
            for (Map.Entry<String, Settings.Value> e : settings.describe().entrySet()) {
                out.printf(
                        "%-24s %-30s (%s)%n",
                        e.getKey(),
                        ConfigKeys.display(e.getKey(), e.getValue().text()),
                        e.getValue().source());
            }
            return 0;
        }
    }

    @Command(name = "keys", mixinStandardHelpOptions = true, description = "List every key, its variable and default.")
    static final class Keys implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = Lighthouse.out(spec);
            for (ConfigKey<?> key : ConfigKeys.ALL) {
                out.printf(
                        "%s  (%s, default %s)%n    %s%n",
                        key.name(), key.envVar(), key.defaultValue(), key.description());
            }
            return 0;
        }
    }
}
