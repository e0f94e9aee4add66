package dev.lighthouse.bridge.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.lighthouse.bridge.auth.AgentTokens;
import dev.lighthouse.bridge.auth.Permission;
import dev.lighthouse.bridge.auth.Principal;
import dev.lighthouse.bridge.auth.ReviewVoters;
import dev.lighthouse.bridge.auth.Role;
import dev.lighthouse.policy.verdict.ReviewRoute;
import dev.lighthouse.review.Approval;
import dev.lighthouse.review.Consensus;
import dev.lighthouse.review.Recorded;
import dev.lighthouse.review.Reliability;
import dev.lighthouse.review.ReviewBoard;
import dev.lighthouse.review.ReviewQuery;
import dev.lighthouse.review.ReviewView;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The review endpoints: {@code GET /v1/reviews?status=pending|resolved[&for=me][&agent=NAME][&after=NEXT][&limit=N]
 * [&simulated=true]} (a page, oldest first, with the {@code next} cursor; a load test's simulated reviews only when
 * asked for), {@code GET /v1/reviews/{id}},
 * {@code POST /v1/reviews/{id}/verdict}, {@code GET /v1/approvals}, {@code DELETE /v1/approvals/{id}},
 * {@code GET /v1/reviewers}. All need the review permission (roles reviewer, expert, admin, local); an agent expert
 * sees only the reviews (and their approvals) routed to it.
 */
final class ReviewsApi {
    private static final int MAX_REASON_CHARS = 2000;

    private final Gate gate;
    private final JsonBodies bodies;
    private final ReviewBoard board;
    private final AgentTokens tokens;

    ReviewsApi(Gate gate, JsonBodies bodies, ReviewBoard board, AgentTokens tokens) {
        this.gate = gate;
        this.bodies = bodies;
        this.board = board;
        this.tokens = tokens;
    }

    void routes(HttpRouting.Builder routing) {
        routing.get("/v1/reviews", this::list)
                .get("/v1/reviews/{id}", this::show)
                .post("/v1/reviews/{id}/verdict", this::verdict)
                .get("/v1/approvals", this::approvals)
                .delete("/v1/approvals/{id}", this::revoke)
                .get("/v1/reviewers", this::reviewers)
                .error(
                        ReviewBoard.UnknownReview.class,
                        (req, res, e) -> Responses.error(res, 404, "unknown_review", e.getMessage()))
                .error(
                        ReviewBoard.ApprovalRefused.class,
                        (req, res, e) -> Responses.error(res, 403, "approval_not_allowed", e.getMessage()));
    }

    private void list(ServerRequest req, ServerResponse res) {
        try {
            Principal who = gate.admit(req, Permission.REVIEW);
            String status = req.query().first("status").orElse("pending");
            if (!status.equals("pending") && !status.equals("resolved")) {
                throw new Refused(400, "bad_request", "status must be pending or resolved, got \"" + status + "\"");
            }
            Optional<Set<String>> forMe = Optional.empty();
            if (req.query().first("for").isPresent()) {
                if (!req.query().first("for").get().equals("me")) {
                    throw new Refused(400, "bad_request", "for takes only the value me");
                }
                forMe = Optional.of(capabilities(who));
            }
            if (!ReadScope.seesAll(who)) {
                forMe = Optional.of(capabilities(who)); // an agent expert sees the reviews routed to it, always
            }
            int limit = limit(req);
            String simulated = req.query().first("simulated").orElse("false");
            if (!simulated.equals("true") && !simulated.equals("false")) {
                throw new Refused(400, "bad_request", "simulated must be true or false, got \"" + simulated + "\"");
            }
            ReviewBoard.ReviewPage page =
                    board.list((status.equals("pending") ? ReviewQuery.pending() : ReviewQuery.resolved())
                            .withQueue(simulated.equals("true") ? ReviewQuery.Queue.SIMULATED : ReviewQuery.Queue.REAL)
                            .withRoutedTo(forMe)
                            .withAgent(req.query().first("agent").asOptional())
                            .withAfter(req.query().first("after").asOptional())
                            .withLimit(limit));
            Responses.json(res, 200, new ReviewList(page.reviews(), page.next().orElse(null)));
        } catch (IllegalArgumentException e) {
            Responses.error(res, 400, "bad_request", e.getMessage());
        }
    }

    private Set<String> capabilities(Principal who) {
        return board.capabilities(who.name());
    }

    /** An agent expert may see a review routed to it; for any other, it is told there is none. */
    private void checkRouted(Principal who, String id) {
        if (!ReadScope.seesAll(who) && !board.routedTo(id, capabilities(who))) {
            throw new Refused(
                    404, "unknown_review", "no review " + id + "; list pending ones with `lighthouse review list`");
        }
    }

