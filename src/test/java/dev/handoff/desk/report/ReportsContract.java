package dev.handoff.desk.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a report says about hand-made chats, the same on every database: {@link ReportsOnH2Test} and
 * {@link ReportsOnPostgresTest} give the database, each test a fresh one.
 */
abstract class ReportsContract {
    static final ZoneId AMSTERDAM = ZoneId.of("Europe/Amsterdam");
    static final Instant NOV_2 = Instant.parse("2026-11-02T09:00:00Z");

    ChatFacts facts;

    /** A fresh, empty database for one test. */
    abstract String freshDatabase();

    /** Drops what {@link #freshDatabase()} made. */
    abstract void dropDatabase();

    String url;

    @BeforeEach
    void open() {
        url = freshDatabase();
        facts = ChatFacts.at(url);
    }

    @AfterEach
    void close() {
        facts.close();
        dropDatabase();
    }

    Report report(ZoneId zone, String from, String to, String by) {
        return new Reports(url, null, null, zone).run(ReportRequest.parse(from, to, by));
    }

    private static Duration s(long seconds) {
        return Duration.ofSeconds(seconds);
    }

    /** Five chats ann had, one still open, one that nobody took, on 2 November in support. */
    private void aDayOfSupport() {
        facts.chat("support", NOV_2)
                .assigned("ann", s(10))
                .firstReply(s(15))
                .resolved(s(60))
                .rated(5)
                .save();
        facts.chat("support", NOV_2.plusSeconds(100))
                .assigned("ann", s(20))
                .firstReply(s(25))
                .resolved(s(120))
                .rated(4)
                .save();
        facts.chat("support", NOV_2.plusSeconds(200))
                .assigned("ann", s(30))
                .firstReply(s(35))
                .resolved(s(300))
                .rated(2)
                .save();
        facts.chat("support", NOV_2.plusSeconds(300))
                .assigned("ann", s(40))
                .firstReply(s(45))
                .save(); // still open
        facts.chat("support", NOV_2.plusSeconds(400)).assigned("ann", s(100)).save(); // not answered yet
        facts.chat("support", NOV_2.plusSeconds(500)).archived(s(90)).save(); // abandoned
    }

    @Test
    void medianAndP90AreExactInterpolatedBetweenTheClosestRanks() {
        aDayOfSupport();
        Figures f =
                report(ZoneOffset.UTC, "2026-11-02", "2026-11-02", "department").total();

        assertThat(f.chats()).isEqualTo(6);
        // waits 10 20 30 40 100 s: median the middle one; p90 at rank 3.6 = 40 + 0.6 * 60
        assertThat(f.waitMedian()).isEqualTo(30_000);
        assertThat(f.waitP90()).isEqualTo(76_000);
        // first responses 15 25 35 45 s: median between 25 and 35; p90 at rank 2.7 = 35 + 0.7 * 10
        assertThat(f.firstResponseMedian()).isEqualTo(30_000);
        assertThat(f.firstResponseP90()).isEqualTo(42_000);
        // handle times 60 120 300 s (the open chats have none): p90 at rank 1.8 = 120 + 0.8 * 180
        assertThat(f.handleMedian()).isEqualTo(120_000);
        assertThat(f.handleP90()).isEqualTo(264_000);
        assertThat(f.abandoned()).isEqualTo(1);
        assertThat(f.abandonedRate()).isCloseTo(1 / 6.0, within(1e-9));
        assertThat(f.ratings()).isEqualTo(3);
        assertThat(f.averageRating()).isCloseTo(11 / 3.0, within(1e-9));
        assertThat(f.satisfiedShare()).isCloseTo(2 / 3.0, within(1e-9));
    }

    @Test
    void aChatStillOpenCountsItsWaitButNoHandleTime() {
        facts.chat("support", NOV_2).assigned("ann", s(12)).firstReply(s(20)).save();
        Figures f = report(ZoneOffset.UTC, "2026-11-02", "2026-11-02", "day").total();
        assertThat(f.chats()).isEqualTo(1);
        assertThat(f.waitMedian()).isEqualTo(12_000);
        assertThat(f.firstResponseMedian()).isEqualTo(20_000);
        assertThat(f.handleMedian()).isNull();
        assertThat(f.handleP90()).isNull();
        assertThat(f.abandoned()).isZero();
    }

