package dev.lighthouse.policy.rules;

import dev.lighthouse.policy.call.ToolInput;
import dev.lighthouse.policy.call.ToolInputs;
import dev.lighthouse.policy.facts.OpKind;
import dev.lighthouse.policy.facts.PathClass;
import dev.lighthouse.policy.facts.ProgramRegistry;
import dev.lighthouse.policy.facts.Scope;
import dev.lighthouse.policy.facts.Signal;
import dev.lighthouse.policy.facts.Trait;
import dev.lighthouse.policy.facts.WordList;
import dev.lighthouse.policy.verdict.ReviewRoute;
import dev.lighthouse.policy.verdict.Risk;
import dev.lighthouse.policy.verdict.Verdict;
import dev.lighthouse.policy.yaml.DidYouMean;
import dev.lighthouse.policy.yaml.Problem;
import dev.lighthouse.policy.yaml.YamlNode;
import dev.lighthouse.policy.yaml.YamlReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads one policy file into a {@link Layer}, collecting every problem with its line and column.
 *
 * <p>File format (all sections optional):
 *
 * <pre>{@code
 * metadata: {name: team, description: ...}
 * settings: {default: allow, trusted_domains: [...], protected_paths: [...], review_route: security, disable: [ids],
 *            leases: deny}
 * rules:
 *   - id: no-force-push
 *     decision: review            # allow | review | deny
 *     risk: medium                # none | low | medium | high | critical (default from decision)
 *     match: {program: git, subcommand: push, flags: [force]}
 *     when: '"main" in args'       # CEL, optional
 *     reason: Force-pushing rewrites shared history.
 *     suggest: git push --force-with-lease
 *     route: security
 *     locked: false
 * routes:
 *   production_deployment:
 *     reviewers: [human, llm, agent:kubernetes]   # human | llm | llm:NAME | agent:CAPABILITY
 *     quorum: 2                   # approvals (veto) or votes (majority) needed
 *     mode: veto                  # veto | majority
 *     timeout: 10m                # then on_timeout applies
 *     on_timeout: deny            # deny | allow
 *     wait: 50s                   # how long the agent's hook is held; 0 answers at once
 *     guidance: Check the target environment and the plan.
 * tests:
 *   - {command: "git push -f origin main", expect: review}
 *   - {tool: Write, input: {file_path: /etc/hosts, content: x}, expect: deny}
 * }</pre>
 */
public final class LayerParser {
    /** A layer's sections: its own, and a registry section (programs and any generic word list). */
    private static final Set<String> TOP = Stream.concat(
                    Stream.of("apiVersion", "metadata", "settings", "routes", "rules", "tests", "programs"),
                    Arrays.stream(WordList.values()).map(WordList::key))
            .collect(Collectors.toUnmodifiableSet());

    private static final Set<String> ROUTE =
            Set.of("reviewers", "quorum", "mode", "timeout", "on_timeout", "wait", "guidance", "max_approval");
    private static final Set<String> METADATA = Set.of("name", "description", "owner");
    private static final Set<String> SETTINGS =
            Set.of("default", "trusted_domains", "protected_paths", "review_route", "disable", "leases");
    private static final Set<String> RULE =
            Set.of("id", "decision", "risk", "match", "when", "reason", "suggest", "route", "locked");
    private static final Set<String> MATCH = Set.of(
            "tool",
            "program",
            "subcommand",
            "flags",
            "op",
            "target",
            "target_not",
            "recursive",
            "signal",
            "trait",
            "host",
            "host_exact",
            "incomplete",
            "scope");
    private static final Set<String> TEST =
            Set.of("name", "command", "tool", "input", "cwd", "expect", "rule", "route");

    private final String file;
    private final List<String> lines;
    private final List<Problem> problems = new ArrayList<>();

    private LayerParser(String file, String text) {
        this.file = file;
        this.lines = text.lines().toList();
    }

    /** The parsed layer and the problems found; the layer is only usable when there are none. */
    public record Result(Layer layer, List<Problem> problems) {
        public Result {
            problems = List.copyOf(problems);
        }
    }

    public static Result parse(String file, String text) {
        LayerParser parser = new LayerParser(file, text);
        YamlNode root = YamlReader.root(file, text, parser.problems);
        Layer layer = parser.layer(root, text);
        return new Result(layer, parser.problems);
    }

