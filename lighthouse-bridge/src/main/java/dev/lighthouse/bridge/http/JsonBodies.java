package dev.lighthouse.bridge.http;

import dev.lighthouse.bridge.limits.Limits;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads request bodies as JSON within the {@link Limits}: size checked while reading (a huge body is never held in
 * memory), nesting depth checked by the parser, content type checked first.
 */
final class JsonBodies {
    private final Limits limits;
    private final ObjectMapper json;

    JsonBodies(Limits limits) {
        this.limits = limits;
        this.json = JsonMapper.builder(JsonFactory.builder()
                        .streamReadConstraints(StreamReadConstraints.builder()
                                .maxNestingDepth(limits.jsonDepth())
                                .maxStringLength(limits.bodyBytes())
                                .build())
                        .build())
                .build();
    }

    ObjectMapper mapper() {
        return json;
    }

    JsonNode read(ServerRequest req) {
        Optional<String> type = req.headers().first(HeaderNames.CONTENT_TYPE);
        if (type.isPresent() && !isJson(type.get())) {
            throw new Refused(
                    415,
                    "unsupported_media_type",
                    "expected Content-Type application/json, got \"%s\"".formatted(type.get()));
        }
        long declared = req.headers().contentLength().orElse(-1);
        if (declared > limits.bodyBytes()) {
            throw tooLarge(declared);
        }
        byte[] body = readAtMost(req, limits.bodyBytes());
        if (body.length == 0) {
            throw new Refused(400, "bad_request", "the request body is empty; expected a JSON object");
        }
        try {
            return json.readTree(body);
        } catch (StreamConstraintsException e) {
            throw new Refused(
                    400,
                    "too_deep",
                    "the JSON is nested deeper than %d levels or has an over-long value".formatted(limits.jsonDepth()));
        } catch (JacksonException e) {
            throw new Refused(400, "bad_request", "the body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private byte[] readAtMost(ServerRequest req, int max) {
        try (InputStream in = req.content().inputStream()) {
            byte[] body = in.readNBytes(max + 1);
            if (body.length > max) {
                throw tooLarge(-1);
            }
            return body;
        } catch (IOException e) {
            throw new UncheckedIOException("reading the request body", e);
        }
    }

    private Refused tooLarge(long size) {
        return new Refused(
                413,
                "payload_too_large",
                "the body is %s; the limit is %,d bytes"
                        .formatted(
                                size < 0 ? "larger than the limit" : "%,d bytes".formatted(size), limits.bodyBytes()));
    }

    private static boolean isJson(String contentType) {
        String media = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return media.equals("application/json") || media.endsWith("+json");
    }
}
