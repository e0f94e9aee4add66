package dev.lighthouse.coordination.elicit;

import com.google.re2j.PatternSyntaxException;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaException;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import com.networknt.schema.regex.RegularExpression;
import com.networknt.schema.regex.RegularExpressionFactory;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The asker's JSON Schema, compiled once, and the answers checked against it (networknt json-schema-validator; draft
 * 2020-12 unless the schema's {@code $schema} names another).
 *
 * <p>A schema comes from an agent, so it is treated as hostile: {@code pattern}s run on RE2 (linear time, no
 * catastrophic backtracking), and {@code $ref}s load nothing from the network or the class path; only the drafts'
 * own meta-schemas, which the library carries, resolve.
 */
final class AnswerSchema {
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemaRegistryConfig(SchemaRegistryConfig.builder()
                            .pathType(PathType.JSON_POINTER)
                            .regularExpressionFactory(new Re2Patterns())
                            .build())
                    .schemaLoader(loader -> loader.fetchRemoteResources(false)
                            .allow(iri -> iri.toString().startsWith("https://json-schema.org/")
                                    || iri.toString().startsWith("http://json-schema.org/"))));

    /** Draft 2020-12's meta-schema: a schema that names no other draft must be a valid 2020-12 schema. */
    private static final String DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema";

    private static final Schema META = REGISTRY.getSchema(SchemaLocation.of(DRAFT_2020_12));

    private final Schema schema;

    private AnswerSchema(Schema schema) {
        this.schema = schema;
    }

    /** @throws IllegalArgumentException the schema is not an object, or not a schema the validator can use */
    static AnswerSchema compile(JsonNode schema) {
        if (schema == null || !schema.isObject()) {
            throw new IllegalArgumentException(
                    "a JSON Schema object, such as {\"type\":\"object\",\"properties\":{…}}");
        }
        try {
            String draft = schema.path("$schema").asString(DRAFT_2020_12);
            if (draft.equals(DRAFT_2020_12) || draft.equals(DRAFT_2020_12 + "#")) {
                List<Error> problems = META.validate(schema);
                if (!problems.isEmpty()) {
                    Error first = problems.getFirst();
                    throw new IllegalArgumentException("not a valid JSON Schema (draft 2020-12): at %s: %s"
                            .formatted(
                                    first.getInstanceLocation().toString().isEmpty()
                                            ? "the top"
                                            : first.getInstanceLocation(),
                                    first.getMessage()));
                }
            }
            Schema compiled = REGISTRY.getSchema(schema);
            compiled.initializeValidators();
            return new AnswerSchema(compiled);
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (SchemaException | PatternSyntaxException | IllegalStateException e) {
            throw new IllegalArgumentException("not a usable JSON Schema: " + e.getMessage(), e);
        }
    }

    /** Every way {@code answer} breaks the schema; empty when it fits. */
    List<ElicitationRefusal.Violation> check(JsonNode answer) {
        List<Error> errors;
        try {
            errors = schema.validate(answer);
        } catch (SchemaException | PatternSyntaxException e) {
            return List.of(new ElicitationRefusal.Violation("", "the schema could not be applied: " + e.getMessage()));
        }
        return errors.stream()
                .map(e -> new ElicitationRefusal.Violation(field(e), e.getMessage()))
                .toList();
    }

    /** Where in the answer: a JSON Pointer, with the missing property's name for {@code required}. */
    private static String field(Error e) {
        String at =
                e.getInstanceLocation() == null ? "" : e.getInstanceLocation().toString();
        return e.getProperty() != null && "required".equals(e.getKeyword()) ? at + "/" + e.getProperty() : at;
    }

    /** {@code pattern} and {@code patternProperties} on RE2: a hostile pattern cannot make a check take forever. */
    private static final class Re2Patterns implements RegularExpressionFactory {
        @Override
        public RegularExpression getRegularExpression(String regex) {
            com.google.re2j.Pattern pattern = com.google.re2j.Pattern.compile(regex);
            return value -> pattern.matcher(value).find();
        }
    }
}
