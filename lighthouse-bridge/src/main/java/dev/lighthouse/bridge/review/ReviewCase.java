package dev.lighthouse.bridge.review;

import static java.util.Objects.requireNonNull;

import java.util.List;
import tools.jackson.databind.JsonNode;

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
}
