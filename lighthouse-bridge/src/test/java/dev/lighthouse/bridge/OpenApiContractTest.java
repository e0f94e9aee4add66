package dev.lighthouse.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The OpenAPI document in the repository matches the real bridge: every documented path is exercised, and every
 * real response validates against the schema documented for its path, method and status.
 */
class OpenApiContractTest {
    @TempDir
    static Path dataDir;

    static RunningBridge running;
    static JsonNode spec;

    @BeforeAll
    static void start() throws Exception {
        running = new RunningBridge(dataDir);
        try (InputStream in = OpenApiContractTest.class.getResourceAsStream("/dev/lighthouse/bridge/openapi.yaml")) {
            spec = YAMLMapper.builder().build().readTree(in);
        }
    }

    @AfterAll
    static void stop() {
        running.close();
    }

    @Test
    void servedDocument_isTheRepositoryFile() {
        var reply = running.get("/openapi.yaml");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(YAMLMapper.builder().build().readTree(reply.body())).isEqualTo(spec);
    }

    @Test
    void everyDocumentedPath_respondsAsDocumented() {
        Set<String> exercised = new HashSet<>();
        List<String> problems = new ArrayList<>();
        String cc = RunningBridge.claudeCodeBash("rm -rf ~");
        check(
                "post",
                "/v1/hooks/claude-code/ran",
                running.post(
                        "/v1/hooks/claude-code/ran",
                        RunningBridge.claudeCodeBash("ls -la").replace("PreToolUse", "PostToolUse")),
                exercised,
                problems);
        for (String command : new String[] {"rm -rf ~", "ls -la", "sudo reboot", "echo hi"}) {
            check(
                    "post",
                    "/v1/hooks/claude-code",
                    running.post("/v1/hooks/claude-code", RunningBridge.claudeCodeBash(command)),
                    exercised,
                    problems);
            check(
                    "post",
                    "/v1/hooks/codex",
                    running.post("/v1/hooks/codex", RunningBridge.claudeCodeBash(command)),
                    exercised,
                    problems);
            check(
                    "post",
                    "/v1/hooks/gemini",
                    running.post("/v1/hooks/gemini", RunningBridge.geminiShell(command)),
                    exercised,
                    problems);
            check(
                    "post",
                    "/v1/hooks/opencode",
                    running.post("/v1/hooks/opencode", RunningBridge.openCodeBash(command)),
                    exercised,
                    problems);
            check(
                    "post",
                    "/v1/hooks/copilot",
                    running.post("/v1/hooks/copilot", RunningBridge.copilotBash(command)),
                    exercised,
                    problems);
            check(
                    "post",
                    "/v1/hooks/qwen",
                    running.post("/v1/hooks/qwen", RunningBridge.qwenShell(command)),
                    exercised,
                    problems);
            check(
                    "post",
                    "/v1/hooks/cline",
                    running.post("/v1/hooks/cline", RunningBridge.clineCommand(command)),
                    exercised,
                    problems);
            check(
                    "post",
                    "/v1/decisions",
                    running.post("/v1/decisions", AuthTest.nativeCall(command)),
                    exercised,
                    problems);
        }
        check("post", "/v1/hooks/codex", running.post("/v1/hooks/codex", "{bad"), exercised, problems);
        check("post", "/v1/decisions", running.post("/v1/decisions", "{bad"), exercised, problems);
        check("post", "/v1/decisions", running.post("/v1/decisions", "text/plain", cc, null), exercised, problems);
        check("get", "/v1/decisions", running.get("/v1/decisions?limit=2"), exercised, problems);
        check("get", "/v1/decisions", running.get("/v1/decisions?decision=deny&tool=Bash"), exercised, problems);
        check("get", "/v1/decisions", running.get("/v1/decisions?limit=-1"), exercised, problems);
        check("get", "/v1/decisions/names", running.get("/v1/decisions/names?limit=2"), exercised, problems);
        check("get", "/v1/decisions/names", running.get("/v1/decisions/names?limit=0"), exercised, problems);
        check("get", "/v1/status", running.get("/v1/status"), exercised, problems);
        check("get", "/v1/cluster", running.get("/v1/cluster"), exercised, problems);
        running.bridge.sla().tick();
        check("get", "/v1/sla", running.get("/v1/sla"), exercised, problems);
        for (String path :
                new String[] {"/v1/policy", "/v1/policy/rollback", "/v1/policy/promote", "/v1/policy/abort"}) {
            check(
                    "post",
                    path,
                    running.post(path, "{}"),
                    exercised,
                    problems); // 409: a fixed judge; 200s: PolicyApiTest
        }
        check("get", "/v1/policy", running.get("/v1/policy"), exercised, problems);
        check("get", "/v1/policy/active", running.get("/v1/policy/active"), exercised, problems);
        check("get", "/v1/policy/shadow", running.get("/v1/policy/shadow"), exercised, problems);
        check(
                "get",
                "/v1/policy/versions/{hash}",
                running.get("/v1/policy/versions/0123abcd"),
                exercised,
                problems); // 409: a fixed judge; 200 and 404: PolicyApiTest
        for (String stream : new String[] {"/v1/policy/stream", "/v1/integrity/stream", "/v1/leases/stream"}) {
            check("get", stream, running.get(stream + "?after=nope"), exercised, problems);
            exercised.add("get " + stream); // the 200 stream itself: lighthouse-fuse's MountTest
        }
        String review = running.get("/v1/reviews").json().at("/reviews/0/id").asString();
        check("get", "/v1/reviews", running.get("/v1/reviews?status=resolved"), exercised, problems);
        check("get", "/v1/reviews", running.get("/v1/reviews?status=maybe"), exercised, problems);
        check("get", "/v1/reviews/{id}", running.get("/v1/reviews/" + review), exercised, problems);
        check("get", "/v1/reviews/{id}", running.get("/v1/reviews/rv_none"), exercised, problems);
        String verdict = "/v1/reviews/" + review + "/verdict";
        check("post", "/v1/reviews/{id}/verdict", running.post(verdict, "{\"verdict\":\"x\"}"), exercised, problems);
        check(
                "post",
                "/v1/reviews/{id}/verdict",
                running.post("/v1/reviews/rv_none/verdict", "{\"verdict\":\"approve\",\"reason\":\"ok\"}"),
                exercised,
                problems);
        check(
                "post",
                "/v1/reviews/{id}/verdict",
                running.post(verdict, "{\"verdict\":\"approve\",\"reason\":\"ok\",\"for\":\"1h\"}"),
                exercised,
                problems);
        check(
                "post",
                "/v1/reviews/{id}/verdict",
                running.post(verdict, "{\"verdict\":\"deny\",\"reason\":\"late\"}"),
                exercised,
                problems);
        check("get", "/v1/approvals", running.get("/v1/approvals"), exercised, problems);
        String approval =
                running.get("/v1/approvals").json().at("/approvals/0/id").asString();
        check("delete", "/v1/approvals/{id}", running.delete("/v1/approvals/" + approval), exercised, problems);
        check("delete", "/v1/approvals/{id}", running.delete("/v1/approvals/" + approval), exercised, problems);
        check("get", "/v1/reviewers", running.get("/v1/reviewers"), exercised, problems);
        check("get", "/v1/reviews/stream", running.get("/v1/reviews/stream?after=nope"), exercised, problems);
        exercised.add("get /v1/reviews/stream"); // the 200 stream itself: ReviewFlowTest
        check("get", "/health/live", running.get("/health/live"), exercised, problems);
        check("get", "/health/ready", running.get("/health/ready"), exercised, problems);
        check("get", "/metrics", running.get("/metrics"), exercised, problems);
        check("get", "/openapi.yaml", running.get("/openapi.yaml"), exercised, problems);
        check("get", "/v1/decisions/stream", running.get("/v1/decisions/stream?after=nope"), exercised, problems);
        exercised.add("get /v1/decisions/stream"); // the 200 stream itself: DecisionsApiTest

        coordination(exercised, problems);

        Set<String> documented = new HashSet<>();
        spec.get("paths")
                .properties()
                .forEach(p -> p.getValue().propertyNames().forEach(m -> documented.add(m + " " + p.getKey())));
        assertThat(problems).isEmpty();
        assertThat(exercised).containsExactlyInAnyOrderElementsOf(documented);
    }

