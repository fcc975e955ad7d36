package dev.handoff.desk.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.desk.config.SecurityConfig;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The sign-in throttle's rules, on a clock the test moves. */
class SignInThrottleTest {
    final AtomicLong now = new AtomicLong(-5_000_000_000L); // nanoTime may be negative
    final SignInThrottle throttle = new SignInThrottle(limits(5, Duration.ofSeconds(30)), now::get);

    static SecurityConfig.Limits limits(int failures, Duration lockout) {
        SecurityConfig.Limits d = SecurityConfig.Limits.DEFAULT;
        return new SecurityConfig.Limits(
                d.connectionsPerAddress(),
                d.unidentifiedPerAddress(),
                d.identifyWithin(),
                d.keylessChatsPerMinute(),
                d.eventsPerSecond(),
                d.eventBurst(),
                failures,
                lockout);
    }

    void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    Optional<Long> lockedSeconds(String address, String name) {
        return throttle.locked(address, name).map(SignInThrottle.Lockout::seconds);
    }

    @Test
    void theFifthFailureLocksTheAddressForTheLockoutAndEachFurtherFailureDoublesItUpToAnHour() {
        for (int i = 1; i <= 4; i++) assertThat(throttle.failed("a", null)).isEmpty();
        assertThat(lockedSeconds("a", null)).isEmpty();
        assertThat(throttle.failed("a", null).map(SignInThrottle.Lockout::seconds))
                .contains(30L);
        assertThat(lockedSeconds("a", null)).contains(30L);
        assertThat(lockedSeconds("b", null)).isEmpty();

        long expected = 30;
        for (int i = 0; i < 10; i++) {
            advance(Duration.ofSeconds(expected));
            assertThat(lockedSeconds("a", null)).isEmpty();
            expected = Math.min(expected * 2, 3600);
            assertThat(throttle.failed("a", null).map(SignInThrottle.Lockout::seconds))
                    .contains(expected);
        }
        assertThat(expected).isEqualTo(3600);
    }

    @Test
    void failuresFurtherApartThanTheWindowStartCountingAgain() {
        for (int i = 0; i < 4; i++) {
            throttle.failed("a", null);
            advance(SignInThrottle.WINDOW.plusSeconds(1));
        }
        assertThat(throttle.failed("a", null)).isEmpty();
        assertThat(lockedSeconds("a", null)).isEmpty();
    }

    @Test
    void aSuccessForgetsTheAgentsFailuresButNotTheAddresss() {
        for (int i = 0; i < 4; i++) throttle.failed("a", "ann");
        throttle.succeeded("ann");
        assertThat(throttle.failed("b", "ann")).as("ann's count started again").isEmpty();
        assertThat(throttle.failed("a", "bob").map(SignInThrottle.Lockout::what))
                .as("the address's fifth failure")
                .contains("address");
    }

    @Test
    void anAgentNameIsLockedFromEveryAddress() {
        for (int i = 0; i < 5; i++) throttle.failed("a" + i, "ann");
        assertThat(throttle.locked("elsewhere", "ann").map(SignInThrottle.Lockout::what))
                .contains("agent");
        assertThat(throttle.locked("elsewhere", "bob")).isEmpty();
        assertThat(throttle.locked("elsewhere", null)).isEmpty();
    }

    @Test
    void theTablesAreBoundedTheOldestFailureGoingFirst() {
        for (int i = 0; i < 5; i++) throttle.failed("first", null);
        assertThat(throttle.locked("first", null)).isPresent();
        for (int i = 0; i < SignInThrottle.MAX_ENTRIES - 1; i++) throttle.failed("other-" + i, null);
        assertThat(throttle.locked("first", null)).as("still held").isPresent();
        throttle.failed("one-too-many", null);
        assertThat(throttle.locked("first", null))
                .as("evicted to stay within the cap")
                .isEmpty();
    }

    @Test
    void longNamesAreCountedUnderTheirBeginning() {
        String name = "n".repeat(SignInThrottle.MAX_NAME);
        for (int i = 0; i < 5; i++) throttle.failed("a" + i, name + "-" + i);
        assertThat(throttle.locked("z", name + "-anything")).isPresent();
    }

    @Test
    void warningsComeOncePerIntervalAndSayHowManyWereHeldBack() {
        WarnLimiter warnings = new WarnLimiter(Duration.ofMinutes(1), now::get);
        assertThat(warnings.allow("a")).hasValue(0);
        assertThat(warnings.allow("a")).isEmpty();
        assertThat(warnings.allow("a")).isEmpty();
        assertThat(warnings.allow("b")).hasValue(0);
        advance(Duration.ofMinutes(1));
        assertThat(warnings.allow("a")).hasValue(2);
    }
}
