package dev.lighthouse.policy.facts;

import dev.lighthouse.shell.Command;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Settings a tool's CLI writes into its own file ({@code npm pkg set scripts.postinstall=…} into {@code package.json}),
 * read as the Write of that file with those keys: a command set to run later is then judged as the same text written
 * by a Write is, by the reader of what the file is. Settings files are read as the commands that make their settings;
 * this is the other way round. Which commands set which file is data ({@code places.yaml}, a kind's {@code set_by}).
 *
 * <p>Pure and cheap for commands that set nothing: a comparison of the program name per {@code set_by} command.
 */
final class SettingsSet {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String KEY = "{key}";
    private static final String JOINED = "{key}={value}";
    private static final String VALUE = "{value}";

    /**
     * A {@code set_by} command read.
     *
     * @param words the program and the subcommand words before the setting
     * @param joined the setting is one operand {@code KEY=VALUE}, and any number may follow; otherwise it is two
     *     operands, {@code KEY VALUE}
     * @param keyPrefix what the file's key starts with before the key given ({@code scripts.} for {@code npm
     *     set-script})
     */
    record Form(List<String> words, boolean joined, String keyPrefix) {
        Form {
            words = List.copyOf(words);
        }
    }

    /** What a command writes: the file's name, in the working directory, and a text of the file with the settings. */
    record Written(String file, String content) {}

    private record Setter(Form form, String file, boolean ini) {}

    /** Built on first use, not when {@link Places} loads (which reads the forms through {@link #form}). */
    private static final class BuiltIn {
        static final List<Setter> SETTERS = setters(Places.builtIn().writtenFiles());
        // Most commands set nothing: their program is looked up once instead of compared with every setter.
        static final Set<String> PROGRAMS =
                SETTERS.stream().map(s -> s.form().words().getFirst()).collect(Collectors.toUnmodifiableSet());
    }

    private SettingsSet() {}

    /** The form of a {@code set_by} command, empty when it ends in neither {@code {key}={value}} nor {@code {key} {value}}. */
    static Optional<Form> form(String command) {
        List<String> words = List.of(command.strip().split(" +"));
        String last = words.getLast();
        if (words.size() >= 2 && last.endsWith(JOINED) && literal(words.subList(0, words.size() - 1))) {
            return Optional.of(new Form(words.subList(0, words.size() - 1), true, prefix(last, JOINED)));
        }
        if (words.size() >= 3
                && last.equals(VALUE)
                && words.get(words.size() - 2).endsWith(KEY)
                && literal(words.subList(0, words.size() - 2))) {
            String key = words.get(words.size() - 2);
            return Optional.of(new Form(words.subList(0, words.size() - 2), false, prefix(key, KEY)));
        }
        return Optional.empty();
    }

    /** What {@code c} writes into a file through its CLI, by the built-in places. */
    static Optional<Written> of(Command c) {
        if (!BuiltIn.PROGRAMS.contains(c.program())) {
            return Optional.empty();
        }
        return written(c.program(), c.argValues(), BuiltIn.SETTERS);
    }

    static Optional<Written> of(String program, List<String> args, List<Places.WrittenFile> kinds) {
        return written(program, args, setters(kinds));
    }

    private static Optional<Written> written(String program, List<String> args, List<Setter> setters) {
        for (Setter setter : setters) {
            List<String> words = setter.form().words();
            int after = words.size() - 1;
            if (!program.equals(words.getFirst())
                    || args.size() <= after
                    || !args.subList(0, after).equals(words.subList(1, words.size()))) {
                continue;
            }
            List<String> operands = args.subList(after, args.size()).stream()
                    .filter(a -> !a.startsWith("-"))
                    .toList();
            Map<String, String> settings = new LinkedHashMap<>();
            String prefix = setter.form().keyPrefix();
            if (setter.form().joined()) {
                for (String operand : operands) {
                    int eq = operand.indexOf('=');
                    if (eq > 0) {
                        settings.put(prefix + operand.substring(0, eq), operand.substring(eq + 1));
                    }
                }
            } else if (operands.size() >= 2) {
                settings.put(prefix + operands.get(0), operands.get(1));
            }
            if (!settings.isEmpty()) {
                return Optional.of(new Written(setter.file(), setter.ini() ? ini(settings) : json(settings)));
            }
        }
        return Optional.empty();
    }

    /** A JSON document with the settings, their dots naming nested objects ({@code scripts.postinstall}). */
    private static String json(Map<String, String> settings) {
        ObjectNode root = JSON.createObjectNode();
        settings.forEach((key, value) -> put(root, key, value));
        return JSON.writeValueAsString(root);
    }

    /**
     * Settings lines as git-config(5) reads them, full keys outside any section ({@code core.pager = "…"}), the value
     * quoted so that {@code #}, {@code ;} and quotes in it stay the value's.
     */
    private static String ini(Map<String, String> settings) {
        StringBuilder text = new StringBuilder();
        settings.forEach((key, value) -> text.append(key)
                .append(" = \"")
                .append(value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n"))
                .append("\"\n"));
        return text.toString();
    }

    /** Sets {@code key} to {@code value}, its dots naming nested objects ({@code scripts.postinstall}). */
    private static void put(ObjectNode root, String key, String value) {
        String[] parts = key.split("\\.", -1);
        ObjectNode node = root;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode child = node.get(parts[i]);
            node = child instanceof ObjectNode object ? object : node.putObject(parts[i]);
        }
        node.put(parts[parts.length - 1], value);
    }

    private static List<Setter> setters(List<Places.WrittenFile> kinds) {
        List<Setter> setters = new ArrayList<>();
        for (Places.WrittenFile kind : kinds) {
            for (String command : kind.setBy()) {
                boolean ini = kind.reader() == Places.Reader.SETTINGS;
                form(command)
                        .ifPresent(f -> setters.add(new Setter(f, kind.names().getFirst(), ini)));
            }
        }
        return List.copyOf(setters);
    }

    private static boolean literal(List<String> words) {
        return words.stream().noneMatch(w -> w.contains("{"));
    }

    private static String prefix(String word, String placeholder) {
        return word.substring(0, word.length() - placeholder.length());
    }
}
