package dev.lighthouse.fuse;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * What the decisions tell beyond themselves: the listing of every hour ({@link Decisions#indexed}), the agents that
 * made them ({@link Agents}) and the files the agents wrote ({@link WrittenFiles}, with the writes approved by review).
 * Built by one pass over every decision the mount identity may read, started when the view is mounted (or on the
 * first look at {@code agents/}, {@code history/} or {@code current/} if that pass failed), then kept current by the
 * decision and review streams. Thread-safe.
 *
 * <p>Design: the pass pages {@code GET /v1/decisions} a {@link Decisions#PAGE} at a time from where it stopped, so a
 * bridge that goes away mid-pass costs an {@code EIO} and the next look resumes, not restarts; then it reads the
 * resolved reviews for approved writes. What the streams push while the pass runs is queued, not waited for (the
 * stream files and {@code decisions/latest} stay live), and applied when the pass ends, each decision only if the pass
 * has not seen it (by seq) and each review once (by id), so nothing counts twice.
 */
final class Activity {
    private static final Logger LOG = LoggerFactory.getLogger(Activity.class);

    private final BridgeHttp bridge;
    private final Decisions decisions;
    private final Agents agents = new Agents();
    private final WrittenFiles files = new WrittenFiles();
    private final Set<String> reviewsApplied = new HashSet<>();
    private final Object queue = new Object();
    private final List<JsonNode> queuedDecisions = new ArrayList<>();
    private final List<String> queuedReviews = new ArrayList<>();
    private final List<Long> queuedLetThrough = new ArrayList<>();
    private volatile boolean built;
    private final CountDownLatch done = new CountDownLatch(1);
    private long through;

    Activity(BridgeHttp bridge, Decisions decisions) {
        this.bridge = bridge;
        this.decisions = decisions;
    }

    /** The agents, after the pass. @throws BridgeException the pass could not finish */
    Agents agents() {
        build();
        return agents;
    }

    /** The written files, after the pass. @throws BridgeException the pass could not finish */
    WrittenFiles files() {
        build();
        return files;
    }

    /** A decision the stream pushed. */
    void arrived(JsonNode record) {
        synchronized (queue) {
            if (!built) {
                queuedDecisions.add(record);
                return;
            }
        }
        synchronized (this) {
            apply(record);
        }
    }

    /** A review the stream says was resolved to allow: if it let an agent write a file, that file has a new version. */
    void approved(String review) {
        synchronized (queue) {
            if (!built) {
                queuedReviews.add(review);
                return;
            }
        }
        applyReview(review);
    }

    /**
     * A decision sent to review that an earlier review's approval let through at once: if it wrote a file, that file
     * has a new version. Before the pass ends it waits in the queue, so the pass has seen the decision.
     */
    void letThrough(long seq) {
        synchronized (queue) {
            if (!built) {
                queuedLetThrough.add(seq);
                return;
            }
        }
        files.letThrough(seq);
    }

    /** Whether the pass ended within {@code wait}. */
    boolean awaitBuilt(Duration wait) throws InterruptedException {
        return done.await(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Runs the pass now unless it has run; the mount calls this once its decision stream is connected. */
    synchronized void build() {
        if (built) {
            return;
        }
        long started = System.nanoTime();
        String cursor = Long.toString(through);
        while (cursor != null) {
            JsonNode page = bridge.get("/v1/decisions?limit=" + Decisions.PAGE + "&after=" + cursor);
            for (JsonNode r : page.path("decisions")) {
                apply(r);
            }
            cursor = page.path("next").isString() ? page.path("next").asString() : null;
            if (cursor != null) {
                through = Math.max(through, Long.parseLong(cursor));
            }
        }
        List<String> approved = approvedWrites();
        synchronized (queue) {
            built = true;
            queuedDecisions.forEach(this::apply);
            queuedDecisions.clear();
            approved.addAll(queuedReviews);
            queuedReviews.clear();
            queuedLetThrough.forEach(files::letThrough);
            queuedLetThrough.clear();
        }
        decisions.indexComplete();
        approved.forEach(this::applyReview);
        done.countDown();
        LOG.info(
                "indexed {} decisions in {} ms",
                decisions.indexState().names(),
                (System.nanoTime() - started) / 1_000_000);
    }

    /**
     * The ids of the resolved reviews that allowed a Write, Edit or MultiEdit; none when the identity may not read
     * reviews (an agent's token), which then sees only the writes allowed at once.
     */
    private List<String> approvedWrites() {
        List<String> ids = new ArrayList<>();
        String after = null;
        do {
            JsonNode page;
            try {
                page = bridge.get("/v1/reviews?status=resolved&limit=1000"
                        + (after == null ? "" : "&after=" + BridgeHttp.query(after)));
            } catch (BridgeException e) {
                if (e.unreachable()) {
                    throw e;
                }
                LOG.info("history/ and current/ leave out writes approved by review: {}", e.getMessage());
                return ids;
            }
            for (JsonNode r : page.path("reviews")) {
                if (WrittenFiles.writes(r)) {
                    ids.add(r.path("id").asString());
                }
            }
            after = page.path("next").isString() ? page.path("next").asString() : null;
        } while (after != null);
        return ids;
    }

    private void applyReview(String id) {
        synchronized (this) {
            if (!reviewsApplied.add(id)) {
                return;
            }
        }
        try {
            JsonNode review = bridge.get("/v1/reviews/" + BridgeHttp.query(id));
            files.addApproved(review);
        } catch (BridgeException e) {
            synchronized (this) {
                reviewsApplied.remove(id);
            }
            LOG.warn("review {}: its approved write is not in history/ yet: {}", id, e.getMessage());
        }
    }

    private void apply(JsonNode record) {
        long seq = record.path("seq").asLong();
        if (seq <= through) {
            return;
        }
        through = seq;
        decisions.indexed(record);
        agents.add(record);
        files.add(record);
    }
}
