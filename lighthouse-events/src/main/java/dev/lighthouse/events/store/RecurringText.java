package dev.lighthouse.events.store;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;

/**
 * Reads a SQLite text column whose values recur (the agents and answers of a page of decision names: a handful of
 * distinct values in 10,000 rows) through its UTF-8 bytes, and decodes each distinct value once: the driver's
 * {@code getString} decodes every row through a charset decoder, which was a fifth of a names request. Not
 * thread-safe; one per query.
 */
final class RecurringText implements SqlFilter.TextColumn {
    /** Distinct values remembered; past them a value is decoded each time, as before. */
    private static final int HELD = 32;

    private final byte[][] bytes = new byte[HELD][];
    private final String[] strings = new String[HELD];
    private int held;

    @Override
    public String read(ResultSet rs, int column) throws SQLException {
        byte[] utf8 = rs.getBytes(column);
        if (utf8 == null) {
            return null;
        }
        for (int i = 0; i < held; i++) {
            if (Arrays.equals(bytes[i], utf8)) {
                return strings[i];
            }
        }
        String text = new String(utf8, StandardCharsets.UTF_8);
        if (held < HELD) {
            bytes[held] = utf8;
            strings[held++] = text;
        }
        return text;
    }
}
