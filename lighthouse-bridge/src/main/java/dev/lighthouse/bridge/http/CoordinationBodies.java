package dev.lighthouse.bridge.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.lighthouse.coordination.elicit.ElicitationRefusal;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Request bodies of the coordination endpoints read into records, and their refusals written with the field and the
 * reason: {@code {"error":{"status","code","message","field","reason"}}} (the bridge's error shape, two fields more).
 */
final class CoordinationBodies {
    private final JsonBodies bodies;

    CoordinationBodies(JsonBodies bodies) {
        this.bodies = bodies;
    }

    /** A refusal that names the field of the request it is about. */
    static final class BadField extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;
        final String code;
        final String field;
        final String reason;
        final transient List<ElicitationRefusal.Violation> violations;
        final Optional<Duration> retryAfter;

        BadField(int status, String code, String field, String reason, String message) {
            this(status, code, field, reason, message, List.of(), Optional.empty());
        }

        BadField(
                int status,
                String code,
                String field,
                String reason,
                String message,
                List<ElicitationRefusal.Violation> violations,
                Optional<Duration> retryAfter) {
            super(message, null, false, false);
            this.status = status;
            this.code = code;
            this.field = field;
            this.reason = reason;
            this.violations = violations;
            this.retryAfter = retryAfter;
        }
    }

    /** The error body: the bridge's one shape, with where and why. */
    private record ErrorBody(Error error) {
        @JsonInclude(JsonInclude.Include.NON_EMPTY)
        record Error(
                int status,
                String code,
                String message,
                Optional<String> field,
                Optional<String> reason,
                List<ElicitationRefusal.Violation> violations) {}
    }

    /** The body as a {@code type} record; a field of the wrong type, or one the endpoint does not know, is refused. */
    <T> T read(io.helidon.webserver.http.ServerRequest req, Class<T> type) {
        JsonNode body = bodies.read(req);
        if (!body.isObject()) {
            throw new BadField(400, "bad_request", "", "expected a JSON object", "the body must be a JSON object");
        }
        ObjectMapper json = bodies.mapper();
        try {
            return json.readerFor(type)
                    .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .with(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                    .readValue(body);
        } catch (UnrecognizedPropertyException e) {
            String known = e.getKnownPropertyIds() == null
                    ? ""
                    : e.getKnownPropertyIds().stream()
                            .map(String::valueOf)
                            .sorted()
                            .collect(Collectors.joining(", "));
            throw new BadField(
                    400,
                    "bad_request",
                    e.getPropertyName(),
                    "unknown field; expected " + known,
                    "field `%s` is not one this endpoint takes (it takes %s)".formatted(e.getPropertyName(), known));
        } catch (DatabindException e) {
            String field = e.getPath().stream()
                    .map(r -> r.getPropertyName() != null ? r.getPropertyName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining("."));
            throw new BadField(
                    400,
                    "bad_request",
                    field,
                    "wrong type",
                    "field `%s` has the wrong type; see /openapi.yaml for this endpoint's body".formatted(field));
        } catch (JacksonException e) {
            throw new BadField(400, "bad_request", "", "unreadable", "the body could not be read as JSON");
        }
    }

    static void refused(ServerResponse res, BadField e) {
        e.retryAfter.ifPresent(d -> res.header(HeaderNames.RETRY_AFTER, Long.toString(Math.max(1, d.toSeconds()))));
        Responses.json(
                res,
                e.status,
                new ErrorBody(new ErrorBody.Error(
                        e.status,
                        e.code,
                        e.getMessage(),
                        Optional.of(e.field).filter(f -> !f.isEmpty()),
                        Optional.of(e.reason).filter(r -> !r.isEmpty()),
                        e.violations)));
    }
}
