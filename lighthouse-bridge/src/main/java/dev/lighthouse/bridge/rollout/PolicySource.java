package dev.lighthouse.bridge.rollout;

import static java.util.Objects.requireNonNull;

import dev.lighthouse.policy.Policies;
import dev.lighthouse.policy.Policy;
import dev.lighthouse.policy.rules.Layer;
import dev.lighthouse.policy.rules.LayerParser;
import dev.lighthouse.policy.yaml.PolicyException;
import dev.lighthouse.policy.yaml.Problem;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The full text of a policy version: every layer's file name and YAML, lowest first, the built-in default included.
 * Recorded in each {@code policy.activated} event, so a restart or another replica rebuilds exactly the same version
 * (the same hash), even after the built-in default changed.
 *
 * @param layers the layers, lowest first
 */
public record PolicySource(List<LayerText> layers) {
    /** One policy file as written: the name it was loaded under and its text. */
    public record LayerText(String file, String text) {
        public LayerText {
            requireNonNull(file, "file");
            requireNonNull(text, "text");
        }
    }

    public PolicySource {
        layers = List.copyOf(layers);
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("a policy needs at least one layer");
        }
    }

    /** The source of a loaded policy (its layers keep their text). */
    public static PolicySource of(Policy policy) {
        return new PolicySource(policy.layers().stream()
                .map(l -> new LayerText(l.file(), l.text()))
                .toList());
    }

    /** The built-in default and its self-protection layer with {@code files} on top, as {@code policy apply} sends them. */
    public static PolicySource onDefault(List<LayerText> files) {
        return onDefault(files, Policies.SelfProtection.ON);
    }

    /** The built-in layers ({@link Policies#builtInLayers}) with {@code files} layered on top. */
    public static PolicySource onDefault(List<LayerText> files, Policies.SelfProtection self) {
        List<LayerText> all = new ArrayList<>();
        all.add(new LayerText(Policies.DEFAULT_NAME, Policies.defaultPolicyText()));
        if (self == Policies.SelfProtection.ON) {
            all.add(new LayerText(Policies.SELF_PROTECTION_NAME, Policies.selfProtectionText()));
        }
        all.addAll(files);
        return new PolicySource(all);
    }

    /**
     * Parses and merges every layer.
     *
     * @throws PolicyException listing every problem of every layer, as {@code file:line:column: message}
     */
    public Policy compile() {
        List<Layer> parsed = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        for (LayerText layer : layers) {
            LayerParser.Result result = LayerParser.parse(layer.file(), layer.text());
            problems.addAll(result.problems());
            parsed.add(result.layer());
        }
        if (!problems.isEmpty()) {
            throw new PolicyException(problems);
        }
        return Policy.of(parsed);
    }

    /**
     * Reads the layers as events and the policy API write them: {@code [{"file": …, "text": …}, …]}.
     *
     * @throws IllegalArgumentException not an array of objects with string {@code file} and {@code text}
     */
    public static List<LayerText> layersFromJson(JsonNode array) {
        if (array == null || !array.isArray() || array.isEmpty()) {
            throw new IllegalArgumentException(
                    "layers must be a non-empty array of {\"file\": NAME, \"text\": YAML} objects");
        }
        List<LayerText> layers = new ArrayList<>();
        for (JsonNode layer : array) {
            JsonNode file = layer.get("file");
            JsonNode text = layer.get("text");
            if (file == null || !file.isString() || text == null || !text.isString()) {
                throw new IllegalArgumentException(
                        "layers[%d] must have string fields file and text".formatted(layers.size()));
            }
            layers.add(new LayerText(file.asString(), text.asString()));
        }
        return layers;
    }
}
