package dev.lighthouse.policy.facts;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Replaces each secret {@link Secrets} finds with {@code [redacted KIND hmac:0123456789ab]} before text is recorded
 * (events), answered (API) or shown (reviews). The tag is a keyed hash (HMAC-SHA256 under the bridge's review key,
 * first 48 bits): the same secret gives the same tag, so a reviewer can tell two calls used the same password, while
 * guessing a weak password from its tag needs the key.
 *
 * <p>Thread-safe (one {@link Mac} per call). Cost: a scan of the text; nothing is copied when no secret is found.
 */
public final class Redactor {
    private final SecretKeySpec key;

    public Redactor(byte[] key) {
        this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
    }

    /** {@code text} with every secret replaced by its tag. */
    public String redact(String text) {
        List<Secrets.Found> found = Secrets.find(text);
        if (found.isEmpty()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int at = 0;
        for (Secrets.Found f : found) {
            out.append(text, at, f.start())
                    .append(Secrets.REDACTED)
                    .append(f.kind())
                    .append(" hmac:")
                    .append(tag(text.substring(f.start(), f.end())))
                    .append(']');
            at = f.end();
        }
        return out.append(text, at, text.length()).toString();
    }

    /** A copy of {@code json} with every string value (not the field names) redacted; {@code json} itself if clean. */
    public JsonNode redact(JsonNode json) {
        if (json.isString()) {
            String text = json.asString();
            String clean = redact(text);
            return clean.equals(text) ? json : JsonNodeFactory.instance.stringNode(clean);
        }
        if (json.isObject()) {
            ObjectNode copy = null;
            for (Map.Entry<String, JsonNode> e : json.properties()) {
                JsonNode clean = redact(e.getValue());
                if (clean != e.getValue()) {
                    copy = copy == null ? ((ObjectNode) json).deepCopy() : copy;
                    copy.set(e.getKey(), clean);
                }
            }
            return copy == null ? json : copy;
        }
        if (json.isArray()) {
            ArrayNode copy = null;
            for (int i = 0; i < json.size(); i++) {
                JsonNode clean = redact(json.get(i));
                if (clean != json.get(i)) {
                    copy = copy == null ? ((ArrayNode) json).deepCopy() : copy;
                    copy.set(i, clean);
                }
            }
            return copy == null ? json : copy;
        }
        return json;
    }

    private String tag(String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] sum = mac.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sum, 0, 6);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }
}
