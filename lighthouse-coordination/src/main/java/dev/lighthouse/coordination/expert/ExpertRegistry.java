package dev.lighthouse.coordination.expert;

import static java.util.Objects.requireNonNull;

import dev.lighthouse.coordination.Replay;
import dev.lighthouse.events.Event;
import dev.lighthouse.events.EventStore;
import dev.lighthouse.events.NewEvent;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The one registry of what each agent expert can do: the capabilities an agent registered itself ({@code
 * expert_register}, kept as {@code expert.registered} events) together with those its token declares (given to
 * {@code lighthouse agents add --capability}). The review board asks the experts it names for reviews routed to
 * {@code agent:CAPABILITY}, and tasks for a capability go to them.
 *
 * <p>Thread-safe; reads are lock-free, since the review board asks on every vote.
 */
public final class ExpertRegistry {
    /** What a capability name may be (as for tokens). */
    public static final Pattern CAPABILITY = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    /** Most capabilities one agent may register. */
    public static final int MAX_CAPABILITIES = 32;

    /** One agent's capabilities, as the registry knows them, in order of name (as the API and MCP tools show them). */
    public record Expert(String agent, List<String> capabilities) {
        public Expert {
            requireNonNull(agent, "agent");
            capabilities = requireNonNull(capabilities, "capabilities").stream()
                    .sorted()
                    .distinct()
                    .toList();
        }

        public static Expert of(String agent, Set<String> capabilities) {
            return new Expert(agent, List.copyOf(capabilities));
        }
    }

    /** A registration refused: nothing was recorded. */
    public record Refusal(String field, String reason) {}

    private final EventStore store;
    private final Clock clock;
    private final Function<String, Set<String>> declared;
    private final Map<String, Set<String>> registered = new ConcurrentHashMap<>();

    /** @param declared the capabilities an agent's token declares (empty for none) */
    public ExpertRegistry(EventStore store, Clock clock, Function<String, Set<String>> declared) {
        this.store = requireNonNull(store, "store");
        this.clock = requireNonNull(clock, "clock");
        this.declared = requireNonNull(declared, "declared");
    }

    /**
     * {@code agent} offers exactly {@code capabilities} from now on, replacing what it registered before (its token's
     * stay); an empty set withdraws its registration.
     *
     * @return empty when recorded, else why not
     */
    public synchronized Optional<Refusal> register(String agent, Set<String> capabilities) {
        if (capabilities.size() > MAX_CAPABILITIES) {
            return Optional.of(new Refusal(
                    "capabilities", "%d given; at most %d".formatted(capabilities.size(), MAX_CAPABILITIES)));
        }
        for (String c : capabilities) {
            if (c == null || !CAPABILITY.matcher(c).matches()) {
                return Optional.of(new Refusal(
                        "capabilities", "`%s`: expected 1-64 letters, digits, `.`, `_` or `-`".formatted(c)));
            }
        }
        ExpertEvent.Registered event = new ExpertEvent.Registered(agent, capabilities, clock.instant());
        store.append(NewEvent.byAgent("expert/" + agent, agent, event));
        apply(event);
        return Optional.empty();
    }

    /** Everything {@code agent} can do: registered and declared. */
    public Set<String> capabilities(String agent) {
        Set<String> mine = registered.getOrDefault(agent, Set.of());
        Set<String> token = declared.apply(agent);
        if (token.isEmpty()) {
            return mine;
        }
        if (mine.isEmpty()) {
            return token;
        }
        Set<String> both = new TreeSet<>(mine);
        both.addAll(token);
        return Set.copyOf(both);
    }

    /** {@code agent} with everything it can do (no capabilities if it has none). */
    public Expert expert(String agent) {
        return Expert.of(agent, capabilities(agent));
    }

    /** Agents that registered capabilities, by name, with everything each can do. */
    public List<Expert> registered() {
        Map<String, Expert> sorted = new TreeMap<>();
        registered.keySet().forEach(a -> sorted.put(a, expert(a)));
        return List.copyOf(sorted.values());
    }

    /** Rebuilds the registrations from the store. */
    public synchronized void recover() {
        for (Event e : Replay.of(store, Set.of(ExpertEvent.REGISTERED), Optional.empty())) {
            apply(e.payloadAs(ExpertEvent.Registered.class));
        }
    }

    /**
     * Applies a registration another replica recorded (one {@link EventStore#follow} delivers); events of other
     * types are ignored.
     */
    public synchronized void follow(Event e) {
        if (e.type().equals(ExpertEvent.REGISTERED)) {
            apply(e.payloadAs(ExpertEvent.Registered.class));
        }
    }

    private void apply(ExpertEvent event) {
        switch (event) {
            case ExpertEvent.Registered r -> {
                if (r.capabilities().isEmpty()) {
                    registered.remove(r.agent());
                } else {
                    registered.put(r.agent(), Set.copyOf(r.capabilities()));
                }
            }
        }
    }
}
