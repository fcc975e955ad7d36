package dev.handoff.desk.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * A report as CSV (RFC 4180: comma-separated, CRLF line ends, a field with a comma, quote, CR or LF in
 * double quotes with its quotes doubled), the same for {@code desk report} and the console's export.
 * A header line, then the rows ({@code scope} {@code row}), the department totals ({@code department})
 * and the total of the range ({@code total}). Times are seconds with three decimals, rates and shares
 * fractions from 0 to 1 with four, the average rating with two; a figure that does not exist is empty.
 *
 * <p>A cell that starts with {@code =}, {@code +}, {@code -} or {@code @} (a department or agent name a
 * spreadsheet would run as a formula) gets a leading apostrophe.
 */
public final class ReportCsv {
    /** The header line's fields. */
    public static final List<String> HEADER = List.of(
            "scope",
            "day",
            "department",
            "agent",
            "chats",
            "wait_median_s",
            "wait_p90_s",
            "first_response_median_s",
            "first_response_p90_s",
            "handle_median_s",
            "handle_p90_s",
            "abandoned",
            "abandoned_rate",
            "ratings",
            "rating_average",
            "rating_4_5_share");

    private static final String CRLF = "\r\n";

    private ReportCsv() {}

    /** The whole report as CSV text. */
    public static String of(Report report) {
        StringBuilder out = new StringBuilder(
                256 + 160 * (report.rows().size() + report.departments().size()));
        line(out, HEADER);
        for (ReportRow r : report.rows()) line(out, cells("row", r));
        for (ReportRow r : report.departments()) line(out, cells("department", r));
        line(out, cells("total", new ReportRow(null, null, null, report.total())));
        return out.toString();
    }

    /** A file name for the report: {@code handoff-report-FROM-TO.csv}. */
    public static String fileName(Report report) {
        return "handoff-report-" + report.from() + "-" + report.to() + ".csv";
    }

    private static List<String> cells(String scope, ReportRow r) {
        Figures f = r.figures();
        return List.of(
                scope,
                r.day() == null ? "" : r.day().toString(),
                r.department() == null ? "" : r.department(),
                r.agent() == null ? "" : r.agent(),
                Long.toString(f.chats()),
                seconds(f.waitMedian()),
                seconds(f.waitP90()),
                seconds(f.firstResponseMedian()),
                seconds(f.firstResponseP90()),
                seconds(f.handleMedian()),
                seconds(f.handleP90()),
                Long.toString(f.abandoned()),
                decimal(f.abandonedRate(), 4),
                Long.toString(f.ratings()),
                decimal(f.averageRating(), 2),
                decimal(f.satisfiedShare(), 4));
    }

    private static String seconds(Long millis) {
        return millis == null ? "" : BigDecimal.valueOf(millis, 3).toPlainString();
    }

    private static String decimal(Double value, int places) {
        return value == null
                ? ""
                : BigDecimal.valueOf(value)
                        .setScale(places, RoundingMode.HALF_UP)
                        .toPlainString();
    }

    private static void line(StringBuilder out, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) out.append(',');
            out.append(cell(cells.get(i)));
        }
        out.append(CRLF);
    }

    /** One field: formula-looking text defused with an apostrophe, then quoted if RFC 4180 needs it. */
    static String cell(String value) {
        String v = value;
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) v = "'" + v;
        boolean quote = v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\r') >= 0 || v.indexOf('\n') >= 0;
        return quote ? '"' + v.replace("\"", "\"\"") + '"' : v;
    }
}
