package dev.lighthouse.policy;

import dev.lighthouse.policy.call.Evidence;
import dev.lighthouse.policy.call.ToolCall;
import dev.lighthouse.policy.facts.Act;
import dev.lighthouse.policy.facts.Deadline;
import dev.lighthouse.policy.facts.FactExtractor;
import dev.lighthouse.policy.facts.Facts;
import dev.lighthouse.policy.facts.ProgramRegistry;
import dev.lighthouse.policy.rules.ConditionVariables;
import dev.lighthouse.policy.rules.Fixture;
import dev.lighthouse.policy.rules.Layer;
import dev.lighthouse.policy.rules.ProgramsParser;
import dev.lighthouse.policy.rules.Rule;
import dev.lighthouse.policy.verdict.ReviewRoute;
import dev.lighthouse.policy.verdict.Risk;
import dev.lighthouse.policy.verdict.Verdict;
import dev.lighthouse.policy.yaml.PolicyException;
import dev.lighthouse.policy.yaml.Problem;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An immutable, compiled policy version: layers of rules (built-in default, organisation, project), merged.
 *
 * <p>Layering: rules of later layers are added after those of earlier ones; a later rule with the id of an earlier one
 * replaces it, and {@code settings.disable} switches earlier rules off, unless the earlier rule is {@code locked}.
 * The last layer that sets {@code settings.default} gives the default decision; trusted domains and protected paths
 * add up.
 *
 * <p>Deciding: every rule is tried against every act (effective command) of the call; the decision is the strongest
 * verdict of all matching rules (deny &gt; review &gt; allow), or the default when none match. An allowed call is
 * {@linkplain Decision#recognised() recognised} as safe only when every act matched an allow rule. A write onto a path
 * another agent leases ({@link ToolCall#leases()}) is a reason of its own, rule id {@value LeaseCheck#RULE_ID}, with
 * the verdict of {@code settings.leases} (deny by default, or review).
 *
 * <p>Thread-safe; {@link #decide} does no I/O, starts no threads and reads no clock.
 */
public final class Policy {
    private final List<Layer> layers;
    private final List<Rule> rules;
    private final Verdict defaultVerdict;
    private final Optional<String> reviewRoute;
    private final Map<String, ReviewRoute> routes;
    private final FactExtractor extractor;
    private final PolicyVersion version;
    private final Map<String, Rule> byId = new HashMap<>();
    private final Map<String, Integer> position = new HashMap<>();
    private final Map<String, Integer> layerOf;
    private final Verdict leaseVerdict;

    private Policy(
            List<Layer> layers,
            List<Rule> rules,
            Map<String, Integer> layerOf,
            Verdict defaultVerdict,
            Optional<String> reviewRoute,
            Map<String, ReviewRoute> routes,
            FactExtractor extractor,
            PolicyVersion version,
            Verdict leaseVerdict) {
        this.layers = List.copyOf(layers);
        this.leaseVerdict = leaseVerdict;
        this.rules = List.copyOf(rules);
        this.layerOf = Map.copyOf(layerOf);
        for (Rule rule : this.rules) {
            byId.put(rule.id(), rule);
            position.put(rule.id(), position.size());
        }
        this.defaultVerdict = defaultVerdict;
        this.reviewRoute = reviewRoute;
        this.routes = Map.copyOf(routes);
        this.extractor = extractor;
        this.version = version;
    }

    /**
     * Merges checked layers, lowest first.
     *
     * @throws PolicyException if a layer replaces or disables a locked rule, or disables an unknown one
     */
    public static Policy of(List<Layer> layers) {
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("a policy needs at least one layer");
        }
        Map<String, Rule> byId = new LinkedHashMap<>();
        List<Problem> problems = new ArrayList<>();
        Verdict defaultVerdict = Verdict.ALLOW;
        Verdict leaseVerdict = Verdict.DENY;
        Optional<String> route = Optional.empty();
        Map<String, ReviewRoute> routes = new LinkedHashMap<>();
        Set<String> trusted = new LinkedHashSet<>();
        List<String> protectedPaths = new ArrayList<>();
        ProgramRegistry registry = ProgramsParser.builtIn();
        Map<String, Integer> layerOf = new HashMap<>();
        for (int index = 0; index < layers.size(); index++) {
            Layer layer = layers.get(index);
            registry = registry.extend(layer.programs());
            for (String id : layer.disable()) {
                Rule old = byId.get(id);
                if (old == null) {
                    problems.add(new Problem(layer.file(), 0, 0, "settings.disable names unknown rule \"" + id + "\""));
                } else if (old.locked()) {
                    problems.add(new Problem(
                            layer.file(), 0, 0, "cannot disable locked rule \"" + id + "\" of " + old.origin()));
                } else {
                    byId.remove(id);
                }
            }
            for (Rule rule : layer.rules()) {
                Rule old = byId.get(rule.id());
                if (old != null && old.locked()) {
                    problems.add(new Problem(
                            layer.file(),
                            0,
                            0,
                            "rule \"" + rule.id() + "\" (" + rule.origin() + ") cannot replace locked rule of "
                                    + old.origin()));
                    continue;
                }
                byId.remove(rule.id());
                byId.put(rule.id(), rule);
                layerOf.put(rule.id(), index);
            }
            defaultVerdict = layer.defaultVerdict().orElse(defaultVerdict);
            leaseVerdict = layer.leases().orElse(leaseVerdict);
            if (layer.reviewRoute().isPresent()) {
                route = layer.reviewRoute();
            }
            routes.putAll(layer.routes());
            trusted.addAll(layer.trustedDomains());
            protectedPaths.addAll(layer.protectedPaths());
        }
        if (!problems.isEmpty()) {
            throw new PolicyException(problems);
        }
        // Named for its last own layer: the self-protection layer sits under every policy and names none of them.
        String name = layers.reversed().stream()
                .filter(l -> !l.file().equals(Policies.SELF_PROTECTION_NAME))
                .findFirst()
                .orElse(layers.getLast())
                .name();
        PolicyVersion version = new PolicyVersion(hash(layers), name);
        return new Policy(
                layers,
                List.copyOf(byId.values()),
                layerOf,
                defaultVerdict,
                route,
                routes,
                new FactExtractor(trusted, protectedPaths, registry),
                version,
                leaseVerdict);
    }

    /**
     * Decides one call. Pure: the same call under the same version always gets the same verdict, risk and reasons.
     *
     * @param now when the call is decided (reserved for time-dependent rules; the decision does not read a clock)
     * @return the decision, with {@code elapsed} zero (the {@link PolicyEngine} measures it)
     */
    public Decision decide(ToolCall call, Instant now) {
        return decide(call, now, Deadline.none());
    }

    /**
     * Decides one call within a time budget: once {@code deadline} passes, deciding stops and the answer is a review
     * ({@link Decision#BUDGET_RULE}), never an allow. Otherwise the same as {@link #decide(ToolCall, Instant)}.
     */
    public Decision decide(ToolCall call, Instant now, Deadline deadline) {
        Facts facts = extractor.extract(call, deadline);
        if (deadline.passed()) {
            return overBudget(call, facts);
        }
        return decide(call, facts, deadline);
    }

    /** A review for a call whose judging did not finish within its budget. */
    private Decision overBudget(ToolCall call, Facts facts) {
        List<Reason> reasons = List.of(new Reason(
                Decision.BUDGET_RULE,
                Verdict.REVIEW,
                "Judging this call took longer than its time budget; it was not fully judged.",
                Evidence.whole("tool", call.input().tool())));
        return Decision.of(Verdict.REVIEW, version)
                .risk(Risk.MEDIUM)
                .reasons(reasons)
                .route(reviewRoute(Verdict.REVIEW, reasons))
                .facts(facts)
                .build();
    }

    /** The facts this policy would judge the call by (for {@code --explain}). */
    public Facts facts(ToolCall call) {
        return extractor.extract(call);
    }

    private Decision decide(ToolCall call, Facts facts, Deadline deadline) {
        List<Matched> matched = new ArrayList<>();
        List<ConditionVariables> variables = new ArrayList<>(facts.acts().size());
        for (int i = 0; i < facts.acts().size(); i++) {
            variables.add(null);
        }
        // Allow rules are tried on every act, to learn whether each act is recognised as safe; any other rule stops
        // at its first matching act, as one reason per rule is enough.
        boolean[] recognisedActs = new boolean[facts.acts().size()];
        for (Rule rule : rules) {
            if (deadline.passed()) {
                return overBudget(call, facts);
            }
            boolean isAllow = rule.verdict() == Verdict.ALLOW;
            boolean reported = false;
            for (int i = 0; i < facts.acts().size(); i++) {
                Act act = facts.acts().get(i);
                if (!rule.matchesStructure(facts, act)) {
                    continue;
                }
                if (rule.when().isPresent()) {
                    if (variables.get(i) == null) {
                        variables.set(i, Rule.conditionVariables(facts, act, call));
                    }
                    if (!rule.conditionHolds(variables.get(i))) {
                        continue;
                    }
                }
                if (!reported) {
                    matched.add(new Matched(rule, act));
                    reported = true;
                }
                if (!isAllow) {
                    break;
                }
                recognisedActs[i] = true;
            }
        }
        List<Reason> leased = LeaseCheck.reasons(call, facts, leaseVerdict);
        if (matched.isEmpty() && leased.isEmpty()) {
            return Decision.of(defaultVerdict, version)
                    .risk(Risk.impliedBy(defaultVerdict))
                    .route(reviewRoute(defaultVerdict, List.of()))
                    .facts(facts)
                    .build();
        }
        matched.sort(Comparator.comparing((Matched m) -> m.rule().verdict()).reversed());
        Verdict verdict =
                matched.isEmpty() ? defaultVerdict : matched.getFirst().rule().verdict();
        Risk risk = leased.isEmpty() ? Risk.NONE : Risk.impliedBy(leaseVerdict);
        Optional<String> suggestion = Optional.empty();
        if (!leased.isEmpty() && leaseVerdict.compareTo(verdict) >= 0) {
            // The lease is the strongest reason: it leads, and the rules' alternatives are not for it.
            verdict = leaseVerdict;
            suggestion = Optional.of(LeaseCheck.SUGGESTION);
        }
        List<Reason> reasons = new ArrayList<>(matched.size() + leased.size());
        if (verdict == leaseVerdict) {
            reasons.addAll(leased);
        }
        for (Matched m : matched) {
            risk = risk.max(m.rule().risk());
            if (suggestion.isEmpty() && m.rule().verdict() == verdict) {
                suggestion = m.rule().suggest();
            }
            reasons.add(new Reason(
                    m.rule().id(),
                    m.rule().verdict(),
                    m.rule().reason(),
                    m.act().evidence()));
        }
        if (verdict != leaseVerdict) {
            reasons.addAll(leased);
        }
        boolean recognised = verdict == Verdict.ALLOW && recognisedActs.length > 0;
        for (boolean actRecognised : recognisedActs) {
            recognised &= actRecognised;
        }
        return Decision.of(verdict, version)
                .risk(risk)
                .reasons(reasons)
                .recognisedAsSafe(recognised)
                .suggestion(suggestion)
                .route(reviewRoute(verdict, reasons))
                .facts(facts)
                .build();
    }

    /** The route a review goes by: declared under {@code routes:}, or one human approval by default. */
    private Optional<ReviewRoute> reviewRoute(Verdict verdict, List<Reason> reasons) {
        if (verdict != Verdict.REVIEW) {
            return Optional.empty();
        }
        String name = routeName(reasons).orElse(ReviewRoute.DEFAULT_NAME);
        return Optional.of(routes.getOrDefault(name, ReviewRoute.defaults(name)));
    }

    /** The routes declared by the layers, by name. */
    public Map<String, ReviewRoute> routes() {
        return routes;
    }

    private record Matched(Rule rule, Act act) {}

    private Optional<String> routeName(List<Reason> reasons) {
        return routeRule(reasons).flatMap(Rule::route).or(() -> reviewRoute);
    }

    /**
     * The rule whose {@code route:} a review goes by, when several matched: among the rules that gave the decision's
     * verdict and name a route, the one from the <em>highest layer</em>; within a layer, the first in the file.
     *
     * <p>Why the highest layer: a layer is how a team says "here, differently", and everything else layers that way
     * (a rule of the same id, {@code default}, {@code settings.review_route}, a route of the same name). A route
     * changes who reviews, never the verdict, and locked rules cannot be replaced, so a layer cannot weaken the
     * decision itself by routing. The strictest route was the other candidate; routes differ in reviewers, quorum,
     * mode and timeouts, so "strictest" has no single order a reader could predict.
     */
    public Optional<Rule> routeRule(List<Reason> reasons) {
        if (reasons.isEmpty()) {
            return Optional.empty();
        }
        Verdict verdict = reasons.getFirst().verdict();
        Rule best = null;
        for (Reason reason : reasons) {
            if (reason.verdict() != verdict) {
                continue;
            }
            Rule rule = byId.get(reason.ruleId());
            if (rule == null || rule.route().isEmpty()) {
                continue;
            }
            if (best == null || precedes(rule, best)) {
                best = rule;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Whether {@code a} wins over {@code b}: a higher layer, or the same layer and earlier in it. */
    private boolean precedes(Rule a, Rule b) {
        int la = layerOf.get(a.id());
        int lb = layerOf.get(b.id());
        return la != lb ? la > lb : position.get(a.id()) < position.get(b.id());
    }

    /** The index (0 = the built-in default) of the layer a rule comes from. */
    public int layerOf(Rule rule) {
        return layerOf.getOrDefault(rule.id(), -1);
    }

    public PolicyVersion version() {
        return version;
    }

    /** The effective rules, lowest layer first. */
    public List<Rule> rules() {
        return rules;
    }

    public List<Layer> layers() {
        return layers;
    }

    public Verdict defaultVerdict() {
        return defaultVerdict;
    }

    /** What a write onto a path another agent leases gets ({@code settings.leases}; deny unless a layer says review). */
    public Verdict leaseVerdict() {
        return leaseVerdict;
    }

    /** The {@code tests:} cases of every layer. */
    public List<Fixture> fixtures() {
        return layers.stream().flatMap(l -> l.fixtures().stream()).toList();
    }

    private static String hash(List<Layer> layers) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Layer layer : layers) {
                byte[] text = layer.text().getBytes(StandardCharsets.UTF_8);
                sha.update(Integer.toString(text.length).getBytes(StandardCharsets.US_ASCII));
                sha.update((byte) ':');
                sha.update(text);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    @Override
    public String toString() {
        return "Policy[" + version + ", " + rules.size() + " rules]";
    }
}
