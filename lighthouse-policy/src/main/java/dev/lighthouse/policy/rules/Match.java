package dev.lighthouse.policy.rules;

import dev.lighthouse.policy.facts.Act;
import dev.lighthouse.policy.facts.Facts;
import dev.lighthouse.policy.facts.Hosts;
import dev.lighthouse.policy.facts.Op;
import dev.lighthouse.policy.facts.OpKind;
import dev.lighthouse.policy.facts.PathClass;
import dev.lighthouse.policy.facts.Scope;
import dev.lighthouse.policy.facts.Signal;
import dev.lighthouse.policy.facts.Trait;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The structural part of a rule: every field given must hold for one act (empty fields always hold).
 *
 * <p>{@code tools}, {@code programs}, {@code subcommands}, {@code hosts}: any of (globs with {@code *} for tools and
 * hosts). {@code flags}: all of. {@code signals}, {@code traits}: any of. {@code ops}, {@code targets},
 * {@code targetsNot}, {@code recursive}: one operation of the act must satisfy all of them together. {@code scopes}: the
 * act's scope by the capability registry is one of them (an act without a scope matches none).
 */
public record Match(
        List<String> tools,
        Set<String> programs,
        Set<String> subcommands,
        Set<String> flags,
        Set<OpKind> ops,
        Set<PathClass> targets,
        Set<PathClass> targetsNot,
        Optional<Boolean> recursive,
        Set<Signal> signals,
        Set<Trait> traits,
        List<String> hosts,
        Optional<Boolean> incomplete,
        boolean hostExact,
        Set<Scope> scopes) {

    public Match {
        tools = List.copyOf(tools);
        programs = Set.copyOf(programs);
        subcommands = Set.copyOf(subcommands);
        flags = Set.copyOf(flags);
        ops = Set.copyOf(ops);
        targets = Set.copyOf(targets);
        targetsNot = Set.copyOf(targetsNot);
        signals = Set.copyOf(signals);
        traits = Set.copyOf(traits);
        hosts = hosts.stream().map(Match::normaliseHostPattern).toList();
        scopes = Set.copyOf(scopes);
    }

    /** A match written before {@code scope} existed: any act, with or without a scope. */
    public Match(
            List<String> tools,
            Set<String> programs,
            Set<String> subcommands,
            Set<String> flags,
            Set<OpKind> ops,
            Set<PathClass> targets,
            Set<PathClass> targetsNot,
            Optional<Boolean> recursive,
            Set<Signal> signals,
            Set<Trait> traits,
            List<String> hosts,
            Optional<Boolean> incomplete,
            boolean hostExact) {
        this(
                tools,
                programs,
                subcommands,
                flags,
                ops,
                targets,
                targetsNot,
                recursive,
                signals,
                traits,
                hosts,
                incomplete,
                hostExact,
                Set.of());
    }

    /** A match written before {@code host_exact} existed: hosts match their subdomains too. */
    public Match(
            List<String> tools,
            Set<String> programs,
            Set<String> subcommands,
            Set<String> flags,
            Set<OpKind> ops,
            Set<PathClass> targets,
            Set<PathClass> targetsNot,
            Optional<Boolean> recursive,
            Set<Signal> signals,
            Set<Trait> traits,
            List<String> hosts,
            Optional<Boolean> incomplete) {
        this(
                tools,
                programs,
                subcommands,
                flags,
                ops,
                targets,
                targetsNot,
                recursive,
                signals,
                traits,
                hosts,
                incomplete,
                false);
    }

    /** Host patterns in the facts' normal form, a glob's {@code *} kept: {@code *.PasteBin.com.} is {@code *.pastebin.com}. */
    private static String normaliseHostPattern(String pattern) {
        return pattern.contains("*")
                ? pattern.toLowerCase(java.util.Locale.ROOT).replaceAll("\\.+$", "")
                : Hosts.normalise(pattern);
    }

    boolean matches(Facts facts, Act act) {
        if (incomplete.isPresent() && incomplete.get() != facts.incomplete()) {
            return false;
        }
        if (!programs.isEmpty() && !programs.contains(act.program())) {
            return false;
        }
        if (!subcommands.isEmpty() && !subcommands.contains(act.subcommand())) {
            return false;
        }
        if (!scopes.isEmpty()
                && (act.scope().isEmpty() || !scopes.contains(act.scope().get()))) {
            return false;
        }
        if (!signals.isEmpty() && !anyIn(signals, act.signals())) {
            return false;
        }
        if (!traits.isEmpty() && !anyIn(traits, act.traits())) {
            return false;
        }
        if (!flags.isEmpty() && !act.flags().containsAll(flags)) {
            return false;
        }
        if (!tools.isEmpty() && !anyGlob(tools, act.tool())) {
            return false;
        }
        if (!hosts.isEmpty() && !anyHost(act.hosts())) {
            return false;
        }
        if (!constrainsOps()) {
            return true;
        }
        // By index: every rule is tried on every act, and this loop's iterator was not optimised away.
        List<Op> actOps = act.ops();
        for (int i = 0; i < actOps.size(); i++) {
            if (matchesOp(actOps.get(i))) {
                return true;
            }
        }
        return false;
    }

    private static <T> boolean anyIn(Set<T> wanted, Set<T> present) {
        // Most acts have no signals or traits: no iterator over the rule's set for them.
        if (present.isEmpty()) {
            return false;
        }
        for (T t : wanted) {
            if (present.contains(t)) {
                return true;
            }
        }
        return false;
    }

    private static boolean anyGlob(List<String> patterns, String text) {
        for (String p : patterns) {
            if (glob(p, text)) {
                return true;
            }
        }
        return false;
    }

    /** A plain host pattern matches that host and its subdomains, unless {@code host_exact}; a glob matches as such. */
    private boolean anyHost(List<String> actHosts) {
        for (String h : actHosts) {
            for (String p : hosts) {
                if (p.contains("*") || hostExact ? glob(p, h) : Hosts.within(h, p)) {
                    return true;
                }
            }
        }
        return false;
    }

    private boolean constrainsOps() {
        return !ops.isEmpty() || !targets.isEmpty() || !targetsNot.isEmpty() || recursive.isPresent();
    }

    private boolean matchesOp(Op op) {
        if (!ops.isEmpty() && !ops.contains(op.kind())) {
            return false;
        }
        if (recursive.isPresent() && recursive.get() != op.recursive()) {
            return false;
        }
        Set<PathClass> classes = op.target().classes();
        if (!targets.isEmpty() && !anyIn(targets, classes)) {
            return false;
        }
        return targetsNot.isEmpty() || !anyIn(targetsNot, classes);
    }

    /** {@code *} matches any run of characters; everything else is literal. */
    static boolean glob(String pattern, String text) {
        if (!pattern.contains("*")) {
            return pattern.equals(text);
        }
        String[] parts = pattern.split("\\*", -1);
        int at = 0;
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (i == 0) {
                if (!text.startsWith(part)) {
                    return false;
                }
                at = part.length();
            } else if (i == parts.length - 1) {
                return text.length() - part.length() >= at && text.endsWith(part);
            } else {
                int found = text.indexOf(part, at);
                if (found < 0) {
                    return false;
                }
                at = found + part.length();
            }
        }
        return true;
    }
}
