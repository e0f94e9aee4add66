package dev.lighthouse.policy.facts;

import static java.util.Objects.requireNonNull;

import dev.lighthouse.policy.Evidence;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The facts about one thing a tool call does: one effective shell command, or the use of a non-shell tool. Rules
 * match acts; a call matches a rule when any of its acts does.
 *
 * @param tool the tool ({@code Bash}, {@code Write}, {@code mcp__github__create_issue})
 * @param program the normalised program ({@code rm} for {@code /bin/rm}); the tool name for other tools
 * @param subcommand the first operand of multi-command programs ({@code push} of {@code git push}); else empty
 * @param args the arguments after expansion
 * @param flags normalised flag names: {@code -rf}, {@code -r -f} and {@code --recursive --force} all give
 *     {@code recursive, force}; unknown short flags stay single letters
 * @param ops what it does to which paths
 * @param traits how it runs
 * @param signals what its structure shows
 * @param hosts network hosts it talks to (lower case)
 * @param evidence where in the call it is
 * @param content text written by file tools (empty for shell commands)
 * @param scope the most the command can do by the capability registry, when the registry knows it
 */
public record Act(
        String tool,
        String program,
        String subcommand,
        List<String> args,
        Set<String> flags,
        List<Op> ops,
        Set<Trait> traits,
        Set<Signal> signals,
        List<String> hosts,
        Evidence evidence,
        String content,
        Optional<Scope> scope) {

    public Act {
        requireNonNull(tool, "tool");
        requireNonNull(program, "program");
        requireNonNull(subcommand, "subcommand");
        args = List.copyOf(args);
        flags = Set.copyOf(flags);
        ops = List.copyOf(ops);
        traits = Set.copyOf(traits);
        signals = Set.copyOf(signals);
        hosts = List.copyOf(hosts);
        requireNonNull(evidence, "evidence");
        requireNonNull(content, "content");
        requireNonNull(scope, "scope");
    }

    /** An act the registry gives no scope: a non-shell tool, or a command it does not know to be harmless. */
    public Act(
            String tool,
            String program,
            String subcommand,
            List<String> args,
            Set<String> flags,
            List<Op> ops,
            Set<Trait> traits,
            Set<Signal> signals,
            List<String> hosts,
            Evidence evidence,
            String content) {
        this(tool, program, subcommand, args, flags, ops, traits, signals, hosts, evidence, content, Optional.empty());
    }
}
