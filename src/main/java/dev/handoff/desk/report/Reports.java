package dev.handoff.desk.report;

import dev.handoff.desk.store.StoredText;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Makes {@link Report}s from the chat facts in the desk's database, on a connection of its own opened
 * for each report (read-only, closed when the report is made), so it never waits for nor holds the
 * desk's store. The chats of the range are read in one pass (a {@value #FETCH_SIZE}-row cursor) and
 * tallied in Java: the percentiles are exact, and the days are the report time zone's calendar days,
 * which SQL could not cut the same way on H2 and PostgreSQL. A report reads at most {@link #MAX_CHATS}
 * chats (about 24 bytes of times per chat and grouping); more is a {@link ReportException}.
 *
 * <p>Thread-safe: each call uses its own connection. Blocks on the database: never call it on an event
 * thread.
 */
public final class Reports {
    /** The most chats one report reads: ten times a busy desk's year. */
    public static final int MAX_CHATS = 1_000_000;

    static final int FETCH_SIZE = 1_000;

    /** H2's "database may be already in use": another process has the file open. */
    private static final int H2_DATABASE_ALREADY_OPEN = 90020;

    private static final String SELECT = "SELECT department, first_agent, status, created_at, assigned_at,"
            + " first_reply_at, resolved_at, rating FROM desk_chats WHERE created_at >= ? AND created_at < ?";

    private final String url;
    private final String user;
    private final String password;
    private final ZoneId zone;
    private final int maxChats;

    /** Reports on the database at {@code url} ({@code user}, {@code password}: {@code null} for none), days in {@code zone}. */
    public Reports(String url, String user, String password, ZoneId zone) {
        this(url, user, password, zone, MAX_CHATS);
    }

    Reports(String url, String user, String password, ZoneId zone, int maxChats) {
        this.url = Objects.requireNonNull(url, "url");
        this.user = user;
        this.password = password;
        this.zone = Objects.requireNonNull(zone, "zone");
        this.maxChats = maxChats;
    }

    /** The report {@code request} asks for. */
    public Report run(ReportRequest request) {
        long start = request.from().atStartOfDay(zone).toInstant().toEpochMilli();
        long end = request.to().plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli();
        List<Dimension> by = request.by();
        Map<List<Object>, Tally> rows = new TreeMap<>(Reports::compareKeys);
        Map<String, Tally> departments = new TreeMap<>();
        Tally total = new Tally();
        if (by.equals(List.of(Dimension.DAY))) {
            for (LocalDate d = request.from(); !d.isAfter(request.to()); d = d.plusDays(1))
                rows.put(List.of(d), new Tally());
        }
        try (Connection c = connect()) {
            c.setReadOnly(true);
            c.setAutoCommit(false); // PostgreSQL streams a result set through a cursor only in a transaction
            try (PreparedStatement ps = c.prepareStatement(SELECT)) {
                ps.setFetchSize(FETCH_SIZE);
                ps.setLong(1, start);
                ps.setLong(2, end);
                try (ResultSet rs = ps.executeQuery()) {
                    int read = 0;
                    while (rs.next()) {
                        if (++read > maxChats)
                            throw new ReportException(
                                    ReportException.Problem.TOO_MANY_CHATS,
                                    "more than " + maxChats + " chats were created from " + request.from() + " to "
                                            + request.to() + "; report on a shorter range");
                        String department = StoredText.decode(rs.getString(1));
                        String agent = StoredText.decode(rs.getString(2));
                        long createdAt = rs.getLong(4);
                        Tally.Facts facts = new Tally.Facts(
                                createdAt,
                                nullable(rs, 5),
                                nullable(rs, 6),
                                nullable(rs, 7),
                                "archived".equals(rs.getString(3)),
                                rating(rs));
                        LocalDate day =
                                Instant.ofEpochMilli(createdAt).atZone(zone).toLocalDate();
                        rows.computeIfAbsent(key(by, day, department, agent), k -> new Tally())
                                .add(facts);
                        departments
                                .computeIfAbsent(department, k -> new Tally())
                                .add(facts);
                        total.add(facts);
                    }
                }
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw failure(e);
        }
        List<ReportRow> rowList = new ArrayList<>(rows.size());
        rows.forEach((k, t) -> rowList.add(row(by, k, t.figures())));
        List<ReportRow> departmentList = new ArrayList<>(departments.size());
        departments.forEach((d, t) -> departmentList.add(new ReportRow(null, d, null, t.figures())));
        return new Report(request.from(), request.to(), zone.getId(), by, rowList, departmentList, total.figures());
    }

    private Connection connect() throws SQLException {
        Properties props = new Properties();
        if (user != null) props.setProperty("user", user);
        if (password != null) props.setProperty("password", password);
        return DriverManager.getConnection(url, props);
    }

    private static Long nullable(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    private static Integer rating(ResultSet rs) throws SQLException {
        int v = rs.getInt(8);
        return rs.wasNull() ? null : v;
    }

    /** The row key: the values of the grouped dimensions, in {@link Dimension} order. */
    private static List<Object> key(List<Dimension> by, LocalDate day, String department, String agent) {
        List<Object> key = new ArrayList<>(by.size());
        for (Dimension d : by) {
            key.add(
                    switch (d) {
                        case DAY -> day;
                        case DEPARTMENT -> department;
                        case AGENT -> agent == null ? "" : agent;
                    });
        }
        return key;
    }

    private static ReportRow row(List<Dimension> by, List<Object> key, Figures figures) {
        LocalDate day = null;
        String department = null;
        String agent = null;
        for (int i = 0; i < by.size(); i++) {
            switch (by.get(i)) {
                case DAY -> day = (LocalDate) key.get(i);
                case DEPARTMENT -> department = (String) key.get(i);
                case AGENT -> agent = (String) key.get(i);
            }
        }
        return new ReportRow(day, department, agent, figures);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compareKeys(List<Object> a, List<Object> b) {
        for (int i = 0; i < a.size(); i++) {
            int c = ((Comparable) a.get(i)).compareTo(b.get(i));
            if (c != 0) return c;
        }
        return 0;
    }

    private ReportException failure(SQLException e) {
        String shown = url.replaceAll("(?i)(password=)[^&;]*", "$1***");
        String reason = e.getMessage() == null
                ? "unknown error"
                : e.getMessage().strip().lines().findFirst().orElse("unknown error");
        reason = reason.replaceAll("(?i)(password=)[^&;]*", "$1***");
        if (e.getErrorCode() == H2_DATABASE_ALREADY_OPEN)
            return new ReportException(
                    ReportException.Problem.DATABASE_IN_USE,
                    "database " + shown + " is in use by a running desk (an H2 file has one user at a time)",
                    e);
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (state.startsWith("08"))
            return new ReportException(
                    ReportException.Problem.DATABASE_UNREACHABLE, "cannot reach database " + shown + ": " + reason, e);
        // H2: table or column not found (42102, 42122); PostgreSQL: undefined table or column (42P01, 42703)
        if (state.equals("42102")
                || state.equals("42122")
                || state.equals("42S02")
                || state.equals("42S22")
                || state.equals("42P01")
                || state.equals("42703"))
            return new ReportException(
                    ReportException.Problem.NO_FACTS,
                    "database " + shown + " has no chat facts yet: run the desk of this version on it once (it"
                            + " migrates the schema), then report",
                    e);
        return new ReportException(ReportException.Problem.DATABASE_FAILED, "database " + shown + ": " + reason, e);
    }
}
