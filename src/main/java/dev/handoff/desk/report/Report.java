package dev.handoff.desk.report;

import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.time.LocalDate;
import java.util.List;

/**
 * A report: the range and time zone it covers, what its rows are grouped by, the rows (ordered by day,
 * department, agent; grouped by day alone, every day of the range has a row, with 0 chats if none was
 * created), a total per department (by name) and the total of the whole range.
 */
public record Report(
        @JsonSerialize(using = ToStringSerializer.class) LocalDate from,
        @JsonSerialize(using = ToStringSerializer.class) LocalDate to,
        String timeZone,
        List<Dimension> by,
        List<ReportRow> rows,
        List<ReportRow> departments,
        Figures total) {
    public Report {
        by = List.copyOf(by);
        rows = List.copyOf(rows);
        departments = List.copyOf(departments);
    }
}
