package dev.lighthouse.review;

import static java.util.Objects.requireNonNull;

import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Everything a reviewer needs to judge one held call, in the form every reviewer (human, LLM, agent) receives it.
 *
 * @param reviewId the review's id
 * @param agent who made the call
 * @param project the project root the call runs in
 * @param cwd the working directory
 * @param tool the tool name ({@code Bash}, {@code Write}, {@code mcp__…})
 * @param input the tool input as the agent sent it
 * @param analysis what the bridge understood the call would do: one line per effective command or act
 * @param rules the ids of the matching policy rules, strongest first
 * @param reason the policy's reason for asking
 * @param risk the policy's risk label
 * @param route the review route that asked this reviewer
 * @param guidance what the route tells reviewers to weigh (may be empty)
 * @param recentHistory the agent's latest decisions, newest first, one line each
 */
public record ReviewCase(
        String reviewId,
        String agent,
        String project,
        String cwd,
        String tool,
        JsonNode input,
        List<String> analysis,
        List<String> rules,
        String reason,
        String risk,
        String route,
        String guidance,
        List<String> recentHistory) {
    public ReviewCase {
        requireNonNull(reviewId, "reviewId");
        requireNonNull(agent, "agent");
        requireNonNull(project, "project");
        requireNonNull(cwd, "cwd");
        requireNonNull(tool, "tool");
        requireNonNull(input, "input");
        analysis = List.copyOf(analysis);
        rules = List.copyOf(rules);
        requireNonNull(reason, "reason");
        requireNonNull(risk, "risk");
        requireNonNull(route, "route");
        requireNonNull(guidance, "guidance");
        recentHistory = List.copyOf(recentHistory);
    }

    /** Longest text of a case kept in memory; the whole case is in its {@code review.requested} event. */
    static final int BRIEF_CHARS = 1_024;

    /**
     * This case with every text cut to {@link #BRIEF_CHARS}: what the board keeps in memory and lists, so a review of
     * a 60 KB call costs a few KB. Showing one review reads the whole case back from its event.
     */
    ReviewCase brief() {
        return new ReviewCase(
                reviewId,
                agent,
                cut(project),
                cut(cwd),
                cut(tool),
                briefInput(),
                analysis.stream().map(ReviewCase::cut).toList(),
                rules,
                cut(reason),
                risk,
                route,
                guidance,
                recentHistory.stream().map(ReviewCase::cut).toList());
    }

    /** The input with long strings cut; as cut JSON text when it has so many short ones that it stays large. */
    private JsonNode briefInput() {
        JsonNode brief = cut(input);
        String text = brief.toString();
        return text.length() <= 4 * BRIEF_CHARS ? brief : JsonNodeFactory.instance.stringNode(cut(text));
    }

    private static String cut(String text) {
        return text.length() <= BRIEF_CHARS
                ? text
                : text.substring(0, BRIEF_CHARS) + "… (%,d more characters)".formatted(text.length() - BRIEF_CHARS);
    }

    private static JsonNode cut(JsonNode json) {
        if (json.isString()) {
            String text = json.asString();
            return text.length() <= BRIEF_CHARS ? json : JsonNodeFactory.instance.stringNode(cut(text));
        }
        if (json.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            json.properties().forEach(e -> copy.set(cut(e.getKey()), cut(e.getValue())));
            return copy;
        }
        if (json.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            json.forEach(v -> copy.add(cut(v)));
            return copy;
        }
        return json;
    }
}
