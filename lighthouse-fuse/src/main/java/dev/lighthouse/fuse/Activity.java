package dev.lighthouse.fuse;

import tools.jackson.databind.JsonNode;

/**
 * What the decisions tell beyond themselves: the agents that made them ({@link Agents}) and the files the agents wrote
 * ({@link WrittenFiles}). Built by one pass over every decision the mount identity may read, on the first look at
 * {@code agents/}, {@code history/} or {@code current/}, then kept current by the decision stream. Thread-safe.
 *
 * <p>Design: the pass pages {@code GET /v1/decisions} a {@link Decisions#PAGE} at a time from where it stopped, so a
 * bridge that goes away mid-pass costs an {@code EIO} and the next look resumes, not restarts. A decision the stream
 * pushes while the pass runs waits for the lock and is applied only if the pass has not seen it (by seq), so nothing
 * counts twice.
 */
final class Activity {
    private final BridgeHttp bridge;
    private final Agents agents = new Agents();
    private final WrittenFiles files = new WrittenFiles();
    private boolean built;
    private long through;

    Activity(BridgeHttp bridge) {
        this.bridge = bridge;
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
    synchronized void arrived(JsonNode record) {
        if (built) {
            apply(record);
        }
    }

    private synchronized void build() {
        if (built) {
            return;
        }
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
        built = true;
    }

    private void apply(JsonNode record) {
        long seq = record.path("seq").asLong();
        if (seq <= through) {
            return;
        }
        through = seq;
        agents.add(record);
        files.add(record);
    }
}
