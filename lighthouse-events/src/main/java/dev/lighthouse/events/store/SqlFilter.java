package dev.lighthouse.events.store;

import dev.lighthouse.events.Cursor;
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

    /** Events after the query's cursor that match it, scanning the events table in seq order. */
    static Page query(Connection c, EventQuery q, Function<Instant, Object> time, RowMapper rows) throws SQLException {
        return page(scan(c, q, q.after().afterSeq(), q.limit(), time, rows), q.limit());
    }

    /** Up to {@code limit} matching events with seq above {@code afterSeq}, scanning the events table. */
    static List<Event> scan(
            Connection c, EventQuery q, long afterSeq, int limit, Function<Instant, Object> time, RowMapper rows)
            throws SQLException {
        List<Object> args = new ArrayList<>();
        args.add(afterSeq);
        String sql =
                "SELECT " + COLUMNS + " FROM events WHERE seq > ?" + where(q, "", time, args) + " ORDER BY seq LIMIT ?";
        args.add(limit);
        return select(c, sql, args, rows);
    }

    /** The query's criteria as {@code AND} clauses on the columns of table alias {@code prefix} (e.g. "e."). */
    static String where(EventQuery q, String prefix, Function<Instant, Object> time, List<Object> args) {
        StringBuilder sql = new StringBuilder();
        q.type().ifPresent(t -> add(sql, args, " AND " + prefix + "type = ?", t.name()));
        q.stream().ifPresent(s -> add(sql, args, " AND " + prefix + "stream = ?", s));
        q.agent().ifPresent(a -> add(sql, args, " AND " + prefix + "agent = ?", a));
        q.since().ifPresent(t -> add(sql, args, " AND " + prefix + "time >= ?", time.apply(t)));
        q.until().ifPresent(t -> add(sql, args, " AND " + prefix + "time < ?", time.apply(t)));
        return sql.toString();
    }

    static List<Event> select(Connection c, String sql, List<Object> args, RowMapper rows) throws SQLException {
        List<Event> events = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    events.add(rows.map(rs));
                }
            }
        }
        return events;
    }

    /** A page of {@code events}; a full page has a cursor to the next. */
    static Page page(List<Event> events, int limit) {
        Optional<Cursor> next =
                events.size() == limit ? Optional.of(new Cursor(events.getLast().seq())) : Optional.empty();
        return new Page(events, next);
    }

    private static void add(StringBuilder sql, List<Object> args, String clause, Object value) {
        sql.append(clause);
        args.add(value);
    }
}