    private Layer layer(YamlNode root, String text) {
        String name = file;
        String description = "";
        Optional<Verdict> defaultVerdict = Optional.empty();
        Set<String> trusted = new LinkedHashSet<>();
        List<String> protectedPaths = new ArrayList<>();
        Optional<String> route = Optional.empty();
        Optional<Verdict> leases = Optional.empty();
        Map<String, ReviewRoute> routes = new LinkedHashMap<>();
        Set<String> disable = new LinkedHashSet<>();
        List<Rule> rules = new ArrayList<>();
        List<Fixture> fixtures = new ArrayList<>();
        YamlNode.Mapping top = mapping(root, "the policy file");
        if (top == null) {
            return new Layer(
                    file,
                    name,
                    description,
                    text,
                    defaultVerdict,
                    trusted,
                    protectedPaths,
                    route,
                    routes,
                    rules,
                    disable,
                    fixtures);
        }
        checkKeys(top, TOP, "top-level section");
        YamlNode.Mapping metadata = optionalMapping(top, "metadata");
        if (metadata != null) {
            checkKeys(metadata, METADATA, "metadata key");
            name = scalar(metadata, "name").orElse(name);
            description = scalar(metadata, "description").orElse("");
        }
        YamlNode.Mapping settings = optionalMapping(top, "settings");
        if (settings != null) {
            checkKeys(settings, SETTINGS, "setting");
            defaultVerdict = scalarNode(settings, "default")
                    .flatMap(n -> enumValue(n, "decision", Verdict.values(), Verdict::label));
            trusted.addAll(strings(settings, "trusted_domains"));
            for (String p : strings(settings, "protected_paths")) {
                if (!p.startsWith("/")) {
                    problem(settings.values().get("protected_paths"), "protected path \"" + p + "\" must be absolute");
                }
                protectedPaths.add(p);
            }
            route = scalar(settings, "review_route");
            disable.addAll(strings(settings, "disable"));
            leases = scalarNode(settings, "leases")
                    .flatMap(n -> enumValue(n, "leases", new Verdict[] {Verdict.DENY, Verdict.REVIEW}, Verdict::label));
        }
        YamlNode.Mapping routesNode = optionalMapping(top, "routes");
        if (routesNode != null) {
            routesNode
                    .values()
                    .forEach(
                            (routeName, node) -> reviewRoute(routeName, node).ifPresent(r -> routes.put(routeName, r)));
        }
        YamlNode rulesNode = top.values().get("rules");
        if (rulesNode != null) {
            Set<String> ids = new HashSet<>();
            for (YamlNode item : sequence(rulesNode, "rules")) {
                Rule rule = rule(item);
                if (rule != null) {
                    if (!ids.add(rule.id())) {
                        problem(item, "duplicate rule id \"" + rule.id() + "\" in this file");
                    }
                    rules.add(rule);
                }
            }
        }
        YamlNode testsNode = top.values().get("tests");
        if (testsNode != null) {
            for (YamlNode item : sequence(testsNode, "tests")) {
                fixture(item).ifPresent(fixtures::add);
            }
        }
        ProgramRegistry programs = top.values().containsKey("programs")
                        || Arrays.stream(WordList.values())
                                .anyMatch(list -> top.values().containsKey(list.key()))
                ? ProgramsParser.section(file, top, ProgramsParser.builtIn(), problems)
                : ProgramRegistry.empty();
        return new Layer(
                file,
                name,
                description,
                text,
                defaultVerdict,
                trusted,
                protectedPaths,
                route,
                routes,
                rules,
                disable,
                fixtures,
                programs,
                leases);
    }

