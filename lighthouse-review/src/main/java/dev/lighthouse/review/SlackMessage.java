package dev.lighthouse.review;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A new review as a Slack message (Block Kit): what the agent wants to run and why it was held, Approve and Deny
 * buttons whose value is the review id, and a signed console link per person asked. Slack calls the console's
 * interactivity endpoint when a button is pressed; the console checks Slack's signature and who pressed it before a
 * vote is counted.
 */
record SlackMessage(String text, List<Block> blocks) {
    /** The action ids the console's callback reads. */
    static final String APPROVE = "lighthouse_approve";

    static final String DENY = "lighthouse_deny";

    sealed interface Block permits Section, Actions {}

    record Text(String type, String text) {}

    record Section(String type, Text text) implements Block {}

    record Button(String type, Text text, String action_id, String value, String style) {}

    record Actions(String type, String block_id, List<Button> elements) implements Block {}

    static SlackMessage of(ReviewView review, Map<String, URI> links) {
        Recorded.Case c = review.reviewCase();
        String call = c.input().path("command").isString()
                ? c.input().path("command").asString()
                : c.input().toString();
        String summary = "Review %s: %s wants to run %s (%s risk, route %s). %s"
                .formatted(
                        review.id(),
                        c.agent(),
                        c.tool(),
                        c.risk(),
                        review.route().name(),
                        c.reason());
        List<Block> blocks = new ArrayList<>();
        // Slack's mrkdwn would read agent text as markup: the call goes in as plain text only.
        blocks.add(new Section("section", new Text("plain_text", cut(summary, 2900))));
        blocks.add(new Section("section", new Text("plain_text", cut(call, 2900))));
        blocks.add(new Actions(
                "actions",
                "review:" + review.id(),
                List.of(
                        new Button("button", new Text("plain_text", "Approve"), APPROVE, review.id(), "primary"),
                        new Button("button", new Text("plain_text", "Deny"), DENY, review.id(), "danger"))));
        if (!links.isEmpty()) {
            StringBuilder sb = new StringBuilder("Open in the console (one use each, expiring):");
            links.forEach((who, link) ->
                    sb.append("\n").append(who).append(": <").append(link).append(">"));
            blocks.add(new Section("section", new Text("mrkdwn", sb.toString())));
        }
        return new SlackMessage(cut(summary, 3000), blocks);
    }

    private static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
