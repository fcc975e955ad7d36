package dev.handoff.desk.report;

import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.time.LocalDate;

/**
 * One row of a report: the group it is ({@code null} for a dimension the report is not grouped by;
 * {@code agent} is {@code ""} for chats no agent ever had) and its figures.
 */
public record ReportRow(
        @JsonSerialize(using = ToStringSerializer.class) LocalDate day,
        String department,
        String agent,
        Figures figures) {}
