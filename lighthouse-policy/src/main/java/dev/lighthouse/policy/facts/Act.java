package dev.lighthouse.policy.facts;

import static java.util.Objects.requireNonNull;

import dev.lighthouse.policy.call.Evidence;
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

    /**
     * An act of {@code tool} running {@code program}, found at {@code evidence}; everything else is empty unless set:
     * {@code Act.of("Bash", "rm", evidence).args(args).flags(flags).ops(ops).build()}.
     */
    public static Builder of(String tool, String program, Evidence evidence) {
        return new Builder(tool, program, evidence);
    }

    /** The same act, done through {@code other} (a shell run by a tool other than {@code Bash}). */
    public Act withTool(String other) {
        return new Act(other, program, subcommand, args, flags, ops, traits, signals, hosts, evidence, content, scope);
    }

    /** The same act, found at {@code where} (a nested line's act, shown at the outer line's command). */
    public Act withEvidence(Evidence where) {
        return new Act(tool, program, subcommand, args, flags, ops, traits, signals, hosts, where, content, scope);
    }

    /** Names each part of an {@link Act}; not thread-safe, one per act. */
    public static final class Builder {
        private final String tool;
        private final String program;
        private final Evidence evidence;
        private String subcommand = "";
        private List<String> args = List.of();
        private Set<String> flags = Set.of();
        private List<Op> ops = List.of();
        private Set<Trait> traits = Set.of();
        private Set<Signal> signals = Set.of();
        private List<String> hosts = List.of();
        private String content = "";
        private Optional<Scope> scope = Optional.empty();

        private Builder(String tool, String program, Evidence evidence) {
            this.tool = tool;
            this.program = program;
            this.evidence = evidence;
        }

        public Builder subcommand(String subcommand) {
            this.subcommand = subcommand;
            return this;
        }

        public Builder args(List<String> args) {
            this.args = args;
            return this;
        }

        public Builder flags(Set<String> flags) {
            this.flags = flags;
            return this;
        }

        public Builder ops(List<Op> ops) {
            this.ops = ops;
            return this;
        }

        public Builder traits(Set<Trait> traits) {
            this.traits = traits;
            return this;
        }

        public Builder signals(Set<Signal> signals) {
            this.signals = signals;
            return this;
        }

        public Builder hosts(List<String> hosts) {
            this.hosts = hosts;
            return this;
        }

        /** Text written by a file tool. */
        public Builder content(String content) {
            this.content = content;
            return this;
        }

        /** The most the command can do, by the capability registry. */
        public Builder scope(Optional<Scope> scope) {
            this.scope = scope;
            return this;
        }

        public Act build() {
            return new Act(
                    tool, program, subcommand, args, flags, ops, traits, signals, hosts, evidence, content, scope);
        }
    }
}
