package dev.lighthouse.bridge.console;

import dev.lighthouse.review.ReviewNotifier;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signed, single-use, expiring links that open one review in the console for one person:
 * {@code /console/link/<payload>.<mac>}, the payload naming the review, the reviewer, the expiry and a random nonce,
 * the MAC an HMAC-SHA256 with the data dir's {@code console.key}.
 *
 * <p>Opening a link (GET) only shows what it is for; using it (POST from that page) spends it, so a chat client
 * that fetches a link to preview it does not use it up. Spent nonces are kept in memory until the link would
 * have expired: after a restart a link not yet expired could be used once more. Thread-safe.
 */
final class ReviewLinks implements ReviewNotifier.LinkSigner {
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder UNB64 = Base64.getUrlDecoder();

    private final byte[] key;
    private final Clock clock;
    private final Duration lifetime;
    private final Supplier<String> baseUrl;
    private final Map<String, Instant> spent = new ConcurrentHashMap<>();

    ReviewLinks(byte[] key, Clock clock, Duration lifetime, Supplier<String> baseUrl) {
        this.key = key.clone();
        this.clock = clock;
        this.lifetime = lifetime;
        this.baseUrl = baseUrl;
    }

    /** What a link is for, or why it cannot be used. */
    sealed interface Opened {
        record Valid(String reviewId, String reviewer, Instant expires, String nonce) implements Opened {}

        record Refused(String why) implements Opened {}
    }

    @Override
    public URI link(String reviewId, String reviewer) {
        Instant expires = clock.instant().plus(lifetime);
        String payload =
                String.join("\n", reviewId, reviewer, Long.toString(expires.getEpochSecond()), Sessions.random());
        String encoded = B64.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        return URI.create(baseUrl.get() + "/console/link/" + encoded + "." + B64.encodeToString(mac(encoded)));
    }

    /** Checks a link without spending it. */
    Opened check(String token) {
        int dot = token.indexOf('.');
        if (dot <= 0) {
            return new Opened.Refused("this is not a Lighthouse review link");
        }
        String encoded = token.substring(0, dot);
        byte[] presented;
        String[] fields;
        try {
            presented = UNB64.decode(token.substring(dot + 1));
            fields = new String(UNB64.decode(encoded), StandardCharsets.UTF_8).split("\n", -1);
        } catch (IllegalArgumentException e) {
            return new Opened.Refused("this is not a Lighthouse review link");
        }
        if (!MessageDigest.isEqual(mac(encoded), presented) || fields.length != 4) {
            return new Opened.Refused("this link's signature is not valid");
        }
        Instant expires;
        try {
            expires = Instant.ofEpochSecond(Long.parseLong(fields[2]));
        } catch (NumberFormatException e) {
            return new Opened.Refused("this link's signature is not valid");
        }
        if (!clock.instant().isBefore(expires)) {
            return new Opened.Refused("this link expired at " + expires + "; open the review from the console");
        }
        if (spent.containsKey(fields[3])) {
            return new Opened.Refused("this link has been used already; each link opens the review once");
        }
        return new Opened.Valid(fields[0], fields[1], expires, fields[3]);
    }

    /** Checks a link and spends it: it opens the review this once. */
    Opened use(String token) {
        Opened opened = check(token);
        if (opened instanceof Opened.Valid v && spent.putIfAbsent(v.nonce(), v.expires()) != null) {
            return new Opened.Refused("this link has been used already; each link opens the review once");
        }
        Instant now = clock.instant();
        spent.values().removeIf(expires -> !now.isBefore(expires));
        return opened;
    }

    private byte[] mac(String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
