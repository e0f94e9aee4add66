package dev.lighthouse.bridge.mcp;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.lighthouse.bridge.auth.Permission;
import dev.lighthouse.bridge.auth.Principal;
import dev.lighthouse.bridge.auth.Role;
import dev.lighthouse.bridge.mcp.InputSchema.Param;
import dev.lighthouse.coordination.lease.Lease;
import dev.lighthouse.coordination.lease.LeaseMode;
import dev.lighthouse.coordination.lease.LeaseOutcome;
import dev.lighthouse.coordination.lease.LeaseRefusal;
import dev.lighthouse.coordination.lease.LeaseRequest;
import dev.lighthouse.coordination.lease.Leases;
import dev.lighthouse.events.EventRejectedException;
import dev.lighthouse.events.EventStoreException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * {@code lease_acquire}, {@code lease_renew}, {@code lease_release} and {@code lease_list}: file leases over MCP, with
 * the rules of {@code /v1/leases}. The holder is the token's agent, the identity its hooks' decisions carry, so a lease
 * taken here is enforced on the other agents' hook calls; the project root is the {@code project} argument or the
 * client's {@code Lighthouse-Project} header.
 */
final class LeaseTools {
    private static final int MAX_PATHS = 100;
    private static final int MAX_PATH_CHARS = 4096;
    private static final int MAX_REASON_CHARS = 500;
    private static final int MAX_ID_CHARS = 64;

    private LeaseTools() {}

    record AcquireArguments(
            List<String> paths,
            Optional<String> mode,
            @JsonProperty("ttl_seconds") Optional<Long> ttlSeconds,
            Optional<String> reason,
            Optional<String> project) {}

    record RenewArguments(
            String lease, @JsonProperty("ttl_seconds") Optional<Long> ttlSeconds) {}

    record ReleaseArguments(String lease) {}

    record ListArguments(Optional<String> agent, Optional<String> project) {}

    /** A lease as it now stands. */
    record Held(Lease lease) {}

    /** The leases holding now, oldest first. */
    record LeaseList(List<Lease> leases) {}

    /** What a {@code lease_conflict} adds to its error, as {@code /v1/leases} does: the leases in the way. */
    record Conflict(String field, List<Lease> held) {}

    static McpTool<AcquireArguments> acquire(McpServices services) {
        Leases leases = services.leases();
        return new McpTool<>(
                "lease_acquire",
                """
                Claims files before you edit them, so that no other agent's write to them runs meanwhile: the \
                bridge denies their Write/Edit and every shell form that writes, deletes or moves onto a leased \
                path (redirects, sed -i, tee, cp, mv, rm), naming you and your reason. paths are files, directories \
                (a directory covers all under it) or globs (* within a name, ** across directories), relative to \
                the project root or absolute under it. mode exclusive (default) lets nobody else write or lease \
                them; shared lets others read and take shared leases too. The lease ends exactly after \
                ttl_seconds unless you renew it (lease_renew) or release it (lease_release) when done. If another \
                agent holds a path, the refusal names the holder, its reason and when it ends. Returns the lease \
                with its id and expiry.""",
                Permission.SUBMIT,
                InputSchema.of(
                        Param.texts(
                                        "paths",
                                        "Files, directories or globs under the project root, e.g. [\"src/parser.c\"].",
                                        MAX_PATHS,
                                        MAX_PATH_CHARS)
                                .mandatory(),
                        Param.choice(
                                "mode",
                                "exclusive (default): only you write; shared: others may read and share it.",
                                List.of("exclusive", "shared")),
                        Param.whole(
                                "ttl_seconds",
                                "How long the lease holds, in seconds (default %d; at most %d here)."
                                        .formatted(
                                                leases.settings().defaultTtl().toSeconds(),
                                                leases.settings().maxTtl().toSeconds()),
                                1,
                                Long.MAX_VALUE / 1_000_000_000L),
                        Param.text("reason", "Why, in words the agents it blocks are shown.", MAX_REASON_CHARS),
                        Param.text(
                                "project",
                                "The project root (absolute) the paths are in; defaults to the Lighthouse-Project"
                                        + " header your client sends.",
                                MAX_PATH_CHARS)),
                AcquireArguments.class,
                (caller, args) -> {
                    Principal who = holder(caller);
                    String project = args.project()
                            .or(caller::project)
                            .orElseThrow(() -> new InvalidArgument(
                                    "project",
                                    "is required: name the project root the paths are in (or have your client send"
                                            + " the Lighthouse-Project header)"));
                    LeaseRequest request = new LeaseRequest(
                            who.name(),
                            caller.mcpSession(),
                            project,
                            args.paths(),
                            args.mode().flatMap(LeaseTools::mode).orElse(LeaseMode.EXCLUSIVE),
                            args.ttlSeconds()
                                    .map(Duration::ofSeconds)
                                    .orElse(leases.settings().defaultTtl()),
                            args.reason().orElse(""));
                    return new Held(outcome(() -> leases.acquire(request)));
                });
    }

