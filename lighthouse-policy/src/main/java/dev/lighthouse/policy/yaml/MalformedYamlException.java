package dev.lighthouse.policy.yaml;

/**
 * Text that is not YAML. {@link #line()} and {@link #column()} (1-based) point where the reader must look: SnakeYAML's
 * problem mark, or its context mark when there is no problem mark.
 */
public final class MalformedYamlException extends RuntimeException {
    private final int line;
    private final int column;
    private final String context;
    private final String problem;

    MalformedYamlException(int line, int column, String context, String problem) {
        super("%d:%d: malformed YAML: %s"
                .formatted(line, column, context.isEmpty() ? problem : context + "; " + problem));
        this.line = line;
        this.column = column;
        this.context = context;
        this.problem = problem;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    /** What the parser was reading ("while parsing a flow sequence"); empty when it did not say. */
    public String context() {
        return context;
    }

    /** What was wrong ("expected ',' or ']', but got <stream end>"). */
    public String problem() {
        return problem;
    }
}