    @Test
    void aChatArchivedBeforeAnyAgentHadItIsAbandonedAndHasNoAgent() {
        facts.chat("sales", NOV_2).archived(s(45)).save();
        facts.chat("sales", NOV_2).assigned("bob", s(5)).resolved(s(10)).save();
        Report r = report(ZoneOffset.UTC, "2026-11-02", "2026-11-02", "agent");
        assertThat(r.rows()).extracting(ReportRow::agent).containsExactly("", "bob");
        assertThat(r.rows().get(0).figures().abandoned()).isEqualTo(1);
        assertThat(r.rows().get(0).figures().abandonedRate()).isEqualTo(1.0);
        assertThat(r.rows().get(0).figures().waitMedian()).isNull();
        assertThat(r.rows().get(1).figures().abandoned()).isZero();
        assertThat(r.total().abandonedRate()).isEqualTo(0.5);
    }

    @Test
    void daysAreTheTimeZonesCalendarDaysAcrossTheEndOfSummerTime() {
        // 25 October 2026 in Amsterdam has 25 hours: 22:00 UTC on the 24th to 23:00 UTC on the 25th
        facts.chat("support", Instant.parse("2026-10-24T21:59:59.999Z")).save(); // 23:59:59.999 on the 24th
        facts.chat("support", Instant.parse("2026-10-24T22:00:00Z")).save(); // midnight, the 25th
        facts.chat("support", Instant.parse("2026-10-25T22:59:59.999Z")).save(); // 23:59:59.999 CET, the 25th
        facts.chat("support", Instant.parse("2026-10-25T23:00:00Z")).save(); // midnight, the 26th

        Report amsterdam = report(AMSTERDAM, "2026-10-24", "2026-10-26", "day");
        assertThat(amsterdam.rows())
                .extracting(r -> r.day().toString(), r -> r.figures().chats())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("2026-10-24", 1L),
                        org.assertj.core.groups.Tuple.tuple("2026-10-25", 2L),
                        org.assertj.core.groups.Tuple.tuple("2026-10-26", 1L));
        assertThat(report(AMSTERDAM, "2026-10-25", "2026-10-25", "day").total().chats())
                .isEqualTo(2);
        assertThat(report(ZoneOffset.UTC, "2026-10-25", "2026-10-25", "day")
                        .total()
                        .chats())
                .as("the same day in UTC holds the other two")
                .isEqualTo(2);
        assertThat(amsterdam.timeZone()).isEqualTo("Europe/Amsterdam");
    }

    @Test
    void daysAreTheTimeZonesCalendarDaysAcrossTheStartOfSummerTime() {
        // 29 March 2026 in Amsterdam has 23 hours: 23:00 UTC on the 28th to 22:00 UTC on the 29th
        facts.chat("support", Instant.parse("2026-03-28T22:59:59.999Z")).save(); // the 28th
        facts.chat("support", Instant.parse("2026-03-28T23:00:00Z")).save(); // the 29th
        facts.chat("support", Instant.parse("2026-03-29T21:59:59.999Z")).save(); // the 29th, 23:59:59.999 CEST
        facts.chat("support", Instant.parse("2026-03-29T22:00:00Z")).save(); // the 30th
        Report r = report(AMSTERDAM, "2026-03-29", "2026-03-29", "day");
        assertThat(r.rows())
                .singleElement()
                .satisfies(row -> assertThat(row.figures().chats()).isEqualTo(2));
    }

    @Test
    void anEmptyRangeHasAZeroTotalNoPercentilesAndGroupedByDayAZeroRowPerDay() {
        aDayOfSupport();
        Report byDay = report(ZoneOffset.UTC, "2026-12-01", "2026-12-03", "day");
        assertThat(byDay.rows()).extracting(r -> r.figures().chats()).containsExactly(0L, 0L, 0L);
        assertThat(byDay.departments()).isEmpty();
        Figures total = byDay.total();
        assertThat(total.chats()).isZero();
        assertThat(total.waitMedian()).isNull();
        assertThat(total.abandonedRate()).isNull();
        assertThat(total.averageRating()).isNull();
        assertThat(report(ZoneOffset.UTC, "2026-12-01", "2026-12-03", "department")
                        .rows())
                .isEmpty();
    }

    @Test
    void rowsByDayDepartmentAndAgentComeInOrderWithATotalPerDepartment() {
        facts.chat("support", NOV_2).assigned("ann", s(10)).save();
        facts.chat("sales", NOV_2).assigned("bob", s(20)).save();
        facts.chat("sales", NOV_2.plus(Duration.ofDays(1)))
                .assigned("ann", s(30))
                .save();
        facts.chat("sales", NOV_2.plus(Duration.ofDays(1)))
                .assigned("ann", s(50))
                .save();

        Report r = report(ZoneOffset.UTC, "2026-11-01", "2026-11-30", "agent,day,department");
        assertThat(r.by()).containsExactly(Dimension.DAY, Dimension.DEPARTMENT, Dimension.AGENT);
        assertThat(r.rows())
                .extracting(row -> row.day() + " " + row.department() + " " + row.agent() + " "
                        + row.figures().chats() + " " + row.figures().waitMedian())
                .containsExactly(
                        "2026-11-02 sales bob 1 20000",
                        "2026-11-02 support ann 1 10000",
                        "2026-11-03 sales ann 2 40000");
        assertThat(r.departments())
                .extracting(row -> row.department() + " " + row.figures().chats())
                .containsExactly("sales 3", "support 1");
        assertThat(r.total().chats()).isEqualTo(4);
        assertThat(r.total().waitMedian()).isEqualTo(25_000);
    }

    @Test
    void chatsOutsideTheRangeAreNotCounted() {
        facts.chat("support", Instant.parse("2026-10-31T23:59:59.999Z")).save();
        facts.chat("support", Instant.parse("2026-11-01T00:00:00Z")).save();
        facts.chat("support", Instant.parse("2026-11-30T23:59:59.999Z")).save();
        facts.chat("support", Instant.parse("2026-12-01T00:00:00Z")).save();
        assertThat(report(ZoneOffset.UTC, "2026-11-01", "2026-11-30", "department")
                        .total()
                        .chats())
                .isEqualTo(2);
    }

    @Test
    void aRangeWithMoreChatsThanOneReportReadsIsRefused() {
        aDayOfSupport();
        var reports = new Reports(url, null, null, ZoneOffset.UTC, 5);
        assertThatThrownBy(() -> reports.run(ReportRequest.parse("2026-11-02", "2026-11-02", "day")))
                .isInstanceOfSatisfying(ReportException.class, e -> assertThat(e.problem())
                        .isEqualTo(ReportException.Problem.TOO_MANY_CHATS))
                .hasMessageContaining("more than 5 chats");
        assertThat(new Reports(url, null, null, ZoneOffset.UTC, 6)
                        .run(ReportRequest.parse("2026-11-02", "2026-11-02", "day"))
                        .total()
                        .chats())
                .isEqualTo(6);
    }

    @Test
    void aRangeIsReadInItsTimeZoneFromTheFirstDaysMidnightToTheMidnightAfterTheLast() {
        LocalDate day = LocalDate.of(2026, 11, 2);
        facts.chat("support", day.atStartOfDay(AMSTERDAM).toInstant().minusMillis(1))
                .save();
        facts.chat("support", day.atStartOfDay(AMSTERDAM).toInstant()).save();
        assertThat(report(AMSTERDAM, "2026-11-02", "2026-11-02", "day").total().chats())
                .isEqualTo(1);
        assertThat(List.of(report(AMSTERDAM, "2026-11-01", "2026-11-01", "day")
                        .total()
                        .chats()))
                .containsExactly(1L);
    }
}