    static McpTool<RenewArguments> renew(McpServices services) {
        Leases leases = services.leases();
        return new McpTool<>(
                "lease_renew",
                """
                Extends a lease you hold to ttl_seconds from now (never shortening it), before it ends: a lease \
                that has ended cannot be renewed, take a new one. Returns the lease with its new expiry.""",
                Permission.SUBMIT,
                InputSchema.of(
                        Param.text("lease", "The lease's id, as lease_acquire or lease_list shows it.", MAX_ID_CHARS)
                                .mandatory(),
                        Param.whole(
                                "ttl_seconds",
                                "Seconds from now (default %d; at most %d)."
                                        .formatted(
                                                leases.settings().defaultTtl().toSeconds(),
                                                leases.settings().maxTtl().toSeconds()),
                                1,
                                Long.MAX_VALUE / 1_000_000_000L)),
                RenewArguments.class,
                (caller, args) -> {
                    Principal who = holder(caller);
                    Duration ttl = args.ttlSeconds()
                            .map(Duration::ofSeconds)
                            .orElse(leases.settings().defaultTtl());
                    return new Held(outcome(() -> leases.renew(args.lease(), who.name(), ttl)));
                });
    }

    static McpTool<ReleaseArguments> release(McpServices services) {
        Leases leases = services.leases();
        return new McpTool<>(
                "lease_release",
                """
                Gives up a lease you hold, as soon as you are done with its files: other agents may write them \
                again at once. Returns the lease as it was.""",
                Permission.SUBMIT,
                InputSchema.of(
                        Param.text("lease", "The lease's id, as lease_acquire or lease_list shows it.", MAX_ID_CHARS)
                                .mandatory()),
                ReleaseArguments.class,
                (caller, args) -> {
                    Principal who = holder(caller);
                    return new Held(outcome(() -> leases.release(args.lease(), who.name())));
                });
    }

    static McpTool<ListArguments> list(McpServices services) {
        Leases leases = services.leases();
        return new McpTool<>(
                "lease_list",
                """
                Lists the leases holding now, oldest first: each one's id, holder (agent), project, paths, mode \
                (exclusive or shared), reason, and when it was taken and ends. Check it before you plan edits; \
                filter by agent or project.""",
                Permission.READ,
                InputSchema.of(
                        Param.text("agent", "Only this agent's leases.", 512),
                        Param.text("project", "Only leases in this project root.", MAX_PATH_CHARS)),
                ListArguments.class,
                (caller, args) -> {
                    Predicate<Lease> wanted =
                            l -> args.agent().map(l.agent()::equals).orElse(true)
                                    && args.project().map(l.project()::equals).orElse(true);
                    return new LeaseList(leases.list().stream().filter(wanted).toList());
                });
    }

    /** The caller, who must hold a token: leases without one would all belong to the same anonymous "local". */
    private static Principal holder(Caller caller) {
        if (caller.who().role() == Role.LOCAL) {
            throw new ToolRefusal(
                    "unauthenticated",
                    "leases belong to an agent: connect with the agent's token (the one its hooks use) as"
                            + " `Authorization: Bearer <token>`");
        }
        return caller.who();
    }

    private static Optional<LeaseMode> mode(String label) {
        return label.equals("shared") ? Optional.of(LeaseMode.SHARED) : Optional.of(LeaseMode.EXCLUSIVE);
    }

    /** The lease, or the domain's refusal as the tool error (bad input as the field at fault). */
    private static Lease outcome(Supplier<LeaseOutcome> change) {
        LeaseOutcome outcome;
        try {
            outcome = change.get();
        } catch (EventRejectedException e) {
            throw new ToolRefusal("rejected", e.getMessage());
        } catch (EventStoreException e) {
            throw new ToolRefusal("store_unavailable", "the lease change could not be recorded; retry in a moment");
        }
        return switch (outcome) {
            case Lease lease -> lease;
            case LeaseRefusal.Conflict c ->
                throw new ToolRefusal("lease_conflict", c.message(), new Conflict("paths", c.held()));
            case LeaseRefusal.OutsideProject o -> throw new ToolRefusal("outside_project", o.message());
            case LeaseRefusal.TtlOverMaximum t -> throw new ToolRefusal("ttl_over_maximum", t.message());
            case LeaseRefusal.UnknownLease u -> throw new ToolRefusal("unknown_lease", u.message());
            case LeaseRefusal.NotHolder n -> throw new ToolRefusal("not_holder", n.message());
            case LeaseRefusal.Invalid i -> throw new InvalidArgument(i.field(), i.reason());
        };
    }
}
