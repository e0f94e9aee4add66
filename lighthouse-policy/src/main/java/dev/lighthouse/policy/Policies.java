package dev.lighthouse.policy;

import dev.lighthouse.policy.rules.Layer;
import dev.lighthouse.policy.rules.LayerParser;
import dev.lighthouse.policy.rules.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where policies come from: the built-in default, and files layered on top of it. This is the edge that reads files;
 * {@link Policy} itself never does.
 */
public final class Policies {
    private Policies() {}

    /** The file name the built-in default policy reports in problems and versions. */
    public static final String DEFAULT_NAME = "<default>";

    private static final String DEFAULT_RESOURCE = "/dev/lighthouse/policy/default-policy.yaml";

    private static final class Default {
        static final String TEXT = readResource();
        static final Layer LAYER = parseOrThrow(DEFAULT_NAME, TEXT);
        static final Policy POLICY = Policy.of(List.of(LAYER));
    }

    /** The built-in default policy: low friction, real protection. Loaded once. */
    public static Policy defaultPolicy() {
        return Default.POLICY;
    }

    /** The text of the built-in default policy, as {@code lighthouse policy show default} prints it. */
    public static String defaultPolicyText() {
        return Default.TEXT;
    }

    /**
     * The default policy with each file layered on top, in order (e.g. organisation, then project).
     *
     * @throws PolicyException listing every problem of every file, with file, line and column
     */
    public static Policy load(List<Path> files) {
        List<Layer> layers = new ArrayList<>();
        layers.add(Default.LAYER);
        List<Problem> problems = new ArrayList<>();
        for (Path file : files) {
            String text;
            try {
                text = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                problems.add(new Problem(file.toString(), 0, 0, "cannot read policy file: " + unreadable(file, e)));
                continue;
            }
            LayerParser.Result result = LayerParser.parse(file.toString(), text);
            problems.addAll(result.problems());
            layers.add(result.layer());
        }
        if (!problems.isEmpty()) {
            throw new PolicyException(problems);
        }
        return Policy.of(layers);
    }

    /** Parses policy text (no default underneath); for tests and {@code policy validate}. */
    public static Layer parse(String file, String text) {
        return parseOrThrow(file, text);
    }

    private static Layer parseOrThrow(String file, String text) {
        LayerParser.Result result = LayerParser.parse(file, text);
        if (!result.problems().isEmpty()) {
            throw new PolicyException(result.problems());
        }
        return result.layer();
    }

    private static String readResource() {
        try (InputStream in = Policies.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the default policy is missing from the jar: " + DEFAULT_RESOURCE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Why {@code file} could not be read, for a person: the JDK's exceptions carry only the path, so "not found"
     * says where it looked (relative paths resolve against the working directory, which is not always obvious).
     */
    public static String unreadable(Path file, IOException e) {
        Path where = file.toAbsolutePath().normalize();
        return switch (e) {
            case NoSuchFileException _ -> "not found (looked for " + where + ")";
            case AccessDeniedException _ -> "permission denied (" + where + ")";
            default ->
                e.getMessage() == null || e.getMessage().equals(file.toString())
                        ? e.getClass().getSimpleName() + " (" + where + ")"
                        : e.getMessage();
        };
    }
}
