package dev.lighthouse.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Where {@code .ci/run} installs the pinned MCP clients with npm (the official TypeScript SDK and the MCP Inspector
 * CLI): {@code $LIGHTHOUSE_E2E_MCP_CLIENTS}, else {@code ${XDG_CACHE_HOME:-~/.cache}/lighthouse-e2e/VERSIONS}. Keep
 * {@link #VERSIONS} and {@code .ci/run} in step.
 *
 * <p>As a JUnit condition, like {@link AgentClis}: skipped with one line on a developer machine without them, a
 * failure under {@code CI}.
 */
final class McpClients implements ExecutionCondition {
    static final String VERSIONS = "mcp-sdk-1.32.2_inspector-cli-1.0.3";

    static Path dir() {
        String configured = System.getenv("LIGHTHOUSE_E2E_MCP_CLIENTS");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        String cache = System.getenv("XDG_CACHE_HOME");
        Path base =
                cache == null || cache.isBlank() ? Path.of(System.getProperty("user.home"), ".cache") : Path.of(cache);
        return base.resolve("lighthouse-e2e").resolve(VERSIONS);
    }

    static Path nodeModules() {
        return dir().resolve("node_modules");
    }

    /** The Inspector CLI's entry point (its {@code mcp-inspector-cli} binary is a launcher for the interactive UI). */
    static Path inspectorCli() {
        return nodeModules().resolve("@modelcontextprotocol/inspector-cli/build/index.js");
    }

    /** The {@code node} on the tests' own PATH, which the agent CLIs run on too. */
    static String node() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "node"))) {
                return Path.of(dir, "node").toString();
            }
        }
        return "/usr/bin/node";
    }

    private static Optional<String> missing() {
        if (!Files.isDirectory(nodeModules().resolve("@modelcontextprotocol/sdk"))
                || !Files.isRegularFile(inspectorCli())) {
            return Optional.of("MCP clients not installed in " + dir());
        }
        return Optional.empty();
    }

    private static boolean inCi() {
        String ci = System.getenv("CI");
        return ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false");
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Optional<String> missing = missing();
        if (missing.isEmpty()) {
            return ConditionEvaluationResult.enabled("MCP clients in " + dir());
        }
        if (inCi()) {
            throw new IllegalStateException("CI is set, and the end-to-end suite never skips there: " + missing.get()
                    + " (.ci/run installs them)");
        }
        System.err.println("lighthouse-e2e: SKIPPED, " + missing.get()
                + " (run .ci/run, or set LIGHTHOUSE_E2E_MCP_CLIENTS to an npm prefix holding them)");
        return ConditionEvaluationResult.disabled(missing.get());
    }
}
