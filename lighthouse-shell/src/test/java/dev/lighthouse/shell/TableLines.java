package dev.lighthouse.shell;

import java.util.List;

/** The lines of the table of tricky command lines, for tests in other packages. */
public final class TableLines {
    private TableLines() {}

    public static List<String> all() {
        return Table.load().stream().map(Table.Case::line).toList();
    }
}
