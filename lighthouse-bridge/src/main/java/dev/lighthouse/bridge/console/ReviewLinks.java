package dev.lighthouse.bridge.console;

import dev.lighthouse.events.Event;
import dev.lighthouse.events.EventQuery;
import dev.lighthouse.events.EventStore;
import dev.lighthouse.events.NewEvent;
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
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signed, single-use, expiring links that open one review in the console for one person:
 * {@code /console/link/<payload>.<mac>}, the payload naming the review, the reviewer, the expiry and a random nonce,
 * the MAC an HMAC-SHA256 with the console key ({@code console.key}, one key for all replicas).
 *
 * <p>Opening a link (GET) only shows what it is for; using it (POST from that page) spends it, so a chat client
 * that fetches a link to preview it does not use it up.
 *
 * <p><b>Design.</b> Spending a link is a {@code console.link_used} event on the nonce's own stream. The chain
 * orders every replica's appends, so the first such event of a stream is the one use: a replica appends its own,
 * then reads the stream's first, and refuses the link unless the first is its own. Two browsers racing on two
 * replicas thus get one success between them, and a restart changes nothing. Spent nonces are also kept in memory
 * until their links expire, rebuilt from the store at start ({@link Console#recover}) and followed from other
 * replicas' appends ({@link Console#follow}), so a spent link's page says so without reading the store. Thread-safe.
 */
final class ReviewLinks implements ReviewNotifier.LinkSigner {
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder UNB64 = Base64.getUrlDecoder();
    private static final String USED = "this link has been used already; each link opens the review once";

    private final byte[] key;
    private final Clock clock;
    private final Duration lifetime;
    private final Supplier<String> baseUrl;
    private final Expiring spent = new Expiring();
    private final EventStore store;

    ReviewLinks(EventStore store, byte[] key, Clock clock, Duration lifetime, Supplier<String> baseUrl) {
        this.store = store;
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
        if (spent.contains(fields[3])) {
            return new Opened.Refused(USED);
        }
        return new Opened.Valid(fields[0], fields[1], expires, fields[3]);
    }

    /**
     * Checks a link and spends it: it opens the review this once, on whichever replica it is used first.
     *
     * @throws dev.lighthouse.events.EventStoreException the store cannot record the use; the link is not spent
     */
    Opened use(String token) {
        Opened opened = check(token);
        if (!(opened instanceof Opened.Valid v)) {
            return opened;
        }
        String stream = ConsoleEvent.LinkUsed.stream(v.nonce());
        Event mine = store.append(NewEvent.byAgent(
                stream, v.reviewer(), new ConsoleEvent.LinkUsed(v.nonce(), v.reviewId(), v.expires())));
        spent.add(v.nonce(), v.expires(), clock.instant());
        Event first = store.query(EventQuery.all().type(ConsoleEvent.LINK_USED).stream(stream)
                        .limit(1))
                .events()
                .getFirst();
        return first.seq() == mine.seq() ? v : new Opened.Refused(USED);
    }

    /** Notes a use recorded here before a restart or by another replica. */
    void spent(ConsoleEvent.LinkUsed used) {
        spent.add(used.nonce(), used.expires(), clock.instant());
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
