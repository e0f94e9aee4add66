package dev.lighthouse.events.store;

import dev.lighthouse.events.Event;
import dev.lighthouse.events.EventQuery;
import dev.lighthouse.events.Page;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** The {@code SELECT} of a query, the same for both databases but for how a time is bound. */
final class SqlFilter {
    /** Maps one row of {@link #COLUMNS} to an event. */
    @FunctionalInterface
    interface RowMapper {
        Event map(ResultSet rs) throws SQLException;
    }

    static final String COLUMNS = "seq, id, time, type, stream, agent, payload, key_id, prev_hash, hash";

    private SqlFilter() {}

    static Page query(Connection c, EventQuery q, Function<Instant, Object> time, RowMapper rows) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM events WHERE seq > ?");
        List<Object> args = new ArrayList<>();
        args.add(q.after().afterSeq());
        q.type().ifPresent(t -> add(sql, args, " AND type = ?", t.name()));
        q.stream().ifPresent(s -> add(sql, args, " AND stream = ?", s));
        q.agent().ifPresent(a -> add(sql, args, " AND agent = ?", a));
        q.since().ifPresent(t -> add(sql, args, " AND time >= ?", time.apply(t)));
        q.until().ifPresent(t -> add(sql, args, " AND time < ?", time.apply(t)));
        sql.append(" ORDER BY seq LIMIT ?");
        args.add(q.limit());
        List<Event> events = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    events.add(rows.map(rs));
                }
            }
        }
        Optional<dev.lighthouse.events.Cursor> next = events.size() == q.limit()
                ? Optional.of(new dev.lighthouse.events.Cursor(events.getLast().seq()))
                : Optional.empty();
        return new Page(events, next);
    }

    private static void add(StringBuilder sql, List<Object> args, String clause, Object value) {
        sql.append(clause);
        args.add(value);
    }
}
