package dev.lighthouse.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.json.JsonMapper;

/** How commands print records as JSON: compact, one value a line, empty optionals left out. */
final class JsonOutput {
    static final JsonMapper JSON = JsonMapper.builder()
            .changeDefaultPropertyInclusion(i -> i.withValueInclusion(JsonInclude.Include.NON_ABSENT))
            .build();

    private JsonOutput() {}

    static String line(Object value) {
        return JSON.writeValueAsString(value);
    }
}
