package dev.lighthouse.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Realistic shell commands per {@link CommandClass}, read from {@code commands/<class>.txt} on the class path: one
 * command per line, blank lines and lines starting with {@code #} ignored. Immutable and thread-safe.
 */
public final class CommandCorpus {
    private final Map<CommandClass, List<String>> commands;

    private CommandCorpus(Map<CommandClass, List<String>> commands) {
        this.commands = commands;
    }

    /** The corpus shipped with the load generator. */
    public static CommandCorpus builtIn() {
        Map<CommandClass, List<String>> all = new EnumMap<>(CommandClass.class);
        for (CommandClass c : CommandClass.values()) {
            String resource = "commands/" + c.cliName() + ".txt";
            try (InputStream in = CommandCorpus.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("missing resource dev/lighthouse/load/" + resource);
                }
                all.put(c, parse(in));
            } catch (IOException e) {
                throw new UncheckedIOException("reading dev/lighthouse/load/" + resource, e);
            }
        }
        return new CommandCorpus(all);
    }

    private static List<String> parse(InputStream in) throws IOException {
        List<String> out = new ArrayList<>();
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            String t = line.strip();
            if (!t.isEmpty() && !t.startsWith("#")) {
                out.add(t);
            }
        }
        return List.copyOf(out);
    }

    public List<String> commands(CommandClass c) {
        return commands.get(c);
    }

    public String draw(CommandClass c, RandomGenerator random) {
        List<String> list = commands.get(c);
        return list.get(random.nextInt(list.size()));
    }
}
