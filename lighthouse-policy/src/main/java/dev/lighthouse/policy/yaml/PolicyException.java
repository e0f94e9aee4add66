package dev.lighthouse.policy.yaml;

import java.util.List;
import java.util.stream.Collectors;

/** A policy could not be loaded; {@link #problems()} lists every problem found, each with file, line and column. */
public final class PolicyException extends RuntimeException {
    private final List<Problem> problems;

    public PolicyException(List<Problem> problems) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining(System.lineSeparator())));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
