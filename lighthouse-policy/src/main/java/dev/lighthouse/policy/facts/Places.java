package dev.lighthouse.policy.facts;

import static java.util.Objects.requireNonNull;

import dev.lighthouse.policy.yaml.MalformedYamlException;
import dev.lighthouse.policy.yaml.YamlNode;
import dev.lighthouse.policy.yaml.YamlReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which paths are which kind of place, as data ({@code places.yaml}): per path class, places relative to the home
 * directory and absolute system places; each matches itself and everything under it (an entry ending in {@code _} or
 * {@code /cron} is a prefix). {@link PathClassifier} reads them; the file's examples run as a test.
 *
 * @param home places relative to the home directory, by class
 * @param system absolute places, by class
 * @param examples paths with the classes they must and must not have
 */
public record Places(Map<PathClass, List<String>> home, Map<PathClass, List<String>> system, List<Example> examples) {
    static final String RESOURCE = "/dev/lighthouse/policy/places.yaml";
    private static final int SCHEMA = 1;
    private static final Set<String> TOP = Set.of("schema", "classes", "examples");
    private static final Set<String> CLASS_KEYS = Set.of("source", "home", "system");
    private static final Set<String> EXAMPLE_KEYS = Set.of("path", "is", "not");
    /** The classes that are places (the others come from the call: project, temp, dynamic, ...). */
    private static final Set<PathClass> PLACE_CLASSES = Set.of(
            PathClass.HISTORY,
            PathClass.SHELL_STARTUP,
            PathClass.SECRET,
            PathClass.PERSISTENCE,
            PathClass.PRIVILEGE_CONFIG,
            PathClass.BUILD_OUTPUT);

    public Places {
        home = Map.copyOf(home);
        system = Map.copyOf(system);
        examples = List.copyOf(examples);
    }

    /**
     * One example: a path, and the classes it must and must not have.
     *
     * @param line where the example is written, for a failing example's message
     */
    public record Example(String path, Set<PathClass> is, Set<PathClass> not, int line) {
        public Example {
            requireNonNull(path, "path");
            is = Set.copyOf(is);
            not = Set.copyOf(not);
        }
    }

    /** The places of {@code class} under home; none if the file names none. */
    List<String> home(PathClass c) {
        return home.getOrDefault(c, List.of());
    }

    /** The absolute places of {@code class}; none if the file names none. */
    List<String> system(PathClass c) {
        return system.getOrDefault(c, List.of());
    }

    /** The built-in places, read once. */
    public static Places builtIn() {
        return BuiltIn.PLACES;
    }

    private static final class BuiltIn {
        static final Places PLACES = parse("<places>", resource());
    }

    private static String resource() {
        try (InputStream in = Places.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads a places file.
     *
     * @throws IllegalArgumentException listing every problem as {@code file:line:column: what}
     */
    public static Places parse(String file, String text) {
        List<String> problems = new ArrayList<>();
        Optional<YamlNode> root;
        try {
            root = YamlReader.read(text);
        } catch (MalformedYamlException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
        Map<PathClass, List<String>> home = new EnumMap<>(PathClass.class);
        Map<PathClass, List<String>> system = new EnumMap<>(PathClass.class);
        List<Example> examples = new ArrayList<>();
        if (root.isEmpty() || !(root.get() instanceof YamlNode.Mapping m)) {
            throw new IllegalArgumentException(file + ": expected a mapping with `schema` and `classes`");
        }
        keys(file, m, TOP, problems);
        if (!(m.values().get("schema") instanceof YamlNode.Scalar s && s.value().equals(String.valueOf(SCHEMA)))) {
            problems.add(at(file, m, "expected `schema: " + SCHEMA + "`"));
        }
        if (m.values().get("classes") instanceof YamlNode.Mapping classes) {
            classes.values().forEach((name, node) -> {
                Optional<PathClass> c = pathClass(name);
                if (c.isEmpty() || !PLACE_CLASSES.contains(c.get())) {
                    problems.add(at(file, classes.keys().get(name), "\"" + name + "\" is not a class of places; expected one of "
                            + PLACE_CLASSES.stream().map(PathClass::label).sorted().toList()));
                } else if (!(node instanceof YamlNode.Mapping entry)) {
                    problems.add(at(file, node, "class " + name + " must be a mapping, not " + node.describe()));
                } else {
                    keys(file, entry, CLASS_KEYS, problems);
                    if (!(entry.values().get("source") instanceof YamlNode.Scalar)) {
                        problems.add(at(file, entry, "class " + name + " needs a `source`"));
                    }
                    home.put(c.get(), strings(file, entry.values().get("home"), problems));
                    system.put(c.get(), strings(file, entry.values().get("system"), problems));
                }
            });
        } else {
            problems.add(at(file, m, "expected `classes`, a mapping of path classes"));
        }
        if (m.values().get("examples") instanceof YamlNode.Sequence list) {
            for (YamlNode item : list.items()) {
                example(file, item, problems).ifPresent(examples::add);
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("\n", problems));
        }
        return new Places(home, system, examples);
    }

    private static Optional<Example> example(String file, YamlNode node, List<String> problems) {
        if (!(node instanceof YamlNode.Mapping m) || !(m.values().get("path") instanceof YamlNode.Scalar path)) {
            problems.add(at(file, node, "an example is a mapping with a `path`"));
            return Optional.empty();
        }
        keys(file, m, EXAMPLE_KEYS, problems);
        Set<PathClass> is = classes(file, m.values().get("is"), problems);
        Set<PathClass> not = classes(file, m.values().get("not"), problems);
        return Optional.of(new Example(path.value(), is, not, m.line()));
    }

    private static Set<PathClass> classes(String file, YamlNode node, List<String> problems) {
        Set<PathClass> out = java.util.EnumSet.noneOf(PathClass.class);
        for (String name : strings(file, node, problems)) {
            pathClass(name).ifPresentOrElse(out::add, () -> problems.add(
                    at(file, node, "unknown path class \"" + name + "\"")));
        }
        return out;
    }

    private static Optional<PathClass> pathClass(String label) {
        for (PathClass c : PathClass.values()) {
            if (c.label().equals(label)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    private static List<String> strings(String file, YamlNode node, List<String> problems) {
        if (node == null) {
            return List.of();
        }
        if (!(node instanceof YamlNode.Sequence seq)) {
            problems.add(at(file, node, "expected a list, got " + node.describe()));
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (YamlNode item : seq.items()) {
            if (item instanceof YamlNode.Scalar s && !s.value().isBlank()) {
                out.add(s.value());
            } else {
                problems.add(at(file, item, "expected a path, got " + item.describe()));
            }
        }
        return List.copyOf(out);
    }

    private static void keys(String file, YamlNode.Mapping m, Set<String> allowed, List<String> problems) {
        m.keys().forEach((key, where) -> {
            if (!allowed.contains(key)) {
                problems.add(at(file, where, "unknown key \"" + key + "\"; expected one of "
                        + allowed.stream().sorted().toList()));
            }
        });
    }

    private static String at(String file, YamlNode node, String what) {
        return file + ":" + node.line() + ":" + node.column() + ": " + what;
    }
}
