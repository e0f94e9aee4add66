package dev.lighthouse.coordination.elicit;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Signs elicitation requests and responses with the bridge's coordination key (HMAC-SHA256), so a request or an
 * answer changed in the store after it was written no longer verifies, and an answer cannot be moved to another
 * request: a response's signature covers the request's.
 *
 * <p>What is signed is the event's payload with an empty {@code signature}, in the store's canonical form (keys
 * sorted, fractions as decimals), so the stored event itself is what {@link #verifies} checks.
 */
public final class ElicitationSigner {
    /** Fewest key bytes: a key is 256 random bits. */
    public static final int MIN_KEY_BYTES = 32;

    private static final JsonMapper TREES = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .changeDefaultPropertyInclusion(i -> i.withValueInclusion(JsonInclude.Include.NON_ABSENT))
            .build();
    private static final JsonMapper SORTED =
            TREES.rebuild().enable(JsonNodeFeature.WRITE_PROPERTIES_SORTED).build();

    private final SecretKeySpec key;

    /** @throws IllegalArgumentException a key shorter than {@value #MIN_KEY_BYTES} bytes */
    public ElicitationSigner(byte[] key) {
        if (key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("the coordination key has %d bytes; it needs at least %d random bytes"
                    .formatted(key.length, MIN_KEY_BYTES));
        }
        this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
    }

    /** The signature of a request, whose own {@code signature} is ignored. */
    String request(ElicitationEvent.Requested requested) {
        return mac("", TREES.valueToTree(requested));
    }

    /** The signature of a response (accepted or declined) to the request signed {@code requestSignature}. */
    String response(ElicitationEvent response, String requestSignature) {
        return mac(requestSignature, TREES.valueToTree(response));
    }

    /** Whether a stored payload carries the signature {@link #request} or {@link #response} gave it. */
    boolean verifies(JsonNode payload, String requestSignature) {
        if (!(payload instanceof ObjectNode node) || !node.path("signature").isString()) {
            return false;
        }
        byte[] stored = node.path("signature").asString().getBytes(StandardCharsets.UTF_8);
        byte[] expected = mac(requestSignature, node.deepCopy()).getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(stored, expected);
    }

    private String mac(String requestSignature, ObjectNode payload) {
        payload.put("signature", "");
        // Written, re-read and written again as the store does, so a number signs as it is stored.
        String canonical = SORTED.writeValueAsString(TREES.readTree(SORTED.writeValueAsString(payload)));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(requestSignature.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) '\n');
            return HexFormat.of().formatHex(mac.doFinal(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
