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

    // ---- from_user: the hold that keeps a connection's user messages in order ----

    @Test
    void aFromUserRefusedBusyInItsTurnHoldsEveryLaterOneUntilItComesAgain() {
        EventLimit limit = new EventLimit(100, 100, 0);
        assertThat(limit.takeFromUser(0, "m1").verdict()).isEqualTo(EventLimit.Verdict.PASS);
        EventLimit.FromUser m2 = limit.takeFromUser(MS, "m2");
        assertThat(limit.heldBack(m2)).isFalse();

        limit.refusedBusy("m2", true);

        assertThat(limit.takeFromUser(2 * MS, "m3").verdict()).isEqualTo(EventLimit.Verdict.HELD);
        assertThat(limit.takeFromUser(3 * MS, "m4").verdict()).isEqualTo(EventLimit.Verdict.HELD);
        EventLimit.FromUser again = limit.takeFromUser(4 * MS, "m2");
        assertThat(again.verdict()).isEqualTo(EventLimit.Verdict.PASS);
        assertThat(limit.heldBack(again)).isFalse();
        EventLimit.FromUser m3 = limit.takeFromUser(5 * MS, "m3");
        assertThat(m3.verdict()).isEqualTo(EventLimit.Verdict.PASS);
        assertThat(limit.heldBack(m3)).isFalse();
    }

    @Test
    void fromUsersThatCameBeforeTheBusyRefusalAndWaitForTheirTurnAreHeldBackInIt() {
        EventLimit limit = new EventLimit(100, 100, 0);
        EventLimit.FromUser m2 = limit.takeFromUser(0, "m2");
        EventLimit.FromUser m3 = limit.takeFromUser(0, "m3");
        EventLimit.FromUser m4 = limit.takeFromUser(0, "m4");

        limit.refusedBusy("m2", true); // m2's desk call, in its turn, was refused busy; m3 and m4 wait behind it

        assertThat(limit.heldBack(m3)).isTrue();
        assertThat(limit.heldBack(m4)).isTrue();
        EventLimit.FromUser again = limit.takeFromUser(MS, "m2");
        assertThat(limit.heldBack(again)).as("sent again after the refusal").isFalse();
        assertThat(limit.heldBack(limit.takeFromUser(MS, "m3"))).isFalse();
    }

    @Test
    void aFromUserRefusedBusyAsItArrivesLeavesTheOnesBeforeItAndAnEarlierHoldAlone() {
        EventLimit limit = new EventLimit(100, 100, 0);
        EventLimit.FromUser m1 = limit.takeFromUser(0, "m1"); // waits in the chain
        limit.refusedBusy("m2", false); // the chain was full

        assertThat(limit.heldBack(m1)).as("it came before the refused one").isFalse();
        assertThat(limit.takeFromUser(MS, "m3").verdict()).isEqualTo(EventLimit.Verdict.HELD);

        limit.refusedBusy("m1", true); // then m1, in its turn, was refused busy too: it is the one to wait for
        limit.refusedBusy("m5", false);
        assertThat(limit.takeFromUser(2 * MS, "m2").verdict()).isEqualTo(EventLimit.Verdict.HELD);
        assertThat(limit.takeFromUser(3 * MS, "m1").verdict()).isEqualTo(EventLimit.Verdict.PASS);
        assertThat(limit.takeFromUser(4 * MS, "m2").verdict()).isEqualTo(EventLimit.Verdict.PASS);
    }

    @Test
    void refusalsForABusyHoldAreNeitherCountedNorLoggedAsOverTheRate() {
        EventLimit limit = new EventLimit(1000, 5, 0);
        limit.takeFromUser(0, "m1");
        limit.refusedBusy("m1", true);
        EventLimit.Verdict last = null;
        for (int i = 1; i <= 200; i++)
            last = limit.takeFromUser(i * 10 * MS, "m" + (i + 1)).verdict();

        assertThat(last).isEqualTo(EventLimit.Verdict.HELD);
        assertThat(limit.refusalsToLog(3 * 1000 * MS)).isZero();
    }

    @Test
    void aHeldConnectionThatFloodsIsOverItsRateAllTheSame() {
        EventLimit limit = new EventLimit(5, 10, 0);
        limit.takeFromUser(0, "m1");
        limit.refusedBusy("m1", true);
        EventLimit.Verdict last = null;
        for (int i = 0; i < 200 && last != EventLimit.Verdict.CLOSE; i++)
            last = limit.takeFromUser(0, "flood " + i).verdict();

        assertThat(last).isEqualTo(EventLimit.Verdict.CLOSE);
    }

    @Test
    void aBusyRefusalInItsTurnReplacesARateHoldOnALaterMessage() {
        EventLimit limit = new EventLimit(1, 1, 0);
        EventLimit.FromUser m1 = limit.takeFromUser(0, "m1");
        assertThat(m1.verdict()).isEqualTo(EventLimit.Verdict.PASS);
        assertThat(limit.takeFromUser(0, "m2").verdict()).as("over the rate").isEqualTo(EventLimit.Verdict.REFUSE);

        limit.refusedBusy("m1", true); // m1 came first: the client sends m1 again before m2

        assertThat(limit.takeFromUser(TimeUnit.SECONDS.toNanos(2), "m1").verdict())
                .isEqualTo(EventLimit.Verdict.PASS);
        assertThat(limit.takeFromUser(TimeUnit.SECONDS.toNanos(4), "m2").verdict())
                .isEqualTo(EventLimit.Verdict.PASS);
    }

    @Test
    void aHoldOnAMessageThatIsStoredAfterAllIsOver() {
        EventLimit limit = new EventLimit(100, 100, 0);
        limit.takeFromUser(0, "m1"); // stored, not yet acknowledged; the client sends it again
        limit.refusedBusy("m1", false); // the copy is refused as it arrives

        limit.stored("m1"); // the first is acknowledged: the client will not send m1 again

        assertThat(limit.takeFromUser(MS, "m2").verdict()).isEqualTo(EventLimit.Verdict.PASS);
    }

    @Test
    void aCopyRefusedAfterItsFirstWasAcknowledgedHoldsNothing() {
        EventLimit limit = new EventLimit(100, 100, 0);
        limit.takeFromUser(0, "m1"); // stored; the client sends it again before the acknowledgement arrives
        limit.stored("m1"); // the first copy is acknowledged
        limit.refusedBusy("m1", true); // then the copy is refused busy in its turn

        assertThat(limit.takeFromUser(MS, "m2").verdict()).isEqualTo(EventLimit.Verdict.PASS);
    }

    @Test
    void aCopyOverTheRateAfterItsFirstWasAcknowledgedHoldsNothing() {
        EventLimit limit = new EventLimit(1, 1, 0);
        limit.takeFromUser(0, "m1");
        limit.stored("m1");
        assertThat(limit.takeFromUser(0, "m1").verdict())
                .as("the copy, over the rate")
                .isEqualTo(EventLimit.Verdict.REFUSE);

        assertThat(limit.takeFromUser(TimeUnit.SECONDS.toNanos(2), "m2").verdict())
                .isEqualTo(EventLimit.Verdict.PASS);
    }
}
