package dev.lighthouse.fuse;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * {@code agents/<name>/}: {@code info.json} (first and last decision, counts by answer and tool, sessions, projects),
 * {@code recent.jsonl} (its last {@value Agents#RECENT} decisions, one record a line, oldest first) and
 * {@code leases.json} (the leases it holds now). An agent that holds a lease but has made no decision yet has only
 * {@code leases.json}.
 */
final class AgentsFolder implements Folder {
    private final Activity activity;
    private final Leases leases;

    AgentsFolder(Activity activity, Leases leases) {
        this.activity = activity;
        this.leases = leases;
    }

    @Override
    public List<String> names() {
        TreeSet<String> names = new TreeSet<>(activity.agents().names());
        names.addAll(leases.holders());
        return List.copyOf(names);
    }

    @Override
    public Optional<Node> child(String name) {
        Optional<Agents.Snapshot> seen = activity.agents().files(name);
        if (seen.isEmpty() && !leases.holders().contains(name)) {
            return Optional.empty();
        }
        Leases.Snapshot held = leases.of(name);
        Map<String, Supplier<Node>> files = new LinkedHashMap<>();
        Instant changed = held.mtime();
        if (seen.isPresent()) {
            Agents.Snapshot f = seen.get();
            files.put("info.json", () -> new Node.Blob(f.info(), f.lastSeen()));
            changed = f.lastSeen().isAfter(changed) ? f.lastSeen() : changed;
        }
        files.put("leases.json", () -> new Node.Blob(held.content(), held.mtime()));
        seen.ifPresent(f -> files.put("recent.jsonl", () -> new Node.Blob(f.recent(), f.lastSeen())));
        return Optional.of(new Node.Dir(Folder.of(files), changed));
    }
}
