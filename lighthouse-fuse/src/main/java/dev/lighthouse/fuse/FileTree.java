package dev.lighthouse.fuse;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeSet;

/**
 * One directory of the rebuilt files: of {@code history/<hour>/} (each file as it was at the end of that hour, only
 * files whose content is known) or of {@code current/} (each file's latest version, and beside it
 * {@code <name>.lighthouse} saying who wrote it, when, under which decision; a file whose content is unknown shows only
 * that note). Names are sorted.
 */
final class FileTree implements Folder {
    static final String NOTE = ".lighthouse";

    private final Activity activity;
    private final String prefix;
    private final Optional<Instant> end;

    private FileTree(Activity activity, String prefix, Optional<Instant> end) {
        this.activity = activity;
        this.prefix = prefix;
        this.end = end;
    }

    /** {@code history/}: a directory per hour in which some file changed. */
    static Folder history(Activity activity) {
        return new Folder() {
            @Override
            public List<String> names() {
                return activity.files().hours();
            }

            @Override
            public Optional<Node> child(String hour) {
                if (!activity.files().hasHour(hour)) {
                    return Optional.empty();
                }
                Instant end = WrittenFiles.endOf(hour);
                return Optional.of(new Node.Dir(new FileTree(activity, "", Optional.of(end)), end));
            }
        };
    }

    /** {@code current/}. */
    static Folder current(Activity activity) {
        return new FileTree(activity, "", Optional.empty());
    }

    private boolean notes() {
        return end.isEmpty();
    }

    private SortedMap<String, WrittenFiles.Version> state() {
        return activity.files().state(prefix, end);
    }

    private static boolean known(WrittenFiles.Version v) {
        return v.content() instanceof WrittenFiles.Content.Known;
    }

    @Override
    public List<String> names() {
        TreeSet<String> names = new TreeSet<>();
        for (Map.Entry<String, WrittenFiles.Version> e : state().entrySet()) {
            String rest = e.getKey().substring(prefix.length());
            int slash = rest.indexOf('/');
            if (slash >= 0) {
                if (known(e.getValue()) || notes()) {
                    names.add(rest.substring(0, slash));
                }
                continue;
            }
            if (known(e.getValue())) {
                names.add(rest);
            }
            if (notes()) {
                names.add(rest + NOTE);
            }
        }
        return new ArrayList<>(names);
    }

    @Override
    public Optional<Node> child(String name) {
        SortedMap<String, WrittenFiles.Version> state = state();
        WrittenFiles.Version file = state.get(prefix + name);
        if (file != null) {
            return file.content() instanceof WrittenFiles.Content.Known(byte[] bytes)
                    ? Optional.of(new Node.Blob(bytes, file.time()))
                    : Optional.empty();
        }
        if (notes() && name.endsWith(NOTE)) {
            WrittenFiles.Version noted = state.get(prefix + name.substring(0, name.length() - NOTE.length()));
            if (noted != null) {
                return Optional.of(new Node.Blob(activity.files().note(noted), noted.time()));
            }
        }
        String dir = prefix + name + "/";
        Instant newest = null;
        for (WrittenFiles.Version v :
                state.subMap(dir, dir + Character.MAX_VALUE).values()) {
            if (known(v) || notes()) {
                newest = newest == null || v.time().isAfter(newest) ? v.time() : newest;
            }
        }
        return newest == null ? Optional.empty() : Optional.of(new Node.Dir(new FileTree(activity, dir, end), newest));
    }
}