    /** Elicitations, tasks and experts: each documented status, with an agent's token and the owner's. */
    private static void coordination(Set<String> exercised, List<String> problems) {
        String bob = running.tokens
                .add("oa-bob", dev.lighthouse.bridge.auth.Role.AGENT, java.time.Instant.now())
                .token();
        String schema = "{\"type\":\"object\",\"required\":[\"ok\"],\"properties\":{\"ok\":{\"type\":\"boolean\"}}}";
        String ask = "{\"to\":\"oa-bob\",\"question\":\"ok?\",\"schema\":" + schema + "}";
        RunningBridge.Reply asked = running.post("/v1/elicitations", ask);
        String id = asked.json().path("id").asString();
        check("post", "/v1/elicitations", asked, exercised, problems);
        check(
                "post",
                "/v1/elicitations",
                running.post("/v1/elicitations", ask.replace("oa-bob", "nobody")),
                exercised,
                problems);
        check(
                "post",
                "/v1/elicitations",
                running.post("/v1/elicitations", "application/json", ask, null),
                exercised,
                problems);
        check("get", "/v1/elicitations", running.get("/v1/elicitations"), exercised, problems);
        check("get", "/v1/elicitations", running.get("/v1/elicitations?status=maybe"), exercised, problems);
        check("get", "/v1/elicitations/{id}", running.get("/v1/elicitations/" + id, bob), exercised, problems);
        check("get", "/v1/elicitations/{id}", running.get("/v1/elicitations/el_none"), exercised, problems);
        String answer = "/v1/elicitations/" + id + "/answer";
        check(
                "post",
                "/v1/elicitations/{id}/answer",
                running.post(answer, "application/json", "{\"content\":{\"ok\":1},\"nonce\":\"oa-nonce-1\"}", bob),
                exercised,
                problems);
        check(
                "post",
                "/v1/elicitations/{id}/answer",
                running.post(answer, "application/json", "{\"content\":{\"ok\":true},\"nonce\":\"oa-nonce-1\"}", bob),
                exercised,
                problems);
        check(
                "post",
                "/v1/elicitations/{id}/answer",
                running.post(answer, "application/json", "{\"content\":{\"ok\":true},\"nonce\":\"oa-nonce-2\"}", bob),
                exercised,
                problems);
        String second = running.post("/v1/elicitations", ask).json().path("id").asString();
        check(
                "post",
                "/v1/elicitations/{id}/decline",
                running.post("/v1/elicitations/" + second + "/decline", "{\"nonce\":\"oa-nonce-3\"}"),
                exercised,
                problems);
        check(
                "post",
                "/v1/elicitations/{id}/decline",
                running.post(
                        "/v1/elicitations/" + second + "/decline",
                        "application/json",
                        "{\"reason\":\"busy\",\"nonce\":\"oa-nonce-3\"}",
                        bob),
                exercised,
                problems);
        String third = running.post("/v1/elicitations", ask).json().path("id").asString();
        String cancel = "/v1/elicitations/" + third + "/cancel";
        check(
                "post",
                "/v1/elicitations/{id}/cancel",
                running.post(cancel, "application/json", "", bob),
                exercised,
                problems);
        check(
                "post",
                "/v1/elicitations/{id}/cancel",
                running.post(cancel, "application/json", "", running.owner()),
                exercised,
                problems);
        check(
                "post",
                "/v1/elicitations/{id}/cancel",
                running.post(cancel, "application/json", "", running.owner()),
                exercised,
                problems);

        check(
                "post",
                "/v1/experts",
                running.post("/v1/experts", "application/json", "{\"capabilities\":[\"database\"]}", bob),
                exercised,
                problems);
        check(
                "post",
                "/v1/experts",
                running.post("/v1/experts", "{\"capabilities\":[\"data base\"]}"),
                exercised,
                problems);
        check("get", "/v1/experts", running.get("/v1/experts"), exercised, problems);
        RunningBridge.Reply task =
                running.post("/v1/tasks", "{\"capability\":\"database\",\"title\":\"add an index\"}");
        String taskId = task.json().path("id").asString();
        check("post", "/v1/tasks", task, exercised, problems);
        check("post", "/v1/tasks", running.post("/v1/tasks", "{\"capability\":\"database\"}"), exercised, problems);
        check("get", "/v1/tasks", running.get("/v1/tasks"), exercised, problems);
        check("get", "/v1/tasks", running.get("/v1/tasks?status=maybe"), exercised, problems);
        check("post", "/v1/tasks/claim", running.post("/v1/tasks/claim", "{}"), exercised, problems);
        check(
                "post",
                "/v1/tasks/claim",
                running.post("/v1/tasks/claim", "application/json", "{}", bob),
                exercised,
                problems);
        check(
                "post",
                "/v1/tasks/claim",
                running.post("/v1/tasks/claim", "application/json", "{\"task\":\"" + taskId + "\"}", bob),
                exercised,
                problems);
        check("get", "/v1/tasks/{id}", running.get("/v1/tasks/" + taskId), exercised, problems);
        check("get", "/v1/tasks/{id}", running.get("/v1/tasks/tk_none"), exercised, problems);
        String complete = "/v1/tasks/" + taskId + "/complete";
        check(
                "post",
                "/v1/tasks/{id}/complete",
                running.post(complete, "application/json", "{\"result\":{\"ok\":true}}", bob),
                exercised,
                problems);
        check(
                "post",
                "/v1/tasks/{id}/complete",
                running.post(complete, "application/json", "{\"result\":{}}", bob),
                exercised,
                problems);
    }

