package dev.lighthouse.fuse;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/**
 * The files agents wrote through Write, Edit and MultiEdit, rebuilt from the record: every version of every file, by
 * its path under the call's project. Fed by {@link Activity}; thread-safe.
 *
 * <p>What counts: a call the agent was let make, at once ({@code allow}, or {@code unmatched}, where the agent's own
 * permissions decide: the decision's time), after review (a review approved: the resolution's time, since the agent
 * writes only once it hears the answer), or at once by an earlier review's approval (the same call again, or one its
 * temporary approval covered: recorded as {@code review}, then named in that review's {@code alsoDecided} and by a
 * {@code review.applied} event, in either order; the decision's time). A file's content is known from a whole {@code Write} on, and stays known while
 * each edit's {@code old_string} is found (exactly once unless {@code replace_all}), as the agents' tools require;
 * otherwise the file changed in a way the record does not show (a shell command, a failed edit, an input too large to
 * record) and its content is unknown until the next {@code Write}. Recorded inputs have their secrets redacted, and so
 * do the files rebuilt from them. Files outside their call's project are left out.
 *
 * <p>Changes are kept in time order per file with their inputs: a review approved now may have been asked about
 * before later writes of the same file were recorded, and the versions after it are rebuilt when it arrives.
 */
final class WrittenFiles {
    private static final DateTimeFormatter HOUR =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH").withZone(ZoneOffset.UTC);
    private static final Set<String> TOOLS = Set.of("Write", "Edit", "MultiEdit");

    /** What is known of a file's content after one change. */
    sealed interface Content {
        record Known(byte[] bytes) implements Content {}

        record Unknown(String why) implements Content {}
    }

    /**
     * One change of one file and the content after it. {@code seq} is the decision's, or -1 for a write approved by
     * review; {@code source} is where the view shows what allowed it ({@code decisions/…json} or
     * {@code reviews/resolved/<day>/<id>}).
     */
    record Version(
            String path,
            long seq,
            Instant time,
            String agent,
            String tool,
            String project,
            String source,
            JsonNode input,
            Content content) {}

    private static final Comparator<Version> ORDER =
            Comparator.comparing(Version::time).thenComparingLong(Version::seq);

    private final TreeMap<String, List<Version>> byPath = new TreeMap<>();
    private final TreeSet<String> hours = new TreeSet<>();
    /** Writes sent to review, by seq, until an earlier review's approval lets them through. */
    private final Map<Long, JsonNode> reviewed = new HashMap<>();
    /** Seqs an earlier review's approval let through before their decision arrived (the streams are separate). */
    private final Set<Long> letThroughAhead = new HashSet<>();
    /** The newest decision seen: decisions arrive in seq order. */
    private long newest;

    /** A decision record: counts when the agent was let make the call at once. */
    synchronized void add(JsonNode r) {
        long seq = r.path("seq").asLong();
        newest = Math.max(newest, seq);
        String answer = r.path("answer").asString("");
        if (answer.equals("allow") || answer.equals("unmatched") || letThroughAhead.remove(seq)) {
            add(r, seq, Instant.parse(r.path("time").asString()), Decisions.pathInView(r));
        } else if (answer.equals("review") && TOOLS.contains(r.path("tool").asString(""))) {
            reviewed.put(seq, r);
        }
    }

    /** The decision at {@code seq}, sent to review, was let through by an earlier review's approval. */
    synchronized void letThrough(long seq) {
        JsonNode r = reviewed.remove(seq);
        if (r != null) {
            add(r, seq, Instant.parse(r.path("time").asString()), Decisions.pathInView(r));
        } else if (seq > newest) {
            letThroughAhead.add(seq);
        }
    }

    /** A review as {@code GET /v1/reviews/{id}} gives it: counts when it was resolved to allow. */
    void addApproved(JsonNode review) {
        if (!review.at("/resolution/decision").asString("").equals("allow")) {
            return;
        }
        Instant at = Instant.parse(review.at("/resolution/at").asString());
        String source = "reviews/resolved/%s/%s"
                .formatted(Decisions.day(at), review.path("id").asString());
        add(review.path("case"), -1, at, source);
        review.path("alsoDecided").forEach(seq -> letThrough(seq.asLong()));
    }

    /** Whether a review's call may have written a file (its brief case from a list is enough to tell). */
    static boolean writes(JsonNode review) {
        return TOOLS.contains(review.at("/case/tool").asString(""))
                && review.at("/resolution/decision").asString("").equals("allow");
    }

    private synchronized void add(JsonNode call, long seq, Instant time, String source) {
        String tool = call.path("tool").asString("");
        if (!TOOLS.contains(tool)) {
            return;
        }
        JsonNode input = call.path("input");
        Optional<String> path = underProject(call, input.path("file_path").asString(""));
        if (path.isEmpty()) {
            return;
        }
        List<Version> versions = byPath.computeIfAbsent(path.get(), p -> new ArrayList<>());
        Version added = new Version(
                path.get(),
                seq,
                time,
                call.path("agent").asString(""),
                tool,
                call.path("project").asString(""),
                source,
                input,
                null);
        int at = versions.size();
        while (at > 0 && ORDER.compare(versions.get(at - 1), added) > 0) {
            at--;
        }
        versions.add(at, added);
        for (int i = at; i < versions.size(); i++) {
            Version v = versions.get(i);
            Content before = i == 0
                    ? new Content.Unknown("never written whole")
                    : versions.get(i - 1).content();
            versions.set(
                    i,
                    new Version(
                            v.path(),
                            v.seq(),
                            v.time(),
                            v.agent(),
                            v.tool(),
                            v.project(),
                            v.source(),
                            v.input(),
                            after(v.tool(), v.input(), before, i == 0)));
        }
        hours.add(HOUR.format(time));
    }

