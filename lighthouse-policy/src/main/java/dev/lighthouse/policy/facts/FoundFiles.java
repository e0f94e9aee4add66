package dev.lighthouse.policy.facts;

import java.util.List;
import java.util.Optional;

/**
 * The files a search hands to the command it runs ({@code find … -exec CMD {} +}, {@code fd … -X CMD}): each place
 * it searches, narrowed by its name filter ({@code ~/.ssh/id_*} for {@code find ~/.ssh -name 'id_*'}, {@code ./*.tmp}
 * for {@code fd -e tmp}). The command is then read like any other, with its placeholders standing for those files, so
 * {@code find / -name '*.conf' -exec rm -rf {} +} deletes system files whatever program does the deleting.
 *
 * @param files the found files, as shell words relative to the working directory or absolute
 * @param implicit whether a command without a placeholder is handed them at its end (fd(1): "if no placeholder is
 *     present, an implicit {} at the end is assumed"; find(1) has no such rule)
 */
record FoundFiles(List<String> files, boolean implicit) {
    FoundFiles {
        files = List.copyOf(files);
    }

    /** What a search finds below {@code start} with the name filter {@code name} (none: every entry). */
    static String below(String start, Optional<String> name) {
        if (name.isEmpty() || name.get().isEmpty()) {
            return start;
        }
        String n = name.get().substring(name.get().lastIndexOf('/') + 1);
        return start.endsWith("/") ? start + n : start + "/" + n;
    }

    /**
     * The command line of a command that takes its arguments from its input ({@code find / -name '*.log' | xargs rm
     * -rf}), with the found files its input lists at its end (or at its {@code -I {}} placeholder).
     */
    String fedTo(dev.lighthouse.shell.Command c) {
        StringBuilder line = new StringBuilder(quote(c.programAsWritten()));
        for (String a : c.argValues()) {
            line.append(' ').append(quote(a));
        }
        return into(line.toString(), true);
    }

    private static String quote(String word) {
        return word.matches("[A-Za-z0-9_./:=@%+,-]+") ? word : "'" + word.replace("'", "'\\''") + "'";
    }

    /**
     * {@code command} (a command line the search runs, as the registry's {@code command} payload spells it) with its
     * placeholders replaced by the found files: {@code {}} and fd's {@code {.}} by each file, fd's {@code {//}} by
     * the place searched; a command without one gets the files at its end when the search says so.
     */
    String into(String command) {
        return into(command, implicit);
    }

    private String into(String command, boolean atEnd) {
        if (files.isEmpty() || files.stream().anyMatch(f -> f.contains("'"))) {
            return command;
        }
        String all = String.join(" ", files.stream().map(f -> "'" + f + "'").toList());
        boolean placeholder = command.contains("{}") || command.contains("{.}") || command.contains("{//}");
        if (!placeholder) {
            return atEnd ? command + " " + all : command;
        }
        String first = files.getFirst();
        String parent = first.contains("/") ? first.substring(0, Math.max(1, first.lastIndexOf('/'))) : ".";
        // A word that is only the placeholder ('{}', as the payload quotes it) stands for every file; a placeholder
        // inside a word (f=@{}, {}.bak) for the first, which is where the word reaches.
        return command.replace("'{}'", all)
                .replace("'{.}'", all)
                .replace("{//}", parent)
                .replace("{}", first)
                .replace("{.}", first);
    }
}
