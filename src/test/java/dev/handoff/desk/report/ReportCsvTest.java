package dev.handoff.desk.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The report's CSV: RFC 4180 quoting, spreadsheet formulas defused, figures in fixed units. */
class ReportCsvTest {
    private static final Figures NONE = new Figures(0, null, null, null, null, null, null, 0, null, 0, null, null);

    @Test
    void fieldsWithCommasQuotesOrLineBreaksAreQuotedAndQuotesDoubled() {
        assertThat(ReportCsv.cell("plain")).isEqualTo("plain");
        assertThat(ReportCsv.cell("sales, north")).isEqualTo("\"sales, north\"");
        assertThat(ReportCsv.cell("the \"A\" team")).isEqualTo("\"the \"\"A\"\" team\"");
        assertThat(ReportCsv.cell("two\r\nlines")).isEqualTo("\"two\r\nlines\"");
    }

    @Test
    void aCellThatASpreadsheetWouldRunAsAFormulaGetsALeadingApostrophe() {
        assertThat(ReportCsv.cell("=HYPERLINK(\"http://x\")")).isEqualTo("\"'=HYPERLINK(\"\"http://x\"\")\"");
        assertThat(ReportCsv.cell("+1")).isEqualTo("'+1");
        assertThat(ReportCsv.cell("-2")).isEqualTo("'-2");
        assertThat(ReportCsv.cell("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(ReportCsv.cell("\tx")).isEqualTo("'\tx");
        assertThat(ReportCsv.cell("a=b")).isEqualTo("a=b");
    }

    @Test
    void aReportIsAHeaderItsRowsTheDepartmentTotalsAndTheTotalInSecondsAndFractions() {
        Figures f = new Figures(3, 30_000L, 76_500L, 1L, null, 120_000L, 264_000L, 1, 1 / 3.0, 3, 11 / 3.0, 2 / 3.0);
        Report r = new Report(
                LocalDate.of(2026, 11, 1),
                LocalDate.of(2026, 11, 2),
                "UTC",
                List.of(Dimension.DAY, Dimension.AGENT),
                List.of(new ReportRow(LocalDate.of(2026, 11, 2), null, "=ann", f)),
                List.of(new ReportRow(null, "support", null, f)),
                NONE);
        assertThat(ReportCsv.of(r))
                .isEqualTo("scope,day,department,agent,chats,wait_median_s,wait_p90_s,first_response_median_s,"
                        + "first_response_p90_s,handle_median_s,handle_p90_s,abandoned,abandoned_rate,ratings,"
                        + "rating_average,rating_4_5_share\r\n"
                        + "row,2026-11-02,,'=ann,3,30.000,76.500,0.001,,120.000,264.000,1,0.3333,3,3.67,0.6667\r\n"
                        + "department,,support,,3,30.000,76.500,0.001,,120.000,264.000,1,0.3333,3,3.67,0.6667\r\n"
                        + "total,,,,0,,,,,,,0,,0,,\r\n");
        assertThat(ReportCsv.fileName(r)).isEqualTo("handoff-report-2026-11-01-2026-11-02.csv");
    }
}
