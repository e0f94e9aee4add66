package dev.lighthouse.bridge.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** Writes JSON answers and the bridge's one error shape: {@code {"error":{"status","code","message"}}}. */
final class Responses {
    /** Records' empty optionals are left out, as the hand-built bodies left them out. */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .changeDefaultPropertyInclusion(i -> i.withValueInclusion(JsonInclude.Include.NON_ABSENT))
            .build();

    private Responses() {}

    /** Answers with {@code body} (a record or a tree) as JSON. */
    static void json(ServerResponse res, int status, Object body) {
        res.status(Status.create(status));
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.send(JSON.writeValueAsBytes(body));
    }

    /** The one error body. */
    private record ErrorBody(Error error) {
        record Error(int status, String code, String message) {}
    }

    static void error(ServerResponse res, int status, String code, String message) {
        json(res, status, new ErrorBody(new ErrorBody.Error(status, code, message)));
    }

    /** A refused request's error; a 429 also says when to retry ({@code Retry-After}, whole seconds). */
    static void refused(ServerResponse res, Refused e) {
        if (e.status == 429) {
            res.header(HeaderNames.RETRY_AFTER, Long.toString(e.retryAfterSeconds));
        }
        error(res, e.status, e.code, e.getMessage());
    }

    static void text(ServerResponse res, String contentType, String body) {
        res.status(Status.OK_200);
        res.header(HeaderNames.CONTENT_TYPE, contentType);
        res.send(body.getBytes(StandardCharsets.UTF_8));
    }
}
