package dev.handoff.desk.report;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What to report: the chats created from {@code from} to {@code to} (both days included, in the report's
 * time zone), grouped by {@code by} (one or more {@link Dimension}s, in their natural order). At most
 * {@link #MAX_DAYS} days.
 */
public record ReportRequest(LocalDate from, LocalDate to, List<Dimension> by) {
    /** The longest range one report covers: a (leap) year. */
    public static final int MAX_DAYS = 366;

    public ReportRequest {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (to.isBefore(from))
            throw bad("the range ends (" + to + ") before it starts (" + from + "); give --from before --to");
        long days = ChronoUnit.DAYS.between(from, to) + 1;
        if (days > MAX_DAYS)
            throw bad("the range has " + days + " days; a report covers at most " + MAX_DAYS + " (run one per year)");
        if (by == null || by.isEmpty()) by = List.of(Dimension.DAY);
        by = List.copyOf(EnumSet.copyOf(by));
    }

    /**
     * Reads a request as the CLI and {@code /api/report} take it: dates as {@code YYYY-MM-DD}, {@code by}
     * as {@code day}, {@code department}, {@code agent} or several joined by commas ({@code null}: day).
     */
    public static ReportRequest parse(String from, String to, String by) {
        return new ReportRequest(date("from", from), date("to", to), dimensions(by));
    }

    private static LocalDate date(String what, String text) {
        if (text == null || text.isBlank()) throw bad("'" + what + "' is missing: give a date as YYYY-MM-DD");
        String t = text.strip();
        try {
            if (t.length() != 10) throw new DateTimeParseException("not ten characters", t, 0);
            return LocalDate.parse(t);
        } catch (DateTimeParseException e) {
            throw bad("'" + what + "': '" + shorten(t) + "' is not a date; write it as YYYY-MM-DD, e.g. 2026-11-01");
        }
    }

    private static List<Dimension> dimensions(String by) {
        if (by == null || by.isBlank()) return List.of(Dimension.DAY);
        List<Dimension> out = new ArrayList<>();
        for (String part : by.split(",", -1)) {
            String p = part.strip().toLowerCase(Locale.ROOT);
            Dimension d =
                    switch (p) {
                        case "day" -> Dimension.DAY;
                        case "department" -> Dimension.DEPARTMENT;
                        case "agent" -> Dimension.AGENT;
                        default -> throw bad("'by': '" + shorten(part.strip())
                                + "' is not a grouping (known: day, department, agent; several joined by commas)");
                    };
            out.add(d);
        }
        return out;
    }

    private static String shorten(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }

    private static ReportException bad(String message) {
        return new ReportException(ReportException.Problem.BAD_REQUEST, message);
    }
}