    private Optional<ReviewRoute> reviewRoute(String name, YamlNode node) {
        YamlNode.Mapping m = mapping(node, "route " + name);
        if (m == null) {
            return Optional.empty();
        }
        checkKeys(m, ROUTE, "route key");
        int before = problems.size();
        ReviewRoute defaults = ReviewRoute.defaults(name);
        List<String> reviewers = strings(m, "reviewers");
        for (String reviewer : reviewers) {
            if (!reviewer.matches("human|llm|llm:[A-Za-z0-9_.-]+|agent:[A-Za-z0-9_.-]+")) {
                problem(
                        m.values().get("reviewers"),
                        "unknown reviewer \"" + reviewer + "\"; expected human, llm, llm:NAME or agent:CAPABILITY");
            }
        }
        int quorum = scalarNode(m, "quorum").map(this::quorum).orElse(defaults.quorum());
        ReviewRoute.Mode mode = scalarNode(m, "mode")
                .flatMap(n -> enumValue(n, "mode", ReviewRoute.Mode.values(), ReviewRoute.Mode::label))
                .orElse(defaults.mode());
        Duration timeout = scalarNode(m, "timeout").map(this::duration).orElse(defaults.timeout());
        if ((timeout.isZero() || timeout.compareTo(ReviewRoute.MAX_TIMEOUT) > 0) && problems.size() == before) {
            problem(m.values().get("timeout"), "route " + name + ": timeout must be longer than 0 and at most 7d");
        }
        Verdict onTimeout = scalarNode(m, "on_timeout")
                .flatMap(n -> enumValue(n, "on_timeout", new Verdict[] {Verdict.DENY, Verdict.ALLOW}, Verdict::label))
                .orElse(defaults.onTimeout());
        Duration hold = scalarNode(m, "wait").map(this::duration).orElse(defaults.hold());
        Optional<Duration> maxApproval = scalarNode(m, "max_approval").map(this::duration);
        if (maxApproval.isPresent() && maxApproval.get().isZero() && problems.size() == before) {
            problem(m.values().get("max_approval"), "route " + name + ": max_approval must be longer than 0");
        }
        if (problems.size() > before) {
            return Optional.empty();
        }
        return Optional.of(new ReviewRoute(
                name,
                reviewers.isEmpty() ? defaults.reviewers() : reviewers,
                quorum,
                mode,
                timeout,
                onTimeout,
                hold,
                scalar(m, "guidance").orElse(""),
                maxApproval));
    }

