package dev.lighthouse.events.store;

import dev.lighthouse.events.Cursor;
import dev.lighthouse.events.DecisionMade;
import dev.lighthouse.events.DecisionName;
import dev.lighthouse.events.Event;
import dev.lighthouse.events.EventQuery;
import dev.lighthouse.events.EventType;
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

    /**
     * What the stores write of an event: its {@link #COLUMNS}, then {@code answer}, what a decision's agent heard
     * ({@link #answer}), kept beside the signed columns so that listing decisions reads no payload. It is not signed:
     * it is derived from the payload, which is.
     */
    static final String INSERT_COLUMNS = COLUMNS + ", answer";

    /** What names a decision, in this order: {@link #nameRow} reads it. */
    static final String NAME_COLUMNS = "seq, time, agent, answer";

    /** Reads a stored time. */
    @FunctionalInterface
    interface TimeColumn {
        Instant read(ResultSet rs, int column) throws SQLException;
    }

    /** Reads a text column; null for SQL NULL. */
    @FunctionalInterface
    interface TextColumn {
        String read(ResultSet rs, int column) throws SQLException;
    }

    /** The {@code answer} column of an event: what a decision's agent heard; null for other events. */
    static String answer(Event e) {
        return e.type().equals(EventType.DECISION_MADE) ? DecisionMade.answerOf(e.payload()) : null;
    }

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

    /**
     * The names a query of {@link #NAME_COLUMNS} finds. A decision without an answer (appended by a version of
     * Lighthouse older than the column, to a database several replicas share) is named from its payload.
     */
    static List<DecisionName> names(Connection c, String sql, List<Object> args, TimeColumn time, TextColumn text)
            throws SQLException {
        List<DecisionName> names = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String answer = text.read(rs, 4);
                    names.add(new DecisionName(
                            rs.getLong(1),
                            time.read(rs, 2),
                            Optional.ofNullable(text.read(rs, 3)),
                            answer != null ? answer : answerFromPayload(c, rs.getLong(1))));
                }
            }
        }
        return names;
    }

    private static String answerFromPayload(Connection c, long seq) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT payload FROM events WHERE seq = ?")) {
            ps.setLong(1, seq);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? DecisionMade.answerOf(rs.getString(1)) : DecisionMade.UNKNOWN_ANSWER;
            }
        }
    }

    /**
     * Up to {@code limit} names of decisions with seq above {@code afterSeq} matching {@code q} (whose type is taken as
     * decisions), read from the events table's own columns in seq order.
     */
    static List<DecisionName> scanNames(
            Connection c,
            EventQuery q,
            long afterSeq,
            int limit,
            Function<Instant, Object> time,
            TimeColumn read,
            TextColumn text)
            throws SQLException {
        List<Object> args = new ArrayList<>();
        args.add(afterSeq);
        String sql = "SELECT " + NAME_COLUMNS + " FROM events WHERE type = '" + EventType.DECISION_MADE.name()
                + "' AND seq > ?" + where(untyped(q), "", time, args) + " ORDER BY seq LIMIT ?";
        args.add(limit);
        return names(c, sql, args, read, text);
    }

    /**
     * {@code q} without its type: the names' queries name {@code decision.made} in their SQL as a literal, which a
     * partial index (PostgreSQL's on decisions) needs to be chosen for a prepared statement.
     */
    static EventQuery untyped(EventQuery q) {
        return new EventQuery(Optional.empty(), q.stream(), q.agent(), q.since(), q.until(), q.after(), q.limit());
    }

    private static void add(StringBuilder sql, List<Object> args, String clause, Object value) {
        sql.append(clause);
        args.add(value);
    }
}
