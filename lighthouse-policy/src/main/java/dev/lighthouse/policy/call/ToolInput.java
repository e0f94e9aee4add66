package dev.lighthouse.policy.call;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * What an agent asks a tool to do: one variant per tool Lighthouse understands, {@link Mcp} for MCP tools
 * ({@code mcp__server__tool}) and {@link Other} for any tool it does not know.
 *
 * <p>Field names follow the agents' hook payloads ({@code file_path} is {@link Write#filePath()}); see
 * {@link ToolInputs#fromJson} for the mapping.
 */
public sealed interface ToolInput {

    /** The tool's name as agents spell it: {@code Bash}, {@code Write}, {@code mcp__github__create_issue}. */
    String tool();

    /** A shell command line, analysed by {@code lighthouse-shell}. */
    record Bash(String command) implements ToolInput {
        public Bash {
            requireNonNull(command, "command");
        }

        @Override
        public String tool() {
            return "Bash";
        }
    }

    /** Creates or replaces a whole file. */
    record Write(String filePath, String content) implements ToolInput {
        public Write {
            requireNonNull(filePath, "filePath");
            requireNonNull(content, "content");
        }

        @Override
        public String tool() {
            return "Write";
        }
    }

    /** Replaces one string in a file. */
    record Edit(String filePath, String oldString, String newString) implements ToolInput {
        public Edit {
            requireNonNull(filePath, "filePath");
            requireNonNull(oldString, "oldString");
            requireNonNull(newString, "newString");
        }

        @Override
        public String tool() {
            return "Edit";
        }
    }

    /** Several replacements in one file. */
    record MultiEdit(String filePath, List<Change> edits) implements ToolInput {
        public MultiEdit {
            requireNonNull(filePath, "filePath");
            edits = List.copyOf(edits);
        }

        /** One replacement of a {@link MultiEdit}. */
        public record Change(String oldString, String newString) {
            public Change {
                requireNonNull(oldString, "oldString");
                requireNonNull(newString, "newString");
            }
        }

        @Override
        public String tool() {
            return "MultiEdit";
        }
    }

    /** Replaces, inserts or deletes a cell of a Jupyter notebook. */
    record NotebookEdit(String notebookPath, String newSource) implements ToolInput {
        public NotebookEdit {
            requireNonNull(notebookPath, "notebookPath");
            requireNonNull(newSource, "newSource");
        }

        @Override
        public String tool() {
            return "NotebookEdit";
        }
    }

    /** Reads a file. */
    record Read(String filePath) implements ToolInput {
        public Read {
            requireNonNull(filePath, "filePath");
        }

        @Override
        public String tool() {
            return "Read";
        }
    }

    /** Lists files matching a glob, under {@code path} or the working directory. */
    record Glob(String pattern, Optional<String> path) implements ToolInput {
        public Glob {
            requireNonNull(pattern, "pattern");
            requireNonNull(path, "path");
        }

        @Override
        public String tool() {
            return "Glob";
        }
    }

    /** Searches file contents under {@code path} or the working directory. */
    record Grep(String pattern, Optional<String> path) implements ToolInput {
        public Grep {
            requireNonNull(pattern, "pattern");
            requireNonNull(path, "path");
        }

        @Override
        public String tool() {
            return "Grep";
        }
    }

    /** Fetches a URL. */
    record WebFetch(String url, String prompt) implements ToolInput {
        public WebFetch {
            requireNonNull(url, "url");
            requireNonNull(prompt, "prompt");
        }

        @Override
        public String tool() {
            return "WebFetch";
        }
    }

    /** Runs a web search. */
    record WebSearch(String query) implements ToolInput {
        public WebSearch {
            requireNonNull(query, "query");
        }

        @Override
        public String tool() {
            return "WebSearch";
        }
    }

    /** A tool of an MCP server, named {@code mcp__<server>__<tool>} by the agent. */
    record Mcp(String server, String name, JsonNode arguments) implements ToolInput {
        public Mcp {
            requireNonNull(server, "server");
            requireNonNull(name, "name");
            requireNonNull(arguments, "arguments");
        }

        @Override
        public String tool() {
            return "mcp__" + server + "__" + name;
        }
    }

    /** Any other tool (e.g. {@code Agent}, {@code TodoWrite}); its input is kept as given. */
    record Other(String tool, JsonNode input) implements ToolInput {
        public Other {
            requireNonNull(tool, "tool");
            requireNonNull(input, "input");
        }
    }
}
