package dev.lighthouse.policy.rules;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelIssue;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import dev.cel.runtime.CelVariableResolver;
import java.util.List;
import java.util.Optional;

/**
 * A rule's CEL {@code when:} condition, type-checked against the facts' variables when the policy loads and evaluated
 * under a cost limit.
 *
 * <p>Variables (one act of the call): {@code tool}, {@code program}, {@code subcommand}, {@code command} (the whole
 * Bash line, or the main input field), {@code cwd}, {@code project}, {@code home}, {@code content} (strings);
 * {@code args}, {@code flags}, {@code signals}, {@code traits}, {@code hosts}, {@code targets} (resolved paths),
 * {@code target_classes} (lists of strings); {@code ops} (list of maps with {@code kind}, {@code path},
 * {@code classes}, {@code recursive}); {@code recursive}, {@code incomplete} (bools); {@code lease} (a map, see
 * {@link LeaseVariable}).
 *
 * <p>Cost: expressions are limited to {@value #MAX_CHARS} characters and {@value #MAX_NODES} nodes when compiled;
 * comprehensions to {@value #MAX_ITERATIONS} iterations and an evaluation to {@value #MAX_STEPS} steps. An
 * evaluation that fails or runs over its budget counts as a match for review and deny rules and as no match for
 * allow rules: a broken condition never lets a call through.
 *
 * <p>Immutable and thread-safe (CEL programs are).
 */
public final class Condition {
    static final int MAX_CHARS = 2000;
    static final int MAX_NODES = 400;
    static final int MAX_ITERATIONS = 1000;
    static final int MAX_STEPS = 20_000;

    private static final CelOptions OPTIONS = CelOptions.current()
            .maxExpressionCodePointSize(MAX_CHARS)
            .maxParseExpressionNodeCount(MAX_NODES)
            .maxParseRecursionDepth(32)
            .comprehensionMaxIterations(MAX_ITERATIONS)
            .maxRegexProgramSize(1000)
            .build();

    private static final CelCompiler COMPILER = CelCompilerFactory.standardCelCompilerBuilder()
            .setOptions(OPTIONS)
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addVar("tool", SimpleType.STRING)
            .addVar("program", SimpleType.STRING)
            .addVar("subcommand", SimpleType.STRING)
            .addVar("scope", SimpleType.STRING)
            .addVar("command", SimpleType.STRING)
            .addVar("cwd", SimpleType.STRING)
            .addVar("project", SimpleType.STRING)
            .addVar("home", SimpleType.STRING)
            .addVar("content", SimpleType.STRING)
            .addVar("args", ListType.create(SimpleType.STRING))
            .addVar("flags", ListType.create(SimpleType.STRING))
            .addVar("signals", ListType.create(SimpleType.STRING))
            .addVar("traits", ListType.create(SimpleType.STRING))
            .addVar("hosts", ListType.create(SimpleType.STRING))
            .addVar("targets", ListType.create(SimpleType.STRING))
            .addVar("target_classes", ListType.create(SimpleType.STRING))
            .addVar("ops", ListType.create(MapType.create(SimpleType.STRING, SimpleType.DYN)))
            .addVar("recursive", SimpleType.BOOL)
            .addVar("incomplete", SimpleType.BOOL)
            .addVar("lease", MapType.create(SimpleType.STRING, SimpleType.DYN))
            .setResultType(SimpleType.BOOL)
            .build();

    private static final CelRuntime RUNTIME =
            CelRuntimeFactory.standardCelRuntimeBuilder().setOptions(OPTIONS).build();

    private final String expression;
    private final CelRuntime.Program program;
    private final boolean loops;

    private Condition(String expression, CelRuntime.Program program) {
        this.expression = expression;
        this.program = program;
        // Without comprehensions an expression's cost is bounded by its (limited) size; only loops need counting.
        this.loops = expression.matches("(?s).*\\.\\s*(all|exists|exists_one|map|filter)\\s*\\(.*");
    }

    /** A compile error at {@code line:column} of the expression (1-based). */
    record Issue(int line, int column, String message) {}

    /** The compiled condition, or the issues that stop it compiling. */
    static Condition compile(String expression, List<Issue> issues) {
        CelValidationResult result;
        try {
            result = COMPILER.compile(expression);
        } catch (RuntimeException e) {
            issues.add(new Issue(1, 1, "condition cannot be compiled: " + e.getMessage()));
            return null;
        }
        if (result.hasError()) {
            for (CelIssue issue : result.getErrors()) {
                issues.add(new Issue(
                        Math.max(1, issue.getSourceLocation().getLine()),
                        Math.max(1, issue.getSourceLocation().getColumn() + 1),
                        issue.getMessage()));
            }
            return null;
        }
        try {
            CelAbstractSyntaxTree ast = result.getAst();
            return new Condition(expression, RUNTIME.createProgram(ast));
        } catch (CelValidationException | CelEvaluationException | RuntimeException e) {
            issues.add(new Issue(1, 1, "condition cannot be compiled: " + e.getMessage()));
            return null;
        }
    }

    /**
     * Evaluates under the step budget; empty if it failed or ran over. The variables are read through a resolver: given
     * a map, CEL would copy all of it into an immutable map on every evaluation, for each rule of each act; and only
     * the variables the condition reads are built.
     */
    Optional<Boolean> test(ConditionVariables variables) {
        int[] steps = {0};
        CelVariableResolver resolver = variables::find;
        try {
            Object result = !loops
                    ? program.eval(resolver)
                    : program.trace(resolver, (expr, value) -> {
                        if (++steps[0] > MAX_STEPS) {
                            throw new OverBudget();
                        }
                    });
            return result instanceof Boolean b ? Optional.of(b) : Optional.empty();
        } catch (CelEvaluationException | RuntimeException e) {
            return Optional.empty();
        }
    }

    public String expression() {
        return expression;
    }

    private static final class OverBudget extends RuntimeException {
        OverBudget() {
            super("condition ran over " + MAX_STEPS + " evaluation steps", null, false, false);
        }
    }
}
