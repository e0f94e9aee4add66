package dev.lighthouse.cli;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.lighthouse.policy.Decision;
import dev.lighthouse.policy.Reason;
import dev.lighthouse.policy.facts.Act;
import dev.lighthouse.policy.facts.Facts;
import dev.lighthouse.policy.facts.Op;
import java.util.List;
import java.util.Optional;

/**
 * What {@code lighthouse check --json} and {@code --jsonl} print for a decided call (schema_version 1), in the order
 * written: id, decision, recognised, risk, rules, reasons, suggestion, policy, elapsed; then, for {@code --json}, the
 * schema version, the policy's source and, with {@code --explain}, the facts.
 */
record CheckAnswer(
        Optional<String> id,
        String decision,
        boolean recognised,
        String risk,
        List<String> rules,
        List<ReasonLine> reasons,
        Optional<String> suggestion,
        String policy,
        @JsonProperty("elapsed_us") double elapsedMicros,
        @JsonProperty("schema_version") Optional<Integer> schemaVersion,
        @JsonProperty("policy_source") Optional<String> policySource,
        Optional<List<ActLine>> facts) {

    /** The answer to one call; {@code id} is left out when empty. */
    static CheckAnswer of(Decision d, String id) {
        return new CheckAnswer(
                Optional.of(id).filter(i -> !i.isEmpty()),
                d.verdict().label(),
                d.recognised(),
                d.risk().label(),
                d.ruleIds(),
                d.reasons().stream().map(ReasonLine::of).toList(),
                d.suggestion(),
                d.policy().toString(),
                d.elapsed().toNanos() / 1000.0,
                Optional.empty(),
                Optional.empty(),
                Optional.empty());
    }

    /** This answer as {@code --json} prints it: with the schema version, the policy's source and maybe the facts. */
    CheckAnswer withSource(String source, Optional<Facts> explained) {
        return new CheckAnswer(
                id,
                decision,
                recognised,
                risk,
                rules,
                reasons,
                suggestion,
                policy,
                elapsedMicros,
                Optional.of(1),
                Optional.of(source),
                explained.map(f -> f.acts().stream().map(ActLine::of).toList()));
    }

    /** A line of {@code --jsonl} that could not be decided. */
    record Failed(String id, String error) {}

    record ReasonLine(String rule, String decision, String message, EvidenceLine evidence) {
        static ReasonLine of(Reason r) {
            return new ReasonLine(
                    r.ruleId(),
                    r.verdict().label(),
                    r.message(),
                    new EvidenceLine(
                            r.evidence().field(),
                            r.evidence().start(),
                            r.evidence().end(),
                            r.evidence().text()));
        }
    }

    record EvidenceLine(String field, int start, int end, String text) {}

    /** An act as {@code --explain} shows it; sets are sorted so the output is stable. */
    record ActLine(
            String tool,
            String program,
            String subcommand,
            List<String> args,
            List<String> flags,
            List<OpLine> ops,
            List<String> signals,
            List<String> traits,
            List<String> hosts,
            String text) {
        static ActLine of(Act act) {
            return new ActLine(
                    act.tool(),
                    act.program(),
                    act.subcommand(),
                    List.copyOf(act.args()),
                    act.flags().stream().sorted().toList(),
                    act.ops().stream().map(OpLine::of).toList(),
                    act.signals().stream().map(s -> s.label()).sorted().toList(),
                    act.traits().stream().map(t -> t.label()).sorted().toList(),
                    List.copyOf(act.hosts()),
                    act.evidence().text());
        }
    }

    record OpLine(String kind, String path, boolean recursive, List<String> classes) {
        static OpLine of(Op op) {
            return new OpLine(
                    op.kind().label(),
                    op.target().resolved(),
                    op.recursive(),
                    op.target().classes().stream().map(c -> c.label()).sorted().toList());
        }
    }
}
