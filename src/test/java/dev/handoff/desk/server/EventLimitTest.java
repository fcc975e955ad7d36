package dev.handoff.desk.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EventLimitTest {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    @Test
    void eventsOverTheRateAreRefusedAndAConnectionFarOverItIsClosed() {
        EventLimit limit = new EventLimit(5, 10, 0);
        for (int i = 0; i < 10; i++) assertThat(limit.take(0)).isEqualTo(EventLimit.Verdict.PASS);
        assertThat(limit.take(0)).isEqualTo(EventLimit.Verdict.REFUSE);
        assertThat(limit.take(200 * MS)).as("refilled at 5/s").isEqualTo(EventLimit.Verdict.PASS);
        EventLimit.Verdict last = null;
        for (int i = 0; i < 100; i++) last = limit.take(200 * MS);
        assertThat(last).isEqualTo(EventLimit.Verdict.CLOSE);
    }

    @Test
    void aFloodIsClosedEvenWhileTokensTrickleBackIn() {
        EventLimit limit = new EventLimit(50, 10, 0);
        EventLimit.Verdict last = EventLimit.Verdict.PASS;
        long now = 0;
        for (int i = 0; i < 10_000 && last != EventLimit.Verdict.CLOSE; i++) {
            now += MS; // a thousand events a second against fifty allowed
            last = limit.take(now);
        }
        assertThat(last).isEqualTo(EventLimit.Verdict.CLOSE);
    }

    @Test
    void aConnectionThatSlowsDownUntilItsBucketIsFullIsForgiven() {
        EventLimit limit = new EventLimit(5, 10, 0);
        for (int i = 0; i < 99; i++) limit.take(0);
        assertThat(limit.take(TimeUnit.SECONDS.toNanos(3))).isEqualTo(EventLimit.Verdict.PASS);
        for (int i = 0; i < 10; i++) limit.take(TimeUnit.SECONDS.toNanos(3));
        assertThat(limit.take(TimeUnit.SECONDS.toNanos(3)))
                .as("the count started again")
                .isEqualTo(EventLimit.Verdict.REFUSE);
    }

    @Test
    void refusalsAreLoggedAtMostOncePerTenSecondsWithTheirCount() {
        EventLimit limit = new EventLimit(1, 1, 0);
        limit.take(0);
        limit.take(0);
        assertThat(limit.refusalsToLog(0)).isEqualTo(1);
        limit.take(MS);
        limit.take(MS);
        assertThat(limit.refusalsToLog(MS)).isZero();
        assertThat(limit.refusalsToLog(TimeUnit.SECONDS.toNanos(11))).isEqualTo(2);
    }
}
