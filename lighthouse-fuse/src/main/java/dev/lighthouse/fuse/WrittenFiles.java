package dev.lighthouse.fuse;

import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/**
 * The files agents wrote through Write, Edit and MultiEdit, rebuilt from the recorded decisions: every version of
 * every file, by its path under the call's project. Fed by {@link Activity}; thread-safe.
 *
 * <p>What counts: a call the agent was let make ({@code allow}, or {@code unmatched}, where the agent's own permissions
 * decide). A file's content is known from a whole {@code Write} on, and stays known while each edit's
 * {@code old_string} is found (exactly once unless {@code replace_all}), as the agents' tools require; otherwise the file
 * changed in a way the decisions do not show (a shell command, a failed edit, an input too large to record) and its
 * content is unknown until the next {@code Write}. Recorded inputs have their secrets redacted, and so do the files
 * rebuilt from them. Files outside their call's project are left out.
 */
final class WrittenFiles {
    private static final DateTimeFormatter HOUR =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH").withZone(ZoneOffset.UTC);

    /** What is known of a file's content after one change. */
    sealed interface Content {
        record Known(byte[] bytes) implements Content {}

        record Unknown(String why) implements Content {}
    }

    /** One change of one file: the decision it came from, and the content after it. */
    record Version(
            String path,
            long seq,
            Instant time,
            String agent,
            String tool,
            String project,
            String decision,
            Content content) {}

    private final TreeMap<String, List<Version>> byPath = new TreeMap<>();
    private final TreeSet<String> hours = new TreeSet<>();

    synchronized void add(JsonNode r) {
        String tool = r.path("tool").asString("");
        String answer = r.path("answer").asString("");
        if (!(tool.equals("Write") || tool.equals("Edit") || tool.equals("MultiEdit"))
                || !(answer.equals("allow") || answer.equals("unmatched"))) {
            return;
        }
        JsonNode input = r.path("input");
        Optional<String> path = underProject(r, input.path("file_path").asString(""));
        if (path.isEmpty()) {
            return;
        }
        List<Version> versions = byPath.computeIfAbsent(path.get(), p -> new ArrayList<>());
        Content before = versions.isEmpty()
                ? new Content.Unknown("never written whole")
                : versions.getLast().content();
        Instant time = Instant.parse(r.path("time").asString());
        versions.add(new Version(
                path.get(),
                r.path("seq").asLong(),
                time,
                r.path("agent").asString(""),
                tool,
                r.path("project").asString(""),
                Decisions.pathInView(r),
                after(tool, input, before, versions.isEmpty())));
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
        Note note = new Note(
                v.path(),
                v.project(),
                v.agent(),
                v.time().toString(),
                v.tool(),
                v.seq(),
                v.decision(),
                byPath.getOrDefault(v.path(), List.of()).size(),
                content);
        return ReviewsFolder.pretty(note).getBytes(StandardCharsets.UTF_8);
    }

    /** What a {@code <file>.lighthouse} note holds. */
    private record Note(
            String path,
            String project,
            String agent,
            String time,
            String tool,
            long seq,
            String decision,
            int versions,
            String content) {}
}
