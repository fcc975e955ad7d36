package dev.handoff.desk.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.desk.config.SecurityConfig;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** One connection's event rate, on a clock the test moves. */
class EventBudgetTest {
    final AtomicLong now = new AtomicLong(-5_000_000_000L);

    void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    @Test
    void anEventBudgetRefusesOverTheRateAndDisconnectsFarOverIt() {
        EventBudget budget = new EventBudget(
                new SecurityConfig.Limits(1, 1, Duration.ofSeconds(1), 1, 5, 10, 5, Duration.ofSeconds(1)), now.get());
        for (int i = 0; i < 10; i++) assertThat(budget.take(now.get())).isEqualTo(EventBudget.Verdict.ACCEPT);
        assertThat(budget.take(now.get())).isEqualTo(EventBudget.Verdict.REFUSE_FIRST);
        assertThat(budget.take(now.get())).isEqualTo(EventBudget.Verdict.REFUSE);
        advance(Duration.ofMillis(200));
        assertThat(budget.take(now.get())).as("refilled at 5/s").isEqualTo(EventBudget.Verdict.ACCEPT);
        EventBudget.Verdict last = null;
        for (int i = 0; i < 10 * 10; i++) last = budget.take(now.get());
        assertThat(last).isEqualTo(EventBudget.Verdict.DISCONNECT);
    }
}