    private static int limit(ServerRequest req) {
        String text = req.query().first("limit").orElse("1000");
        try {
            int n = Integer.parseInt(text);
            if (n >= 1 && n <= 10_000) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new Refused(400, "bad_request", "limit must be 1 to 10000, got \"" + text + "\"");
    }

    private void show(ServerRequest req, ServerResponse res) {
        Principal who = gate.admit(req, Permission.REVIEW);
        String id = req.path().pathParameters().get("id");
        checkRouted(who, id);
        Responses.json(res, 200, board.view(id));
    }

    private void verdict(ServerRequest req, ServerResponse res) {
        Principal who = gate.admit(req, Permission.REVIEW);
        JsonNode body = bodies.read(req);
        if (!body.isObject()) {
            throw new Refused(400, "bad_request", "the body must be a JSON object");
        }
        String verdict = text(body, "verdict").toLowerCase(Locale.ROOT);
        if (!verdict.equals("approve") && !verdict.equals("deny")) {
            throw new Refused(400, "bad_request", "verdict must be approve or deny, got \"" + verdict + "\"");
        }
        String reason = text(body, "reason").strip();
        if (reason.isEmpty() || reason.length() > MAX_REASON_CHARS) {
            throw new Refused(
                    400, "bad_request", "reason must say why in 1 to %d characters".formatted(MAX_REASON_CHARS));
        }
        Optional<Duration> forDuration = forDuration(body, verdict);
        ReviewBoard.VoteResult result = board.vote(
                ReviewVoters.voter(who),
                req.path().pathParameters().get("id"),
                verdict.equals("approve") ? Recorded.Choice.APPROVE : Recorded.Choice.DENY,
                reason,
                forDuration);
        if (!result.counted()) {
            Consensus.Ignored why = result.ignored().orElseThrow();
            String id = result.review().id();
            switch (why) {
                case INELIGIBLE ->
                    throw new Refused(
                            403,
                            "not_eligible",
                            "%s may not vote on review %s: its route %s takes %s (and nobody reviews their own call);"
                                            .formatted(
                                                    who.name(),
                                                    id,
                                                    result.review().route().name(),
                                                    result.review().route().reviewers())
                                    + " the vote was recorded but not counted");
                case DUPLICATE ->
                    throw new Refused(
                            409,
                            "already_voted",
                            "%s has voted on review %s already; the first vote stands".formatted(who.name(), id));
                case LATE ->
                    throw new Refused(
                            409,
                            "already_resolved",
                            "review %s was already %s; the vote was recorded but not counted"
                                    .formatted(id, result.review().status()));
            }
        }
        Responses.json(res, 200, new Counted(true, result.review()));
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || !value.isString()) {
            throw new Refused(400, "bad_request", "the body needs a string field \"%s\"".formatted(field));
        }
        return value.asString();
    }

    private static Optional<Duration> forDuration(JsonNode body, String verdict) {
        JsonNode value = body.get("for");
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isString()) {
            throw new Refused(400, "bad_request", "\"for\" must be a duration such as \"1h\"");
        }
        if (!verdict.equals("approve")) {
            throw new Refused(400, "bad_request", "\"for\" grants a temporary approval, so it goes with approve only");
        }
        try {
            Duration d = ReviewRoute.duration(value.asString());
            if (!d.isPositive() || d.compareTo(ReviewBoard.MAX_APPROVAL) > 0) {
                throw new Refused(400, "bad_request", "\"for\" must be more than 0 and at most 7d");
            }
            return Optional.of(d);
        } catch (IllegalArgumentException e) {
            throw new Refused(400, "bad_request", "\"for\": " + e.getMessage());
        }
    }

    private void approvals(ServerRequest req, ServerResponse res) {
        Principal who = gate.admit(req, Permission.REVIEW);
        List<ApprovalView> list = board.liveApprovals().stream()
                .filter(a -> ReadScope.seesAll(who) || board.routedTo(a.reviewId(), capabilities(who)))
                .map(ApprovalView::of)
                .toList();
        Responses.json(res, 200, new Approvals(list));
    }

    /** A page of reviews; {@code next} is null on the last page. */
    private record ReviewList(
            List<ReviewView> reviews,
            @JsonInclude(JsonInclude.Include.ALWAYS) String next) {}

    /** A counted vote's answer: the review as it now stands. */
    private record Counted(boolean counted, ReviewView review) {}

    private record Approvals(List<ApprovalView> approvals) {}

    /** A live temporary approval, its pattern in one line. */
    private record ApprovalView(
            String id,
            String review,
            String agent,
            String pattern,
            String grantedBy,
            Instant granted,
            Instant expires) {
        static ApprovalView of(Approval a) {
            return new ApprovalView(
                    a.id(),
                    a.reviewId(),
                    a.pattern().agent(),
                    a.pattern().describe(),
                    a.grantedBy(),
                    a.granted(),
                    a.expires());
        }
    }

    private void revoke(ServerRequest req, ServerResponse res) {
        Principal who = gate.admit(req, Permission.REVIEW);
        if (who.role() == Role.EXPERT) {
            throw new Refused(403, "forbidden", "agent experts vote on reviews; revoking approvals is for people");
        }
        String id = req.path().pathParameters().get("id");
        if (!board.revoke(id, ReviewVoters.voter(who))) {
            throw new Refused(
                    404, "unknown_approval", "no live approval " + id + "; see `lighthouse review approvals`");
        }
        Responses.json(res, 200, new Revoked(id));
    }

    private record Revoked(String revoked) {}

    private record Reviewers(List<Reviewer> reviewers) {}

    /** How one reviewer has voted, and how often it agreed with the outcome. */
    private record Reviewer(
            String reviewer,
            long votes,
            long counted,
            long agreed,
            long disagreed,
            double agreement,
            long missed,
            double meanLatencyMillis) {
        static Reviewer of(Reliability.Stats s) {
            return new Reviewer(
                    s.reviewer(),
                    s.votes(),
                    s.counted(),
                    s.agreed(),
                    s.disagreed(),
                    s.agreement(),
                    s.missed(),
                    s.meanLatencyMs());
        }
    }

    private void reviewers(ServerRequest req, ServerResponse res) {
        gate.admit(req, Permission.REVIEW);
        Responses.json(
                res,
                200,
                new Reviewers(
                        board.reliability().all().stream().map(Reviewer::of).toList()));
    }
}
