package dev.lighthouse.e2e;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What a test changes about a run beyond the defaults: files written into the workspace before the run (say, the
 * user's own permission rules), more {@code lighthouse hook install} arguments, more environment for the agent.
 */
record Setup(Consumer<Workspace> prepare, List<String> installArgs, Map<String, String> env) {
    Setup {
        installArgs = List.copyOf(installArgs);
        env = Map.copyOf(env);
    }

    static Setup defaults() {
        return new Setup(ws -> {}, List.of(), Map.of());
    }

    Setup prepare(Consumer<Workspace> more) {
        return new Setup(prepare.andThen(more), installArgs, env);
    }

    Setup install(String... args) {
        List<String> all = new ArrayList<>(installArgs);
        all.addAll(List.of(args));
        return new Setup(prepare, all, env);
    }

    Setup env(String name, String value) {
        Map<String, String> all = new HashMap<>(env);
        all.put(name, value);
        return new Setup(prepare, installArgs, all);
    }
}
