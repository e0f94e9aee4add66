package dev.lighthouse.policy.call;

import static java.util.Objects.requireNonNull;

import dev.lighthouse.policy.verdict.Verdict;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * One call in the JSON-lines format of {@code lighthouse check --jsonl} and of the labelled corpus:
 *
 * <pre>{@code
 * {"id": "1", "tool": "Bash", "input": {"command": "git status"}, "cwd": "/srv/app",
 *  "project": "/srv/app", "home": "/home/dev", "expect": "allow", "category": "ordinary/git"}
 * }</pre>
 *
 * <p>{@code project}, {@code home}, {@code expect} and {@code category} are optional; {@code cwd} and {@code home}
 * default to the reader's. When {@code project} is absent the reader's {@code projectRoot} function decides (the CLI
 * looks for a git root above cwd; that is I/O, so it stays out of this class).
 *
 * @param id the caller's id, echoed in the answer
 * @param call the call
 * @param expect the expected decision, for corpora and fixtures
 * @param category a label for grouping, e.g. {@code deny/revshell}
 */
public record CallLine(String id, ToolCall call, Optional<Verdict> expect, String category) {
    public CallLine {
        requireNonNull(id, "id");
        requireNonNull(call, "call");
        requireNonNull(expect, "expect");
        requireNonNull(category, "category");
    }

    /**
     * Reads one parsed JSON object.
     *
     * @throws IllegalArgumentException naming the missing or malformed field
     */
    public static CallLine fromJson(
            JsonNode line, Path defaultCwd, Path defaultHome, Function<Path, Path> projectRoot) {
        if (line == null || !line.isObject()) {
            throw new IllegalArgumentException("each line must be a JSON object");
        }
        String id = text(line, "id").orElse("");
        String tool =
                text(line, "tool").orElseThrow(() -> new IllegalArgumentException("missing string field \"tool\""));
        ToolInput input = ToolInputs.fromJson(tool, line.get("input"));
        Path cwd = text(line, "cwd").map(Path::of).orElse(defaultCwd);
        Path home = text(line, "home").map(Path::of).orElse(defaultHome);
        if (!cwd.isAbsolute()) {
            throw new IllegalArgumentException("\"cwd\" must be an absolute path, got " + cwd);
        }
        Path project = text(line, "project").map(Path::of).orElseGet(() -> projectRoot.apply(cwd));
        Optional<Verdict> expect = text(line, "expect").map(Verdict::parse);
        String category = text(line, "category").orElse("");
        return new CallLine(id, new ToolCall("cli", "", input, cwd, project, home), expect, category);
    }

    private static Optional<String> text(JsonNode line, String field) {
        JsonNode value = line.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isString()) {
            throw new IllegalArgumentException("field \"" + field + "\" must be a string");
        }
        return Optional.of(value.asString());
    }
}
