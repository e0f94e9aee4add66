package dev.lighthouse.bridge.mcp;

import static java.util.Objects.requireNonNull;

import dev.lighthouse.bridge.auth.Permission;

/**
 * One MCP tool: all it takes to add one is a value of this record, registered with {@link LighthouseMcp}.
 *
 * <p>The framework does the rest for every tool alike: it refuses a caller whose role lacks {@code needs} (the same
 * permissions as the HTTP API), checks the arguments against {@code input} and answers a JSON-RPC invalid-params error
 * naming each bad field, binds them to {@code arguments} (a record, through Jackson), calls the handler, and returns
 * its record as the result's structured content (and as JSON text, for clients that read only text). A
 * {@link ToolRefusal} from the handler becomes an error result the model can read.
 *
 * @param name the tool's name as clients call it, e.g. {@code review_vote}
 * @param description what it does, when to use it and what it returns, written for the model that chooses tools
 * @param needs the permission the caller's role must have
 * @param arguments the record the arguments bind to ({@link NoArguments} for none)
 * @param handler does the work; returns a record (or a list or map of them)
 */
public record McpTool<A>(
        String name, String description, Permission needs, InputSchema input, Class<A> arguments, Handler<A> handler) {
    public McpTool {
        requireNonNull(name, "name");
        requireNonNull(description, "description");
        requireNonNull(needs, "needs");
        requireNonNull(input, "input");
        requireNonNull(arguments, "arguments");
        requireNonNull(handler, "handler");
        if (!name.matches("[a-z][a-z0-9_]{0,63}")) {
            throw new IllegalArgumentException(
                    "tool name \"%s\" must be snake_case, 1 to 64 characters".formatted(name));
        }
    }

    /** What a tool does with its caller and bound arguments. */
    @FunctionalInterface
    public interface Handler<A> {
        /**
         * @throws InvalidArgument an argument is wrong in a way the schema cannot say
         * @throws ToolRefusal the domain refuses the call
         */
        Object call(Caller caller, A arguments);
    }

    /** The arguments of a tool that takes none. */
    public record NoArguments() {}
}