    /** The path of {@code file} under the call's project, if it lies there. */
    private static Optional<String> underProject(JsonNode r, String file) {
        if (file.isEmpty()) {
            return Optional.empty();
        }
        try {
            Path project = Path.of(r.path("project").asString(r.path("cwd").asString("/")));
            Path cwd = Path.of(r.path("cwd").asString(project.toString()));
            Path abs = cwd.resolve(file).normalize();
            if (!abs.startsWith(project) || abs.equals(project)) {
                return Optional.empty();
            }
            return Optional.of(project.relativize(abs).toString());
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }

    /** The content after one change, from the content before it. */
    static Content after(String tool, JsonNode input, Content before, boolean first) {
        if (input.has("omittedChars")) {
            return new Content.Unknown("the input was too large to record");
        }
        if (tool.equals("Write")) {
            return known(input.path("content").asString(""));
        }
        List<JsonNode> edits = new ArrayList<>();
        if (tool.equals("Edit")) {
            edits.add(input);
        } else {
            input.path("edits").forEach(edits::add);
        }
        String text;
        if (before instanceof Content.Known(byte[] bytes)) {
            text = new String(bytes, StandardCharsets.UTF_8);
        } else if (first
                && edits.size() == 1
                && edits.getFirst().path("old_string").asString("").isEmpty()) {
            text = ""; // an edit of nothing into something creates the file
        } else {
            return before instanceof Content.Unknown u ? u : new Content.Unknown("never written whole");
        }
        for (JsonNode edit : edits) {
            String old = edit.path("old_string").asString("");
            String replacement = edit.path("new_string").asString("");
            boolean all = edit.path("replace_all").asBoolean(false);
            if (old.isEmpty()) {
                if (!text.isEmpty()) {
                    return new Content.Unknown("an edit with an empty old_string of a file that has content");
                }
                text = replacement;
                continue;
            }
            int at = text.indexOf(old);
            if (at < 0 || (!all && text.indexOf(old, at + 1) >= 0)) {
                return new Content.Unknown(
                        "an edit's old_string was not found once in the rebuilt content: the file changed outside"
                                + " Write and Edit, or the edit failed");
            }
            text = all
                    ? text.replace(old, replacement)
                    : text.substring(0, at) + replacement + text.substring(at + old.length());
        }
        return known(text);
    }

    private static Content known(String text) {
        return new Content.Known(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The hours ({@code YYYY-MM-DDTHH}, UTC) in which some file changed, oldest first. */
    synchronized List<String> hours() {
        return List.copyOf(hours);
    }

    synchronized boolean hasHour(String hour) {
        return hours.contains(hour);
    }

    /** When the hour named {@code YYYY-MM-DDTHH} ends. */
    static Instant endOf(String hour) {
        return Instant.parse(hour + ":00:00Z").plus(1, ChronoUnit.HOURS);
    }

    /**
     * Each file's last version before {@code end} (all versions when empty), by path, for the files under
     * {@code prefix} ({@code ""} or ending in {@code /}).
     */
    synchronized SortedMap<String, Version> state(String prefix, Optional<Instant> end) {
        SortedMap<String, Version> state = new TreeMap<>();
        SortedMap<String, List<Version>> under =
                prefix.isEmpty() ? byPath : byPath.subMap(prefix, prefix + Character.MAX_VALUE);
        for (Map.Entry<String, List<Version>> e : under.entrySet()) {
            Version last = null;
            for (Version v : e.getValue()) {
                if (end.isPresent() && !v.time().isBefore(end.get())) {
                    break;
                }
                last = v;
            }
            if (last != null) {
                state.put(e.getKey(), last);
            }
        }
        return state;
    }

    /** {@code <file>.lighthouse}: who wrote the file, when, under which decision, and whether its content is known. */
    synchronized byte[] note(Version v) {
        String content = switch (v.content()) {
            case Content.Known k -> "rebuilt from the recorded decisions";
            case Content.Unknown u -> "unknown: " + u.why();
        };
        boolean reviewed = v.seq() < 0;
        Note note = new Note(
                v.path(),
                v.project(),
                v.agent(),
                v.time().toString(),
                v.tool(),
                reviewed ? null : v.seq(),
                reviewed ? null : v.source(),
                reviewed ? v.source() : null,
                byPath.getOrDefault(v.path(), List.of()).size(),
                content);
        return ReviewsFolder.pretty(note).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * What a {@code <file>.lighthouse} note holds: {@code seq} and {@code decision} for a call allowed at once,
     * {@code review} for one approved by review.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    private record Note(
            String path,
            String project,
            String agent,
            String time,
            String tool,
            Long seq,
            String decision,
            String review,
            int versions,
            String content) {}
}
