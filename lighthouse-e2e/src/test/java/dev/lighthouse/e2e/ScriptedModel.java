package dev.lighthouse.e2e;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The only stub in the suite: a model on loopback speaking the wire protocols the agent CLIs use, Anthropic
 * Messages ({@code POST /v1/messages}), OpenAI Responses ({@code POST /v1/responses}), OpenAI-compatible chat
 * completions ({@code POST /v1/chat/completions}, streamed or not) and Gemini ({@code :streamGenerateContent},
 * {@code :generateContent}, {@code :countTokens}), streaming as SSE.
 *
 * <p>Its script is a list of {@link Step steps}, each one tool call: a shell command, or a call of a tool of an MCP
 * server the agent is connected to. A request of the agent's main loop is answered with the step after those whose
 * results the conversation already carries, and once every step has its result, with a final text; so the common
 * script of {@link #script(String) one shell command} has two turns. Side requests (titles, routing, token counts)
 * get a harmless answer. Every request is recorded, so a test can read the tool results the model received.
 * Thread-safe.
 */
final class ScriptedModel implements AutoCloseable {
    static final ObjectMapper JSON = JsonMapper.builder().build();
    static final String FINAL_TEXT = "Scripted model: done.";

    /** A request as it arrived: method, path with query, and the JSON body (an empty object if none). */
    record Request(String method, String path, JsonNode body) {}

    /** One tool call of a script. */
    sealed interface Step {}

    /** Runs {@code command} with the agent's shell tool. */
    record Shell(String command) implements Step {}

    /** Calls one of the agent's own tools by the name it offers it under, e.g. Claude Code's {@code Write}. */
    record Tool(String name, ObjectNode input) implements Step {}

    /**
     * Calls {@code tool} of the MCP server the agent knows as {@code server}, under whatever name the agent offers it
     * to the model ({@code mcp__server__tool} for Claude Code; see {@link #mcpNames}). {@code input} makes the
     * arguments from the results of the steps before, oldest first, so a step can use an id an earlier one returned.
     */
    record Mcp(String server, String tool, Function<List<String>, ObjectNode> input) implements Step {
        static Mcp call(String server, String tool, ObjectNode arguments) {
            return new Mcp(server, tool, earlier -> arguments);
        }
    }

    /** The names under which agents offer an MCP server's tool to their model, the likeliest first. */
    static List<String> mcpNames(String server, String tool) {
        return List.of("mcp__" + server + "__" + tool, server + "__" + tool, "mcp_" + server + "_" + tool, tool);
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicReference<List<Step>> steps = new AtomicReference<>(List.of(new Shell("true")));
    private final AtomicInteger ids = new AtomicInteger();

    ScriptedModel() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    /** {@code http://127.0.0.1:port}, no trailing slash. */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The shell command the next first turn asks to run; forgets earlier requests. */
    void script(String shellCommand) {
        script(List.of(new Shell(shellCommand)));
    }

    /** The tool calls the next conversations make, one a turn, in order; forgets earlier requests. */
    void script(List<Step> script) {
        steps.set(List.copyOf(script));
        requests.clear();
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    /** The tool results the agent sent back to the model, as text, in order: those of the longest conversation. */
    List<String> toolResults() {
        return requests.stream()
                .map(r -> toolResults(r.body()))
                .max(Comparator.comparingInt(List::size))
                .orElse(List.of());
    }

    /** Whether the model was ever asked for a turn with the tool call (the run got as far as the model). */
    boolean askedForTool() {
        return requests.stream()
                .anyMatch(r -> wantsTool(r.body()) && toolResult(r.body()).isEmpty());
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] raw = ex.getRequestBody().readAllBytes();
            JsonNode body = raw.length == 0 ? JsonNodeFactory.instance.objectNode() : parse(raw);
            URI uri = ex.getRequestURI();
            String path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            requests.add(new Request(ex.getRequestMethod(), path, body));
            String p = uri.getPath();
            if (p.endsWith("/messages/count_tokens")) {
                json(ex, 200, JsonNodeFactory.instance.objectNode().put("input_tokens", 10));
            } else if (p.endsWith("/messages")) {
                anthropic(ex, body);
            } else if (p.endsWith("/responses")) {
                openAi(ex, body);
            } else if (p.endsWith("/chat/completions")) {
                chat(ex, body);
            } else if (p.endsWith("/models") && ex.getRequestMethod().equals("GET")) {
                ObjectNode models = JsonNodeFactory.instance.objectNode().put("object", "list");
                models.putArray("data").addObject().put("id", "scripted").put("object", "model");
                json(ex, 200, models);
            } else if (p.endsWith(":countTokens")) {
                json(ex, 200, JsonNodeFactory.instance.objectNode().put("totalTokens", 10));
            } else if (p.endsWith(":streamGenerateContent")) {
                sse(ex, List.of(new Sse(null, gemini(body))));
            } else if (p.endsWith(":generateContent")) {
                json(ex, 200, gemini(body));
            } else {
                ObjectNode err = JsonNodeFactory.instance.objectNode();
                err.putObject("error").put("message", "scripted model: no such endpoint " + p);
                json(ex, 404, err);
            }
        }
    }

    private static JsonNode parse(byte[] raw) {
        try {
            return JSON.readTree(raw);
        } catch (RuntimeException e) {
            return JsonNodeFactory.instance.objectNode().put("unparsed", new String(raw, UTF_8));
        }
    }

    // ------------------------------------------------------------------ which turn

    /** Whether the request offers tools (the agent's main loop, not a title or routing side request). */
    private static boolean wantsTool(JsonNode body) {
        JsonNode tools = body.get("tools");
        return tools != null && tools.isArray() && !tools.isEmpty();
    }

    /**
     * The step to answer with: the first whose result the conversation does not carry yet, if the request is the
     * agent's main loop (it offers tools).
     */
    private Optional<Step> next(JsonNode body) {
        List<Step> script = steps.get();
        int done = toolResults(body).size();
        return wantsTool(body) && done < script.size() ? Optional.of(script.get(done)) : Optional.empty();
    }

    /** Every tool result the conversation carries, oldest first, as text, in any of the protocols. */
    static List<String> toolResults(JsonNode body) {
        List<String> results = new ArrayList<>();
        for (JsonNode message : body.path("messages")) {
            if (message.path("role").asString("").equals("tool")) {
                results.add(text(message.path("content"))); // OpenAI chat completions
            }
            for (JsonNode block : message.path("content")) {
                if (block.path("type").asString("").equals("tool_result")) { // Anthropic
                    results.add(text(block.path("content"))
                            + (block.path("is_error").asBoolean(false) ? " [is_error]" : ""));
                }
            }
        }
        for (JsonNode item : body.path("input")) { // OpenAI Responses
            if (item.path("type").asString("").equals("function_call_output")) {
                results.add(text(item.path("output")));
            }
        }
        for (JsonNode content : body.path("contents")) { // Gemini
            for (JsonNode part : content.path("parts")) {
                if (part.has("functionResponse")) {
                    results.add(part.get("functionResponse").toString());
                }
            }
        }
        return results;
    }

    /** The names of the tools a request offers, in any of the protocols. */
    private static List<String> offered(JsonNode body) {
        List<String> names = new ArrayList<>();
        for (JsonNode t : body.path("tools")) {
            names.add(t.path("function").path("name").asString(t.path("name").asString("")));
            for (JsonNode f : t.path("functionDeclarations")) {
                names.add(f.path("name").asString(""));
            }
        }
        return names;
    }

    /** The name the request offers an MCP step's tool under (Claude Code's form if it offers none of them). */
    private static String offeredName(JsonNode body, Mcp step) {
        List<String> offered = offered(body);
        List<String> names = mcpNames(step.server(), step.tool());
        return names.stream().filter(offered::contains).findFirst().orElse(names.getFirst());
    }

    /** A call of {@code step}: the tool's name as the request offers it, and its arguments. */
    private record Call(String name, ObjectNode input) {}

    private static Call call(JsonNode body, Step step, String shellTool, String commandField) {
        return switch (step) {
            case Shell sh ->
                new Call(shellTool, JsonNodeFactory.instance.objectNode().put(commandField, sh.command()));
            case Tool t -> new Call(t.name(), t.input());
            case Mcp m -> new Call(offeredName(body, m), m.input().apply(toolResults(body)));
        };
    }

    /** The tool result in the latest user turn of any of the three protocols, as text. */
    static Optional<String> toolResult(JsonNode body) {
        // Anthropic: messages[-1].content[] of type tool_result
        JsonNode messages = body.path("messages");
        if (messages.isArray() && !messages.isEmpty()) {
            JsonNode last = messages.get(messages.size() - 1);
            for (JsonNode block : last.path("content")) {
                if (block.path("type").asString("").equals("tool_result")) {
                    return Optional.of(text(block.path("content"))
                            + (block.path("is_error").asBoolean(false) ? " [is_error]" : ""));
                }
            }
        }
        // OpenAI chat completions: messages[-1] with role tool
        if (messages.isArray() && !messages.isEmpty()) {
            JsonNode last = messages.get(messages.size() - 1);
            if (last.path("role").asString("").equals("tool")) {
                return Optional.of(text(last.path("content")));
            }
        }
        // OpenAI Responses: input[] items of type function_call_output (the last one)
        JsonNode input = body.path("input");
        if (input.isArray()) {
            String found = null;
            for (JsonNode item : input) {
                if (item.path("type").asString("").equals("function_call_output")) {
                    found = text(item.path("output"));
                }
            }
            if (found != null) {
                return Optional.of(found);
            }
        }
        // Gemini: contents[-1].parts[] with a functionResponse
        JsonNode contents = body.path("contents");
        if (contents.isArray() && !contents.isEmpty()) {
            JsonNode last = contents.get(contents.size() - 1);
            for (JsonNode part : last.path("parts")) {
                if (part.has("functionResponse")) {
                    return Optional.of(part.get("functionResponse").toString());
                }
            }
        }
        return Optional.empty();
    }

    private static String text(JsonNode content) {
        if (content.isString()) {
            return content.asString();
        }
        if (content.isArray()) {
            StringBuilder sb = new StringBuilder();
            for (JsonNode c : content) {
                sb.append(c.isString() ? c.asString() : c.path("text").asString(c.toString()));
            }
            return sb.toString();
        }
        return content.toString();
    }

    // ------------------------------------------------------------------ Anthropic Messages

    private void anthropic(HttpExchange ex, JsonNode body) throws IOException {
        Optional<Call> call =
                offers(body, "Bash") ? next(body).map(step -> call(body, step, "Bash", "command")) : Optional.empty();
        boolean toolTurn = call.isPresent();
        String id = "msg_" + ids.incrementAndGet();
        String model = body.path("model").asString("claude-scripted");
        ObjectNode usage =
                JsonNodeFactory.instance.objectNode().put("input_tokens", 10).put("output_tokens", 5);
        if (!body.path("stream").asBoolean(false)) {
            ObjectNode msg = JsonNodeFactory.instance.objectNode();
            msg.put("id", id).put("type", "message").put("role", "assistant").put("model", model);
            ArrayNode content = msg.putArray("content");
            if (toolTurn) {
                ObjectNode use = content.addObject().put("type", "tool_use").put("id", "toolu_" + id);
                use.put("name", call.get().name()).set("input", call.get().input());
            } else {
                content.addObject().put("type", "text").put("text", FINAL_TEXT);
            }
            msg.put("stop_reason", toolTurn ? "tool_use" : "end_turn").putNull("stop_sequence");
            msg.set("usage", usage);
            json(ex, 200, msg);
            return;
        }
        List<Sse> events = new ArrayList<>();
        ObjectNode start = JsonNodeFactory.instance.objectNode().put("type", "message_start");
        ObjectNode msg = start.putObject("message");
        msg.put("id", id).put("type", "message").put("role", "assistant").put("model", model);
        msg.putArray("content");
        msg.putNull("stop_reason").putNull("stop_sequence").set("usage", usage);
        events.add(new Sse("message_start", start));
        ObjectNode blockStart = JsonNodeFactory.instance.objectNode().put("type", "content_block_start");
        blockStart.put("index", 0);
        ObjectNode delta = JsonNodeFactory.instance.objectNode().put("type", "content_block_delta");
        delta.put("index", 0);
        if (toolTurn) {
            ObjectNode block = blockStart.putObject("content_block");
            block.put("type", "tool_use")
                    .put("id", "toolu_" + id)
                    .put("name", call.get().name())
                    .putObject("input");
            String input = call.get().input().toString();
            delta.putObject("delta").put("type", "input_json_delta").put("partial_json", input);
        } else {
            blockStart.putObject("content_block").put("type", "text").put("text", "");
            delta.putObject("delta").put("type", "text_delta").put("text", FINAL_TEXT);
        }
        events.add(new Sse("content_block_start", blockStart));
        events.add(new Sse("content_block_delta", delta));
        events.add(new Sse(
                "content_block_stop",
                JsonNodeFactory.instance
                        .objectNode()
                        .put("type", "content_block_stop")
                        .put("index", 0)));
        ObjectNode end = JsonNodeFactory.instance.objectNode().put("type", "message_delta");
        end.putObject("delta")
                .put("stop_reason", toolTurn ? "tool_use" : "end_turn")
                .putNull("stop_sequence");
        end.putObject("usage").put("output_tokens", 5);
        events.add(new Sse("message_delta", end));
        events.add(new Sse("message_stop", JsonNodeFactory.instance.objectNode().put("type", "message_stop")));
        sse(ex, events);
    }

    private static boolean offers(JsonNode body, String tool) {
        for (JsonNode t : body.path("tools")) {
            if (t.path("name").asString("").equals(tool)) {
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------ OpenAI Responses

    private void openAi(HttpExchange ex, JsonNode body) throws IOException {
        Optional<Call> call = next(body).map(step -> call(body, step, "exec_command", "cmd"));
        boolean toolTurn = call.isPresent();
        String id = "resp_" + ids.incrementAndGet();
        List<Sse> events = new ArrayList<>();
        ObjectNode created = JsonNodeFactory.instance.objectNode().put("type", "response.created");
        created.putObject("response").put("id", id);
        events.add(new Sse("response.created", created));
        ObjectNode done = JsonNodeFactory.instance.objectNode().put("type", "response.output_item.done");
        done.put("output_index", 0);
        ObjectNode item = done.putObject("item");
        if (toolTurn) {
            String args = call.get().input().toString();
            item.put("type", "function_call").put("id", "fc_" + id).put("call_id", "call_" + id);
            item.put("name", call.get().name()).put("arguments", args).put("status", "completed");
        } else {
            item.put("type", "message").put("id", "msg_" + id).put("role", "assistant");
            item.put("status", "completed");
            ObjectNode text = item.putArray("content").addObject();
            text.put("type", "output_text").put("text", FINAL_TEXT).putArray("annotations");
        }
        events.add(new Sse("response.output_item.done", done));
        ObjectNode completed = JsonNodeFactory.instance.objectNode().put("type", "response.completed");
        ObjectNode response = completed.putObject("response").put("id", id);
        response.putObject("usage")
                .put("input_tokens", 10)
                .putNull("input_tokens_details")
                .put("output_tokens", 5)
                .putNull("output_tokens_details")
                .put("total_tokens", 15);
        events.add(new Sse("response.completed", completed));
        sse(ex, events);
    }

    // ------------------------------------------------------------------ OpenAI chat completions

    /** The shell tools of the agents that speak chat completions, by the name they offer it under. */
    private static final List<String> SHELL_TOOLS =
            List.of("bash", "run_shell_command", "execute_command", "shell", "run_commands");

    private void chat(HttpExchange ex, JsonNode body) throws IOException {
        Optional<Call> shell = shellTool(body)
                .flatMap(tool -> next(body).map(step -> switch (step) {
                    case Shell sh -> new Call(tool, shellArguments(tool, sh.command()));
                    default -> call(body, step, tool, "command");
                }));
        String id = "chatcmpl_" + ids.incrementAndGet();
        String model = body.path("model").asString("scripted");
        ObjectNode message = JsonNodeFactory.instance.objectNode().put("role", "assistant");
        if (shell.isPresent()) {
            String args = shell.get().input().toString();
            message.putNull("content");
            ObjectNode call = message.putArray("tool_calls").addObject();
            call.put("id", "call_" + id).put("type", "function");
            call.putObject("function").put("name", shell.get().name()).put("arguments", args);
        } else {
            message.put("content", FINAL_TEXT);
        }
        String finish = shell.isPresent() ? "tool_calls" : "stop";
        ObjectNode usage = JsonNodeFactory.instance
                .objectNode()
                .put("prompt_tokens", 10)
                .put("completion_tokens", 5)
                .put("total_tokens", 15);
        if (!body.path("stream").asBoolean(false)) {
            ObjectNode completion = JsonNodeFactory.instance.objectNode().put("id", id);
            completion.put("object", "chat.completion").put("created", 1).put("model", model);
            ObjectNode choice = completion.putArray("choices").addObject().put("index", 0);
            choice.set("message", message);
            choice.put("finish_reason", finish);
            completion.set("usage", usage);
            json(ex, 200, completion);
            return;
        }
        if (shell.isPresent()) {
            ((ObjectNode) message.get("tool_calls").get(0)).put("index", 0);
        }
        ObjectNode first = chunk(id, model);
        ((ObjectNode) first.get("choices").get(0)).set("delta", message);
        ObjectNode last = chunk(id, model);
        ((ObjectNode) last.get("choices").get(0)).put("finish_reason", finish).putObject("delta");
        last.set("usage", usage);
        sse(ex, List.of(new Sse(null, first), new Sse(null, last)), "data: [DONE]\n\n");
    }

    /** Cline's {@code run_commands} takes a list of commands; the others one command and a description. */
    private static ObjectNode shellArguments(String tool, String command) {
        ObjectNode args = JsonNodeFactory.instance.objectNode();
        if (tool.equals("run_commands")) {
            args.putArray("commands").add(command);
        } else {
            args.put("command", command).put("description", "Runs the scripted command.");
        }
        return args;
    }

    private static ObjectNode chunk(String id, String model) {
        ObjectNode chunk = JsonNodeFactory.instance.objectNode().put("id", id);
        chunk.put("object", "chat.completion.chunk").put("created", 1).put("model", model);
        chunk.putArray("choices").addObject().put("index", 0).putNull("finish_reason");
        return chunk;
    }

    /** The first of {@link #SHELL_TOOLS} the request offers, by its function name. */
    private static Optional<String> shellTool(JsonNode body) {
        List<String> offered = new ArrayList<>();
        for (JsonNode t : body.path("tools")) {
            offered.add(t.path("function").path("name").asString(t.path("name").asString("")));
        }
        return SHELL_TOOLS.stream().filter(offered::contains).findFirst();
    }

    // ------------------------------------------------------------------ Gemini

    private ObjectNode gemini(JsonNode body) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ObjectNode candidate = root.putArray("candidates").addObject();
        ObjectNode content = candidate.putObject("content").put("role", "model");
        ArrayNode parts = content.putArray("parts");
        JsonNode config = body.path("generationConfig");
        JsonNode schema =
                config.has("responseJsonSchema") ? config.get("responseJsonSchema") : config.get("responseSchema");
        if (schema != null) {
            // A side request wanting JSON (model routing, next speaker): answer by the schema.
            parts.addObject().put("text", fill(schema).toString());
        } else if (next(body).isPresent()) {
            Call next = call(body, next(body).get(), "run_shell_command", "command");
            parts.addObject().putObject("functionCall").put("name", next.name()).set("args", next.input());
        } else {
            parts.addObject().put("text", FINAL_TEXT);
        }
        candidate.put("finishReason", "STOP").put("index", 0);
        root.putObject("usageMetadata")
                .put("promptTokenCount", 10)
                .put("candidatesTokenCount", 5)
                .put("totalTokenCount", 15);
        return root;
    }

    /** A value matching a JSON schema: first enum value (the user speaks next), the minimum, short strings. */
    private static JsonNode fill(JsonNode schema) {
        JsonNode enumeration = schema.path("enum");
        if (enumeration.isArray() && !enumeration.isEmpty()) {
            for (JsonNode e : enumeration) {
                if (e.asString("").equals("user")) {
                    return e;
                }
            }
            return enumeration.get(0);
        }
        String type = schema.path("type").asString("object").toLowerCase(java.util.Locale.ROOT);
        return switch (type) {
            case "object" -> {
                ObjectNode o = JsonNodeFactory.instance.objectNode();
                for (var field : schema.path("properties").properties()) {
                    o.set(field.getKey(), fill(field.getValue()));
                }
                yield o;
            }
            case "array" -> JsonNodeFactory.instance.arrayNode();
            case "boolean" -> JsonNodeFactory.instance.booleanNode(false);
            case "number", "integer" ->
                JsonNodeFactory.instance.numberNode(schema.path("minimum").asInt(1));
            default -> JsonNodeFactory.instance.stringNode("scripted");
        };
    }

    // ------------------------------------------------------------------ wire

    private record Sse(String event, JsonNode data) {}

    private static void sse(HttpExchange ex, List<Sse> events) throws IOException {
        sse(ex, events, "");
    }

    private static void sse(HttpExchange ex, List<Sse> events, String trailer) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "text/event-stream");
        ex.getResponseHeaders().set("Cache-Control", "no-cache");
        ex.sendResponseHeaders(200, 0);
        try (OutputStream out = ex.getResponseBody()) {
            for (Sse e : events) {
                String frame = (e.event() == null ? "" : "event: " + e.event() + "\n") + "data: " + e.data() + "\n\n";
                out.write(frame.getBytes(UTF_8));
                out.flush();
            }
            out.write(trailer.getBytes(UTF_8));
        }
    }

    private static void json(HttpExchange ex, int status, JsonNode body) throws IOException {
        byte[] bytes = body.toString().getBytes(UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}
