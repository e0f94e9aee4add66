package dev.lighthouse.fuse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The entries of one directory of the view. Implementations are thread-safe and list in a stable order; {@link #child}
 * may call the bridge and then throws {@link BridgeException}.
 */
interface Folder {
    /** The entry names, in a stable order. */
    List<String> names();

    /** The entry called {@code name}, if there is one. */
    Optional<Node> child(String name);

    /** A directory of fixed names whose nodes are made on each lookup, listed in the order given. */
    static Folder of(Map<String, Supplier<Node>> entries) {
        Map<String, Supplier<Node>> copy = new LinkedHashMap<>(entries);
        List<String> names = List.copyOf(new ArrayList<>(copy.keySet()));
        return new Folder() {
            @Override
            public List<String> names() {
                return names;
            }

            @Override
            public Optional<Node> child(String name) {
                Supplier<Node> node = copy.get(name);
                return node == null ? Optional.empty() : Optional.of(node.get());
            }
        };
    }
}
