package dev.handoff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.desk.process.DeskChild;
import dev.handoff.desk.report.ChatFacts;
import dev.handoff.desk.support.LocalPostgres;
import dev.handoff.desk.support.Sockets;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code handoff desk report} end to end: the command line, a real H2 file or PostgreSQL, the CSV. */
class ReportCommandTest {
    static final String HEADER = "scope,day,department,agent,chats,wait_median_s,wait_p90_s,first_response_median_s,"
            + "first_response_p90_s,handle_median_s,handle_p90_s,abandoned,abandoned_rate,ratings,rating_average,"
            + "rating_4_5_share\r\n";

    @TempDir
    Path dir;

    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        PrintStream previousOut = System.out;
        PrintStream previousErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int code = Main.run(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(previousOut);
            System.setErr(previousErr);
        }
    }

    /** Two chats of November in sales: ann's (waited 10 s, answered at 20 s, resolved 60 s later, rated 5), one abandoned. */
    static void november(String url) {
        try (ChatFacts facts = ChatFacts.at(url)) {
            Instant nov3 = Instant.parse("2026-11-03T10:00:00Z");
            facts.chat("sales", nov3)
                    .assigned("=ann", Duration.ofSeconds(10))
                    .firstReply(Duration.ofSeconds(20))
                    .resolved(Duration.ofSeconds(60))
                    .rated(5)
                    .save();
            facts.chat("sales", nov3.plusSeconds(60))
                    .archived(Duration.ofSeconds(30))
                    .save();
            facts.chat("sales", Instant.parse("2026-12-01T00:00:00Z")).save(); // after the range
        }
    }

    static final String NOVEMBER_BY_AGENT = HEADER
            + "row,,,,1,,,,,,,1,1.0000,0,,\r\n"
            + "row,,,'=ann,1,10.000,10.000,20.000,20.000,60.000,60.000,0,0.0000,1,5.00,1.0000\r\n"
            + "department,,sales,,2,10.000,10.000,20.000,20.000,60.000,60.000,1,0.5000,1,5.00,1.0000\r\n"
            + "total,,,,2,10.000,10.000,20.000,20.000,60.000,60.000,1,0.5000,1,5.00,1.0000\r\n";

    @Test
    void theReportOfAnH2DeskIsItsCsvOnStandardOutputWithFormulasDefused() {
        november("jdbc:h2:file:" + dir.resolve("desk"));
        Run r = run(
                "desk",
                "report",
                "--data",
                dir.toString(),
                "--from",
                "2026-11-01",
                "--to",
                "2026-11-30",
                "--by",
                "agent");
        assertThat(r.err()).isEmpty();
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo(NOVEMBER_BY_AGENT);
    }

    @Test
    void theReportOfAPostgresDeskGoesToTheFileOutNames() throws Exception {
        try (LocalPostgres.Schema schema = LocalPostgres.freshSchema()) {
            november(schema.url());
            Path config = dir.resolve("desk.yaml");
            Files.writeString(
                    config,
                    "departments: [sales]\ndb: \"" + schema.url() + "\"\n" + "reports: {timeZone: Europe/Amsterdam}\n");
            Path csv = dir.resolve("november.csv");
            Run r = run(
                    "desk",
                    "report",
                    "--config",
                    config.toString(),
                    "--from",
                    "2026-11-01",
                    "--to",
                    "2026-11-30",
                    "--by",
                    "agent",
                    "--out",
                    csv.toString());
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).isEmpty();
            assertThat(r.err()).contains("2 row(s), 2 chat(s) from 2026-11-01 to 2026-11-30 (Europe/Amsterdam)");
            assertThat(Files.readString(csv)).isEqualTo(NOVEMBER_BY_AGENT);
        }
    }

    @Test
    void aDateThatIsNotADateOrARangeBackwardsIsAClearErrorWithStatus2() {
        Run bad = run("desk", "report", "--data", dir.toString(), "--from", "2026-11-31", "--to", "2026-12-01");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err())
                .isEqualTo("handoff desk report: 'from': '2026-11-31' is not a date; write it as YYYY-MM-DD, e.g."
                        + " 2026-11-01" + System.lineSeparator());
        Run backwards = run("desk", "report", "--data", dir.toString(), "--from", "2026-12-01", "--to", "2026-11-01");
        assertThat(backwards.code()).isEqualTo(2);
        assertThat(backwards.err()).contains("the range ends (2026-11-01) before it starts (2026-12-01)");
    }

    @Test
    void aDataDirectoryWithoutADeskDatabaseIsNamedAndNothingIsCreatedThere() {
        Run r = run("desk", "report", "--data", dir.toString(), "--from", "2026-11-01", "--to", "2026-11-30");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("there is no desk database in " + dir);
        assertThat(dir.resolve("desk.mv.db")).doesNotExist();
    }

    @Test
    void anH2FileARunningDeskHoldsIsAClearErrorThatPointsToTheConsolesExport() throws Exception {
        november("jdbc:h2:file:" + dir.resolve("data").resolve("desk"));
        DeskChild desk =
                DeskChild.start(Sockets.freePort(), dir.resolve("data"), Path.of("target", "desk-process-report.log"));
        try {
            Run r = run(
                    "desk",
                    "report",
                    "--data",
                    dir.resolve("data").toString(),
                    "--from",
                    "2026-11-01",
                    "--to",
                    "2026-11-30");
            assertThat(r.code()).isEqualTo(1);
            assertThat(r.err())
                    .startsWith("handoff desk report: database jdbc:h2:file:")
                    .contains("is in use by a running desk")
                    .contains("export the report from the console (Reports, Export CSV")
                    .contains("PostgreSQL");
            assertThat(r.out()).isEmpty();
        } finally {
            desk.terminate();
        }
    }
}
