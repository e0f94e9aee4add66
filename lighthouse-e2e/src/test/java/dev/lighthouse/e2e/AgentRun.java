package dev.lighthouse.e2e;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One headless agent run, end to end: a fresh workspace, the hook installed by {@code lighthouse hook install} with the
 * given bridge URL, the model scripted to call the shell with one command, the agent CLI run to its end.
 *
 * @param outcome the agent process
 * @param toolResults what the agent sent the model back as the tool's result
 * @param settings the hook settings file as the installer left it (for failure messages)
 */
record AgentRun(Agent agent, Workspace ws, Processes.Outcome outcome, List<String> toolResults, String settings) {
    static final String MARKER = "lighthouse-e2e-marker";

    /**
     * A harmless write in the project that no rule recognises as safe (the capability registry does not know
     * {@code truncate}), so the bridge allows it only as "no decision": the agent's own permissions still apply. Should
     * the registry learn it, pick another command the policy leaves unrecognised.
     */
    static final String UNRECOGNISED_WRITE = "truncate -s 0 " + MARKER;

    static AgentRun run(Agent agent, Workspace ws, ScriptedModel model, String bridgeUrl, Setup setup, String command) {
        Processes.Outcome install =
                LighthouseCli.installHook(ws, agent.id, agent.scope, bridgeUrl, setup.installArgs());
        agent.configure(ws, model.url());
        model.script(command);
        Map<String, String> env = agent.env(ws, model.url());
        env.putAll(setup.env());
        Processes.Outcome outcome = Processes.run(agent.command(AgentClis.bin()), ws.project(), env, Agent.RUN_LIMIT);
        String settings = install.stdout()
                .lines()
                .filter(l -> l.contains(" hook in "))
                .map(l -> l.substring(l.indexOf(" hook in ") + 9).strip())
                .findFirst()
                .map(Path::of)
                .filter(Files::isRegularFile)
                .map(LighthouseCli::read)
                .orElse("(no settings file named in: " + install.stdout() + ")");
        AgentRun run = new AgentRun(agent, ws, outcome, model.toolResults(), settings);
        if (Boolean.getBoolean("lighthouse.e2e.verbose")) {
            System.out.println("=== " + command + "\n" + run.describe() + "\n--- model requests\n"
                    + model.requests().stream()
                            .map(r -> r.method() + " " + r.path())
                            .toList());
        }
        return run;
    }

    boolean markerCreated() {
        return Files.exists(ws.project().resolve(MARKER));
    }

    Optional<String> toolResult() {
        return toolResults.isEmpty() ? Optional.empty() : Optional.of(toolResults.getLast());
    }

    /** Everything a failed assertion should show. */
    String describe() {
        return "%s run%n%s%n--- tool results the model received%n%s%n--- installed hook settings%n%s"
                .formatted(agent, outcome.describe(), String.join("\n", toolResults), settings);
    }

    static Path policy() {
        try {
            return Path.of(AgentRun.class.getResource("/e2e-policy.yaml").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