    private static void check(
            String method, String path, RunningBridge.Reply reply, Set<String> exercised, List<String> problems) {
        exercised.add(method + " " + path);
        JsonNode response =
                spec.at("/paths/" + path.replace("/", "~1") + "/" + method + "/responses/" + reply.status());
        if (response.isMissingNode()) {
            problems.add("%s %s: status %d is not documented".formatted(method, path, reply.status()));
            return;
        }
        response = resolve(response);
        String type = reply.contentType().split(";")[0].strip();
        JsonNode media = response.at("/content/" + type.replace("/", "~1"));
        if (media.isMissingNode()) {
            problems.add("%s %s %d: content type %s is not documented".formatted(method, path, reply.status(), type));
            return;
        }
        if (type.equals("application/json")) {
            validate(
                    resolve(media.get("schema")),
                    reply.json(),
                    method + " " + path + " " + reply.status() + " $",
                    problems);
        }
    }

    static JsonNode resolve(JsonNode node) {
        while (node.has("$ref")) {
            node = spec.at(node.get("$ref").asString().substring(1));
        }
        return node;
    }

    /** A small JSON Schema check: type, enum, required, properties, additionalProperties false, items. */
    static void validate(JsonNode schema, JsonNode value, String where, List<String> problems) {
        schema = resolve(schema);
        JsonNode type = schema.get("type");
        if (type != null) {
            List<String> types = new ArrayList<>();
            if (type.isArray()) {
                type.forEach(t -> types.add(t.asString()));
            } else {
                types.add(type.asString());
            }
            if (types.stream().noneMatch(t -> hasType(value, t))) {
                problems.add(where + ": expected " + types + ", got " + value);
                return;
            }
        }
        if (schema.has("enum")) {
            boolean found = false;
            for (JsonNode e : schema.get("enum")) {
                found |= e.equals(value);
            }
            if (!found) {
                problems.add(where + ": " + value + " is not one of " + schema.get("enum"));
            }
        }
        if (value.isObject()) {
            for (JsonNode r : schema.path("required")) {
                if (!value.has(r.asString())) {
                    problems.add(where + ": missing required " + r.asString());
                }
            }
            JsonNode props = schema.path("properties");
            for (String name : value.propertyNames()) {
                if (props.has(name)) {
                    validate(props.get(name), value.get(name), where + "." + name, problems);
                } else if (schema.path("additionalProperties").isBoolean()
                        && !schema.get("additionalProperties").asBoolean()) {
                    problems.add(where + ": undocumented property " + name);
                }
            }
        }
        if (value.isArray() && schema.has("items")) {
            int i = 0;
            for (JsonNode item : value) {
                validate(schema.get("items"), item, where + "[" + i++ + "]", problems);
            }
        }
    }

    private static boolean hasType(JsonNode v, String type) {
        return switch (type) {
            case "object" -> v.isObject();
            case "array" -> v.isArray();
            case "string" -> v.isString();
            case "integer" -> v.isIntegralNumber();
            case "number" -> v.isNumber();
            case "boolean" -> v.isBoolean();
            case "null" -> v.isNull();
            default -> false;
        };
    }
}
