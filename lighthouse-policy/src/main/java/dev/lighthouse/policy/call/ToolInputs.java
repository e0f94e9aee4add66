package dev.lighthouse.policy.call;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/** Reads a {@link ToolInput} from an agent's {@code tool_name} and {@code tool_input} JSON. */
public final class ToolInputs {
    private ToolInputs() {}

    /**
     * Maps hook-payload fields to the typed input: {@code command}, {@code file_path}, {@code content},
     * {@code old_string}, {@code new_string}, {@code edits}, {@code notebook_path}, {@code new_source},
     * {@code pattern}, {@code path}, {@code url}, {@code prompt}, {@code query}.
     *
     * @throws IllegalArgumentException naming the missing or mistyped field
     */
    public static ToolInput fromJson(String tool, JsonNode input) {
        JsonNode in = input == null || input.isNull() ? JsonNodeFactory.instance.objectNode() : input;
        if (!in.isObject()) {
            throw new IllegalArgumentException("tool input of " + tool + " must be a JSON object");
        }
        return switch (tool) {
            case "Bash" -> new ToolInput.Bash(text(in, tool, "command"));
            case "Write" -> new ToolInput.Write(text(in, tool, "file_path"), text(in, tool, "content"));
            case "Edit" ->
                new ToolInput.Edit(
                        text(in, tool, "file_path"), text(in, tool, "old_string"), text(in, tool, "new_string"));
            case "MultiEdit" -> new ToolInput.MultiEdit(text(in, tool, "file_path"), changes(in, tool));
            case "NotebookEdit" ->
                new ToolInput.NotebookEdit(text(in, tool, "notebook_path"), optional(in, "new_source", ""));
            case "Read" -> new ToolInput.Read(text(in, tool, "file_path"));
            case "Glob" -> new ToolInput.Glob(text(in, tool, "pattern"), optionalPath(in));
            case "Grep" -> new ToolInput.Grep(text(in, tool, "pattern"), optionalPath(in));
            case "WebFetch" -> new ToolInput.WebFetch(text(in, tool, "url"), optional(in, "prompt", ""));
            case "WebSearch" -> new ToolInput.WebSearch(text(in, tool, "query"));
            default -> mcpOrOther(tool, in);
        };
    }

    private static ToolInput mcpOrOther(String tool, JsonNode in) {
        if (tool.startsWith("mcp__")) {
            int split = tool.indexOf("__", 5);
            if (split > 5 && split + 2 < tool.length()) {
                return new ToolInput.Mcp(tool.substring(5, split), tool.substring(split + 2), in);
            }
        }
        return new ToolInput.Other(tool, in);
    }

    private static List<ToolInput.MultiEdit.Change> changes(JsonNode in, String tool) {
        JsonNode edits = in.get("edits");
        if (edits == null || !edits.isArray()) {
            throw new IllegalArgumentException(tool + " input needs an array field \"edits\"");
        }
        List<ToolInput.MultiEdit.Change> changes = new ArrayList<>();
        for (JsonNode edit : edits) {
            changes.add(new ToolInput.MultiEdit.Change(text(edit, tool, "old_string"), text(edit, tool, "new_string")));
        }
        return changes;
    }

    private static Optional<String> optionalPath(JsonNode in) {
        JsonNode path = in.get("path");
        return path != null && path.isString() && !path.asString().isBlank()
                ? Optional.of(path.asString())
                : Optional.empty();
    }

    private static String optional(JsonNode in, String field, String fallback) {
        JsonNode value = in.get(field);
        return value != null && value.isString() ? value.asString() : fallback;
    }

    private static String text(JsonNode in, String tool, String field) {
        JsonNode value = in.get(field);
        if (value == null || !value.isString()) {
            throw new IllegalArgumentException(tool + " input needs a string field \"" + field + "\"");
        }
        return value.asString();
    }
}
