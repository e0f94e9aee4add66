package dev.lighthouse.policy.rules;

import dev.lighthouse.policy.call.ToolCall;
import dev.lighthouse.policy.call.ToolInput;
import dev.lighthouse.policy.facts.Act;
import dev.lighthouse.policy.facts.Facts;
import dev.lighthouse.policy.facts.Op;
import dev.lighthouse.policy.facts.PathClass;
import dev.lighthouse.policy.facts.Scope;
import dev.lighthouse.policy.facts.Signal;
import dev.lighthouse.policy.facts.Trait;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The variables of {@link Condition#test} for one act (see {@link Condition} for what each holds), each computed the
 * first time a condition reads it and kept for the act's other rules. Most conditions read a few of the twenty (the
 * allow rules: {@code hosts}, {@code signals}, {@code traits}, {@code ops}, {@code target_classes}), so the others
 * (the lease, the command text, the operations' paths) are not built for them.
 *
 * <p>Not thread-safe: one decision's, on its thread.
 */
public final class ConditionVariables {
    private final Facts facts;
    private final Act act;
    private final ToolCall call;
    /** The variables built from more than a field, by name, once read. */
    private final Map<String, Object> built = new HashMap<>();
    /** Each operation's target classes as sorted labels, shared by {@code ops} and {@code target_classes}. */
    private List<List<String>> opClasses;

    ConditionVariables(Facts facts, Act act, ToolCall call) {
        this.facts = facts;
        this.act = act;
        this.call = call;
    }

    /** The variable's value, or empty for a name that is not one. */
    Optional<Object> find(String name) {
        Object value = switch (name) {
            case "tool" -> act.tool();
            case "program" -> act.program();
            case "subcommand" -> act.subcommand();
            case "content" -> act.content();
            case "args" -> act.args();
            case "hosts" -> act.hosts();
            case "incomplete" -> facts.incomplete();
            default -> built.get(name);
        };
        if (value == null) {
            value = build(name);
            if (value != null) {
                built.put(name, value);
            }
        }
        return Optional.ofNullable(value);
    }

    private Object build(String name) {
        return switch (name) {
            case "scope" -> act.scope().map(Scope::label).orElse("");
            case "command" -> commandText(call);
            case "cwd" -> call.cwd().toString();
            case "project" -> call.projectRoot().toString();
            case "home" -> call.home().toString();
            case "flags" -> List.copyOf(act.flags());
            case "signals" -> act.signals().stream().map(Signal::label).toList();
            case "traits" -> act.traits().stream().map(Trait::label).toList();
            case "targets" -> targets();
            case "target_classes" -> targetClasses();
            case "ops" -> ops();
            case "recursive" -> recursive();
            case "lease" -> LeaseVariable.of(act, call.leases());
            default -> null;
        };
    }

    /** Each operation as a map of {@code kind}, {@code path}, {@code classes} and {@code recursive}. */
    private List<Map<String, Object>> ops() {
        List<List<String>> classes = opClasses();
        List<Map<String, Object>> ops = new ArrayList<>(classes.size());
        for (int i = 0; i < classes.size(); i++) {
            Op op = act.ops().get(i);
            ops.add(Map.of(
                    "kind",
                    op.kind().label(),
                    "path",
                    op.target().resolved(),
                    "classes",
                    classes.get(i),
                    "recursive",
                    op.recursive()));
        }
        return ops;
    }

    /** The resolved path of each operation's target. */
    private List<String> targets() {
        List<String> targets = new ArrayList<>(act.ops().size());
        for (Op op : act.ops()) {
            targets.add(op.target().resolved());
        }
        return targets;
    }

    /** The classes of all operations' targets, each once, in the order of the operations and their sorted labels. */
    private List<String> targetClasses() {
        LinkedHashSet<String> all = new LinkedHashSet<>();
        for (List<String> classes : opClasses()) {
            all.addAll(classes);
        }
        return List.copyOf(all);
    }

    private boolean recursive() {
        for (Op op : act.ops()) {
            if (op.recursive()) {
                return true;
            }
        }
        return false;
    }

    private List<List<String>> opClasses() {
        if (opClasses == null) {
            opClasses = new ArrayList<>(act.ops().size());
            for (Op op : act.ops()) {
                opClasses.add(op.target().classes().stream()
                        .map(PathClass::label)
                        .sorted()
                        .toList());
            }
        }
        return opClasses;
    }

    private static String commandText(ToolCall call) {
        return switch (call.input()) {
            case ToolInput.Bash b -> b.command();
            case ToolInput.Write w -> w.filePath();
            case ToolInput.Edit e -> e.filePath();
            case ToolInput.MultiEdit m -> m.filePath();
            case ToolInput.NotebookEdit n -> n.notebookPath();
            case ToolInput.Read r -> r.filePath();
            case ToolInput.Glob g -> g.pattern();
            case ToolInput.Grep g -> g.pattern();
            case ToolInput.WebFetch f -> f.url();
            case ToolInput.WebSearch s -> s.query();
            case ToolInput.Mcp m -> m.arguments().toString();
            case ToolInput.Other o -> o.input().toString();
        };
    }
}
