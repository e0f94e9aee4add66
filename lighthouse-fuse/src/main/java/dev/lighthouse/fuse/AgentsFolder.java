package dev.lighthouse.fuse;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code agents/<name>/}: {@code info.json} (first and last decision, counts by answer and tool, sessions, projects)
 * and {@code recent.jsonl} (its last {@value Agents#RECENT} decisions, one record a line, oldest first).
 */
final class AgentsFolder implements Folder {
    private final Activity activity;

    AgentsFolder(Activity activity) {
        this.activity = activity;
    }

    @Override
    public List<String> names() {
        return activity.agents().names();
    }

    @Override
    public Optional<Node> child(String name) {
        return activity.agents().files(name).map(f -> {
            Map<String, Supplier<Node>> files = new LinkedHashMap<>();
            files.put("info.json", () -> new Node.Blob(f.info(), f.lastSeen()));
            files.put("recent.jsonl", () -> new Node.Blob(f.recent(), f.lastSeen()));
            return new Node.Dir(Folder.of(files), f.lastSeen());
        });
    }
}
