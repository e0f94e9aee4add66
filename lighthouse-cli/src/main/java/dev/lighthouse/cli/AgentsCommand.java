package dev.lighthouse.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.lighthouse.bridge.auth.AgentTokens;
import dev.lighthouse.bridge.auth.Role;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lighthouse agents add|list|revoke}: the tokens agents call the bridge with (data dir, agents.json). */
@Command(
        name = "agents",
        mixinStandardHelpOptions = true,
        description = "Issue, list and revoke the bearer tokens agents and reviewers call the bridge with.",
        subcommands = {AgentsCommand.Add.class, AgentsCommand.ListAgents.class, AgentsCommand.Revoke.class})
final class AgentsCommand implements Runnable {
    static final int SCHEMA_VERSION = 1;

    /** What {@code agents add --json} prints: the token, the only time it is shown. */
    record Added(@JsonProperty("schema_version") int schemaVersion, String name, String role, String token) {}

    /** What {@code agents list --json} prints: every agent, revoked ones with when ({@code revoked} null if active). */
    record Listed(@JsonProperty("schema_version") int schemaVersion, List<Line> agents) {
        record Line(
                String name,
                String role,
                String created,
                @JsonInclude(JsonInclude.Include.ALWAYS) String revoked) {
            static Line of(AgentTokens.Agent a) {
                return new Line(
                        a.name(),
                        a.role().label(),
                        a.created().toString(),
                        a.revoked().map(Object::toString).orElse(null));
            }
        }
    }

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(Lighthouse.out(spec));
    }

    static AgentTokens tokens(CommandSpec spec) {
        return AgentTokens.inDataDir(Lighthouse.settings(spec).dataDir());
    }

    @Command(
            name = "add",
            mixinStandardHelpOptions = true,
            description = {
                "Issue a token for a new agent. The token is printed once; only its hash is stored.",
                "",
                "Examples:",
                "  lighthouse agents add builder-1 --role agent",
                "  lighthouse agents add alice --role reviewer",
                "  lighthouse agents add dba-bot --role expert --capability database"
            })
    static final class Add implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "NAME", description = "The agent's name (letters, digits, . _ -).")
        String name;

        @Option(
                names = "--role",
                paramLabel = "ROLE",
                defaultValue = "agent",
                description = "agent, expert, reviewer or admin (default ${DEFAULT-VALUE}).")
        String role;

        @Option(
                names = "--capability",
                paramLabel = "NAME",
                description = "What an expert reviews, e.g. database; routes name it as agent:NAME (repeatable).")
        List<String> capabilities = List.of();

        @Option(names = "--json", description = "Print JSON (schema_version " + SCHEMA_VERSION + ").")
        boolean json;

        @Override
        public Integer call() {
            AgentTokens.Issued issued;
            try {
                Role r = Role.issuable(role);
                if (!capabilities.isEmpty() && r != Role.EXPERT) {
                    throw new UserException("--capability is for --role expert (agent experts), not " + r.label());
                }
                issued = tokens(spec).add(name, r, Set.copyOf(capabilities), Instant.now());
            } catch (IllegalArgumentException e) {
                throw new UserException(e.getMessage());
            }
            PrintWriter out = Lighthouse.out(spec);
            if (json) {
                out.println(JsonOutput.line(new Added(
                        SCHEMA_VERSION,
                        issued.agent().name(),
                        issued.agent().role().label(),
                        issued.token())));
                return 0;
            }
            out.printf(
                    "Token for %s (role %s), shown only now:%n%n  %s%n%n",
                    name, issued.agent().role().label(), issued.token());
            out.println("Give it to the agent as LIGHTHOUSE_TOKEN (or write it to <data-dir>/hook-token for the hook"
                    + " client); it is sent as `Authorization: Bearer <token>`.");
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List agents, their roles and status.")
    static final class ListAgents implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--json", description = "Print JSON (schema_version " + SCHEMA_VERSION + ").")
        boolean json;

        @Override
        public Integer call() {
            PrintWriter out = Lighthouse.out(spec);
            var agents = tokens(spec).list();
            if (json) {
                out.println(JsonOutput.line(new Listed(
                        SCHEMA_VERSION, agents.stream().map(Listed.Line::of).toList())));
                return 0;
            }
            if (agents.isEmpty()) {
                out.println("No agents yet. Issue a token with: lighthouse agents add NAME --role agent");
                return 0;
            }
            out.printf("%-24s %-9s %-22s %s%n", "NAME", "ROLE", "CREATED", "STATUS");
            for (AgentTokens.Agent a : agents) {
                out.printf(
                        "%-24s %-9s %-22s %s%n",
                        a.name(),
                        a.role().label(),
                        a.created().toString(),
                        a.revoked().map(r -> "revoked " + r).orElse("active"));
            }
            return 0;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke an agent's token at once.")
    static final class Revoke implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "NAME", description = "The agent whose token to revoke.")
        String name;

        @Override
        public Integer call() {
            if (!tokens(spec).revoke(name, Instant.now())) {
                throw new UserException(
                        "no active token for agent `%s` (see `lighthouse agents list`)".formatted(name));
            }
            Lighthouse.out(spec)
                    .printf(
                            "Revoked the token of %s; a running bridge refuses it from now on, and the other replicas on its"
                                    + " store once it has recorded the revocation (within a second).%n",
                            name);
            return 0;
        }
    }
}
