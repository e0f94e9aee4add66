package dev.lighthouse.bridge;

import dev.lighthouse.bridge.decision.Judge;
import dev.lighthouse.policy.Decision;
import dev.lighthouse.policy.PolicyVersion;
import dev.lighthouse.policy.Reason;
import dev.lighthouse.policy.call.Evidence;
import dev.lighthouse.policy.call.ToolCall;
import dev.lighthouse.policy.call.ToolInput;
import dev.lighthouse.policy.verdict.Risk;
import dev.lighthouse.policy.verdict.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A stand-in for the policy engine with four fixed answers, so bridge tests pin the bridge's behaviour and not the
 * default policy's: {@code rm -rf ~} or {@code /} deny (with a suggestion), {@code ls}/{@code pwd} allow by rule,
 * {@code sudo …} review, anything else unmatched (default allow).
 */
final class TableJudge implements Judge {
    static final PolicyVersion VERSION = new PolicyVersion("a".repeat(64), "test-policy");

    @Override
    public Decision decide(ToolCall call, Instant now) {
        if (!(call.input() instanceof ToolInput.Bash(String command))) {
            return decision(Verdict.ALLOW, List.of(), Optional.empty());
        }
        if (command.matches("rm -rf (~|/)\\s*")) {
            return decision(
                    Verdict.DENY,
                    List.of(new Reason(
                            "delete-home-or-root",
                            Verdict.DENY,
                            "deletes the home directory or the root file system",
                            Evidence.whole("command", command))),
                    Optional.of("delete the specific build directory instead, e.g. rm -rf ./build"));
        }
        if (command.matches("(ls|pwd)( .*)?")) {
            return decision(
                    Verdict.ALLOW,
                    List.of(new Reason(
                            "read-only", Verdict.ALLOW, "lists files only", Evidence.whole("command", command))),
                    Optional.empty());
        }
        if (command.startsWith("sudo ")) {
            return decision(
                    Verdict.REVIEW,
                    List.of(new Reason("sudo", Verdict.REVIEW, "runs as root", Evidence.whole("command", command))),
                    Optional.empty());
        }
        return decision(Verdict.ALLOW, List.of(), Optional.empty());
    }

    private static Decision decision(Verdict verdict, List<Reason> reasons, Optional<String> suggestion) {
        return Decision.of(verdict, VERSION)
                .risk(Risk.impliedBy(verdict))
                .reasons(reasons)
                .recognisedAsSafe(verdict == Verdict.ALLOW && !reasons.isEmpty())
                .suggestion(suggestion)
                .took(Duration.ofNanos(1000), false)
                .build();
    }

    @Override
    public PolicyVersion version() {
        return VERSION;
    }
}