    private int quorum(YamlNode.Scalar s) {
        try {
            int quorum = Integer.parseInt(s.value().trim());
            if (quorum >= 1) {
                return quorum;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problem(s, "quorum must be a whole number of at least 1, got \"" + s.value() + "\"");
        return 1;
    }

    private Duration duration(YamlNode.Scalar s) {
        try {
            return ReviewRoute.duration(s.value());
        } catch (IllegalArgumentException e) {
            problem(s, e.getMessage());
            return Duration.ZERO;
        }
    }

    private Rule rule(YamlNode node) {
        YamlNode.Mapping m = mapping(node, "a rule");
        if (m == null) {
            return null;
        }
        checkKeys(m, RULE, "rule key");
        int before = problems.size();
        Optional<String> id = scalar(m, "id");
        if (id.isEmpty()) {
            problem(m, "rule needs an \"id\"");
        } else if (!id.get().matches("[A-Za-z0-9][A-Za-z0-9_.:-]*")) {
            problem(m.values().get("id"), "rule id \"" + id.get() + "\" must be letters, digits, - _ . :");
        }
        Optional<Verdict> verdict =
                scalarNode(m, "decision").flatMap(n -> enumValue(n, "decision", Verdict.values(), Verdict::label));
        if (!m.values().containsKey("decision")) {
            problem(m, "rule " + id.orElse("?") + " needs a \"decision\" (allow, review or deny)");
        }
        Optional<Risk> risk = scalarNode(m, "risk").flatMap(n -> enumValue(n, "risk", Risk.values(), Risk::label));
        Optional<String> reason = scalar(m, "reason");
        if (reason.isEmpty()) {
            problem(m, "rule " + id.orElse("?") + " needs a \"reason\" shown to the agent");
        }
        Match match = match(optionalMapping(m, "match"));
        Optional<Condition> when = Optional.empty();
        Optional<YamlNode.Scalar> whenNode = scalarNode(m, "when");
        if (whenNode.isPresent()) {
            List<Condition.Issue> issues = new ArrayList<>();
            Condition c = Condition.compile(whenNode.get().value(), issues);
            for (Condition.Issue issue : issues) {
                int line = whenNode.get().line() + issue.line() - 1;
                int column = issue.line() == 1
                        ? whenNode.get().column() + issue.column() - 1 + quote(whenNode.get())
                        : issue.column();
                problems.add(new Problem(file, line, column, "condition: " + issue.message()));
            }
            when = Optional.ofNullable(c);
        }
        boolean locked = scalarNode(m, "locked").map(n -> bool(n)).orElse(false);
        if (problems.size() > before || id.isEmpty() || verdict.isEmpty()) {
            return null;
        }
        return new Rule(
                id.get(),
                verdict.get(),
                risk.orElse(Risk.impliedBy(verdict.get())),
                match,
                when,
                reason.orElse(""),
                scalar(m, "suggest"),
                scalar(m, "route"),
                locked,
                file + ":" + m.line());
    }

    /** 1 if the scalar is written in quotes (its position is the quote's), else 0. */
    private int quote(YamlNode.Scalar s) {
        if (s.line() < 1 || s.line() > lines.size()) {
            return 0;
        }
        String line = lines.get(s.line() - 1);
        int at = s.column() - 1;
        return at >= 0 && at < line.length() && (line.charAt(at) == '\'' || line.charAt(at) == '"') ? 1 : 0;
    }

    private Match match(YamlNode.Mapping m) {
        if (m == null) {
            return new Match(
                    List.of(),
                    Set.of(),
                    Set.of(),
                    Set.of(),
                    Set.of(),
                    Set.of(),
                    Set.of(),
                    Optional.empty(),
                    Set.of(),
                    Set.of(),
                    List.of(),
                    Optional.empty());
        }
        checkKeys(m, MATCH, "match field");
        return new Match(
                strings(m, "tool"),
                Set.copyOf(strings(m, "program")),
                Set.copyOf(strings(m, "subcommand")),
                Set.copyOf(strings(m, "flags")),
                enums(m, "op", OpKind.values(), OpKind::label),
                enums(m, "target", PathClass.values(), PathClass::label),
                enums(m, "target_not", PathClass.values(), PathClass::label),
                scalarNode(m, "recursive").map(this::bool),
                enums(m, "signal", Signal.values(), Signal::label),
                enums(m, "trait", Trait.values(), Trait::label),
                strings(m, "host"),
                scalarNode(m, "incomplete").map(this::bool),
                scalarNode(m, "host_exact").map(this::bool).orElse(false),
                enums(m, "scope", Scope.values(), Scope::label));
    }

    private Optional<Fixture> fixture(YamlNode node) {
        YamlNode.Mapping m = mapping(node, "a test case");
        if (m == null) {
            return Optional.empty();
        }
        checkKeys(m, TEST, "test key");
        Optional<Verdict> expect =
                scalarNode(m, "expect").flatMap(n -> enumValue(n, "decision", Verdict.values(), Verdict::label));
        if (!m.values().containsKey("expect")) {
            problem(m, "test case needs \"expect\" (allow, review or deny)");
        }
        Optional<String> command = scalar(m, "command");
        String tool = scalar(m, "tool").orElse(command.isPresent() ? "Bash" : "");
        ToolInput input;
        try {
            if (command.isPresent()) {
                input = new ToolInput.Bash(command.get());
            } else {
                YamlNode inputNode = m.values().get("input");
                if (tool.isEmpty() || inputNode == null) {
                    problem(m, "test case needs \"command\", or \"tool\" and \"input\"");
                    return Optional.empty();
                }
                input = ToolInputs.fromJson(tool, json(inputNode));
            }
        } catch (IllegalArgumentException e) {
            problem(m, e.getMessage());
            return Optional.empty();
        }
        if (expect.isEmpty()) {
            return Optional.empty();
        }
        String name = scalar(m, "name").orElse(command.orElse(tool + " " + input));
        return Optional.of(new Fixture(
                name,
                input,
                scalar(m, "cwd"),
                expect.get(),
                scalar(m, "rule"),
                scalar(m, "route"),
                file + ":" + m.line()));
    }

    private static JsonNode json(YamlNode node) {
        return switch (node) {
            case YamlNode.Scalar s -> JsonNodeFactory.instance.stringNode(s.value());
            case YamlNode.Sequence s -> {
                var array = JsonNodeFactory.instance.arrayNode();
                s.items().forEach(i -> array.add(json(i)));
                yield array;
            }
            case YamlNode.Mapping m -> {
                ObjectNode object = JsonNodeFactory.instance.objectNode();
                m.values().forEach((k, v) -> object.set(k, json(v)));
                yield object;
            }
        };
    }

    // ---- typed access with problems

    private void checkKeys(YamlNode.Mapping m, Set<String> known, String what) {
        for (Map.Entry<String, YamlNode.Scalar> key : m.keys().entrySet()) {
            if (!known.contains(key.getKey())) {
                problem(
                        key.getValue(),
                        "unknown " + what + " \"" + key.getKey() + "\"" + DidYouMean.suggest(key.getKey(), known, '"')
                                + (DidYouMean.suggest(key.getKey(), known, '"').isEmpty()
                                        ? "; expected one of "
                                                + known.stream().sorted().collect(Collectors.joining(", "))
                                        : ""));
            }
        }
    }

    private YamlNode.Mapping mapping(YamlNode node, String what) {
        if (node instanceof YamlNode.Mapping m) {
            return m;
        }
        problem(node, what + " must be a mapping, found " + node.describe());
        return null;
    }

    private YamlNode.Mapping optionalMapping(YamlNode.Mapping parent, String key) {
        YamlNode node = parent.values().get(key);
        return node == null ? null : mapping(node, "\"" + key + "\"");
    }

    private List<YamlNode> sequence(YamlNode node, String what) {
        if (node instanceof YamlNode.Sequence s) {
            return s.items();
        }
        problem(node, "\"" + what + "\" must be a list, found " + node.describe());
        return List.of();
    }

    private Optional<YamlNode.Scalar> scalarNode(YamlNode.Mapping m, String key) {
        YamlNode node = m.values().get(key);
        if (node == null) {
            return Optional.empty();
        }
        if (node instanceof YamlNode.Scalar s) {
            return Optional.of(s);
        }
        problem(node, "\"" + key + "\" must be a single value, found " + node.describe());
        return Optional.empty();
    }

    private Optional<String> scalar(YamlNode.Mapping m, String key) {
        return scalarNode(m, key).map(YamlNode.Scalar::value).filter(v -> !v.isBlank());
    }

    /** A single value or a list of values. */
    private List<String> strings(YamlNode.Mapping m, String key) {
        YamlNode node = m.values().get(key);
        return switch (node) {
            case null -> List.of();
            case YamlNode.Scalar s -> List.of(s.value());
            case YamlNode.Sequence s -> {
                List<String> out = new ArrayList<>();
                for (YamlNode item : s.items()) {
                    if (item instanceof YamlNode.Scalar v) {
                        out.add(v.value());
                    } else {
                        problem(item, "items of \"" + key + "\" must be values, found " + item.describe());
                    }
                }
                yield out;
            }
            case YamlNode.Mapping mm -> {
                problem(mm, "\"" + key + "\" must be a value or a list, found a mapping");
                yield List.of();
            }
        };
    }

    private <E extends Enum<E>> Set<E> enums(YamlNode.Mapping m, String key, E[] values, Function<E, String> label) {
        Set<E> out = new LinkedHashSet<>();
        YamlNode node = m.values().get(key);
        if (node == null) {
            return out;
        }
        List<YamlNode> items = node instanceof YamlNode.Sequence s ? s.items() : List.of(node);
        for (YamlNode item : items) {
            if (item instanceof YamlNode.Scalar s) {
                enumValue(s, key, values, label).ifPresent(out::add);
            } else {
                problem(item, "items of \"" + key + "\" must be values, found " + item.describe());
            }
        }
        return out;
    }

    private <E extends Enum<E>> Optional<E> enumValue(
            YamlNode.Scalar s, String what, E[] values, Function<E, String> label) {
        String given = s.value().trim().toLowerCase(Locale.ROOT);
        for (E e : values) {
            if (label.apply(e).equals(given)) {
                return Optional.of(e);
            }
        }
        List<String> known = Arrays.stream(values).map(label).toList();
        String hint = DidYouMean.suggest(given, known, '"');
        problem(
                s,
                "unknown " + what + " \"" + s.value() + "\""
                        + (hint.isEmpty() ? "; expected one of " + String.join(", ", known) : hint));
        return Optional.empty();
    }

    private boolean bool(YamlNode.Scalar s) {
        return switch (s.value().trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> {
                problem(s, "expected true or false, got \"" + s.value() + "\"");
                yield false;
            }
        };
    }

    private void problem(YamlNode at, String message) {
        problems.add(new Problem(file, at.line(), at.column(), message));
    }
}
