package dev.lighthouse.policy;

import dev.lighthouse.policy.rules.Layer;
import dev.lighthouse.policy.rules.LayerParser;
import dev.lighthouse.policy.yaml.PolicyException;
import dev.lighthouse.policy.yaml.Problem;
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

    /** The file name the self-protection layer reports in problems and versions. */
    public static final String SELF_PROTECTION_NAME = "<self-protection>";

    private static final String DEFAULT_RESOURCE = "/dev/lighthouse/policy/default-policy.yaml";
    private static final String SELF_PROTECTION_RESOURCE = "/dev/lighthouse/policy/self-protection.yaml";

    /** Whether the protected self-protection layer sits on the built-in default (config {@code policy.self-protection}). */
    public enum SelfProtection {
        /** The default: agents cannot overrule their guard. */
        ON,
        /** Switched off on purpose; the bridge records it and warns at every start. */
        OFF
    }

    private static final class Default {
        static final String TEXT = readResource(DEFAULT_RESOURCE);
        static final Layer LAYER = parseOrThrow(DEFAULT_NAME, TEXT);
        static final String SELF_TEXT = readResource(SELF_PROTECTION_RESOURCE);
        static final Layer SELF_LAYER = parseOrThrow(SELF_PROTECTION_NAME, SELF_TEXT);
        static final Policy POLICY = Policy.of(List.of(LAYER, SELF_LAYER));
    }

    /** The built-in default policy with its self-protection layer: low friction, real protection. Loaded once. */
    public static Policy defaultPolicy() {
        return Default.POLICY;
    }

    /** The text of the self-protection layer, which every policy carries unless switched off. */
    public static String selfProtectionText() {
        return Default.SELF_TEXT;
    }

    /** The built-in layers, lowest first: the default, then self-protection unless it is switched off. */
    public static List<Layer> builtInLayers(SelfProtection self) {
        return switch (self) {
            case ON -> List.of(Default.LAYER, Default.SELF_LAYER);
            case OFF -> List.of(Default.LAYER);
        };
    }

    /** Whether a policy carries the self-protection layer. */
    public static boolean selfProtected(Policy policy) {
        return policy.layers().stream().anyMatch(l -> l.file().equals(SELF_PROTECTION_NAME));
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
        return load(files, SelfProtection.ON);
    }

    /**
     * The built-in layers ({@link #builtInLayers}) with each file layered on top, in order.
     *
     * @throws PolicyException as {@link #load(List)}
     */
    public static Policy load(List<Path> files, SelfProtection self) {
        List<Layer> layers = new ArrayList<>(builtInLayers(self));
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

    private static String readResource(String resource) {
        try (InputStream in = Policies.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("a built-in policy is missing from the jar: " + resource);
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
