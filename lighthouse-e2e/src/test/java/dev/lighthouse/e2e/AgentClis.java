package dev.lighthouse.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Where {@code .ci/run} installs the pinned agent CLIs with npm: {@code $LIGHTHOUSE_E2E_CLIS} (or the system property
 * {@code lighthouse.e2e.clis}), else {@code ${XDG_CACHE_HOME:-~/.cache}/lighthouse-e2e/VERSIONS}, outside the
 * repository. Keep {@link #VERSIONS} and {@code .ci/run} in step.
 *
 * <p>As a JUnit condition: without the CLIs the suite is skipped with one line on a developer machine, and fails
 * under {@code CI}.
 */
final class AgentClis implements ExecutionCondition {
    static final String VERSIONS =
            "claude-code-2.1.330_codex-0.169.0_gemini-cli-0.61.0_opencode-1.18.33_copilot-1.0.102_qwen-code-0.24.4"
                    + "_cline-3.0.65";

    /** The commands the suite runs, in {@link #bin()}. */
    static final List<String> COMMANDS = List.of("claude", "codex", "gemini", "opencode", "copilot", "qwen", "cline");

    private static final Optional<String> MISSING = missing();

    static {
        MISSING.filter(m -> !inCi())
                .ifPresent(m -> System.err.println("lighthouse-e2e: SKIPPED, " + m
                        + " (run .ci/run, or set LIGHTHOUSE_E2E_CLIS to an npm prefix holding them)"));
    }

    static Path dir() {
        String configured = System.getProperty("lighthouse.e2e.clis", System.getenv("LIGHTHOUSE_E2E_CLIS"));
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        String cache = System.getenv("XDG_CACHE_HOME");
        Path base =
                cache == null || cache.isBlank() ? Path.of(System.getProperty("user.home"), ".cache") : Path.of(cache);
        return base.resolve("lighthouse-e2e").resolve(VERSIONS);
    }

    /** {@code node_modules/.bin}, where {@link #COMMANDS} are. */
    static Path bin() {
        return dir().resolve("node_modules").resolve(".bin");
    }

    private static Optional<String> missing() {
        for (String cli : COMMANDS) {
            if (!Files.isExecutable(bin().resolve(cli))) {
                return Optional.of("agent CLIs not installed in " + dir());
            }
        }
        return Optional.empty();
    }

    private static boolean inCi() {
        String ci = System.getenv("CI");
        return ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false");
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (MISSING.isEmpty()) {
            return ConditionEvaluationResult.enabled("agent CLIs in " + dir());
        }
        if (inCi()) {
            throw new IllegalStateException("CI is set, and the end-to-end suite never skips there: " + MISSING.get()
                    + " (.ci/run installs them)");
        }
        return ConditionEvaluationResult.disabled(MISSING.get());
    }
}
