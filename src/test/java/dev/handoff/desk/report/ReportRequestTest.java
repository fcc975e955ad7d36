package dev.handoff.desk.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** A report's request read from text as the CLI and the console give it: a clear message for each mistake. */
class ReportRequestTest {
    private static void refused(String from, String to, String by, String message) {
        assertThatThrownBy(() -> ReportRequest.parse(from, to, by))
                .isInstanceOfSatisfying(ReportException.class, e -> assertThat(e.problem())
                        .isEqualTo(ReportException.Problem.BAD_REQUEST))
                .hasMessage(message);
    }

    @Test
    void aDateThatIsNotADateIsRefusedWithTheFormToUse() {
        refused(
                "2026-13-01",
                "2026-12-01",
                null,
                "'from': '2026-13-01' is not a date; write it as YYYY-MM-DD, e.g. 2026-11-01");
        refused(
                "2026-11-01",
                "1/12/2026",
                null,
                "'to': '1/12/2026' is not a date; write it as YYYY-MM-DD, e.g. 2026-11-01");
        refused(
                "2026-11-01",
                "2026-02-30",
                null,
                "'to': '2026-02-30' is not a date; write it as YYYY-MM-DD, e.g. 2026-11-01");
        refused(null, "2026-11-01", null, "'from' is missing: give a date as YYYY-MM-DD");
    }

    @Test
    void aRangeBackwardsOrLongerThanAYearIsRefused() {
        refused(
                "2026-11-30",
                "2026-11-01",
                null,
                "the range ends (2026-11-01) before it starts (2026-11-30); give --from before --to");
        refused(
                "2024-01-01",
                "2025-01-01",
                null,
                "the range has 367 days; a report covers at most 366 (run one per year)");
        assertThat(ReportRequest.parse("2024-01-01", "2024-12-31", null).by()).containsExactly(Dimension.DAY);
    }

    @Test
    void anUnknownGroupingIsRefusedWithTheKnownOnes() {
        refused(
                "2026-11-01",
                "2026-11-30",
                "week",
                "'by': 'week' is not a grouping (known: day, department, agent; several joined by commas)");
        assertThat(ReportRequest.parse("2026-11-01", "2026-11-30", " Agent , day ")
                        .by())
                .containsExactly(Dimension.DAY, Dimension.AGENT);
    }
}
