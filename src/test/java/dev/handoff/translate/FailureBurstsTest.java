package dev.handoff.translate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.desk.support.LogCapture;
import dev.handoff.desk.support.MutableClock;
import dev.handoff.translate.TranslationException.Reason;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FailureBurstsTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T10:00:00Z"));
    private final FailureBursts bursts = new FailureBursts(clock, Duration.ofSeconds(60));
    private final LogCapture log = LogCapture.of(FailureBursts.class.getName());

    @AfterEach
    void close() {
        log.close();
    }

    private static TranslationException failure(String engine, Reason reason) {
        return new TranslationException(engine, reason, "no answer");
    }

    @Test
    void theFirstFailureIsAWarningWithItsReasonAndTheNextOnesInTheWindowAreOnlyCounted() {
        bursts.failed(failure("google", Reason.RATE_LIMITED));
        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofSeconds(10));
            bursts.failed(failure("google", Reason.RATE_LIMITED));
        }

        assertThat(log.messages())
                .containsExactly(
                        "WARN translation engine google failed (rate_limited): google: [rate_limited] no answer");
    }

    @Test
    void aFailureAfterTheWindowSumsUpTheLastBurstAndOpensTheNextInFull() {
        bursts.failed(failure("apertium", Reason.TIMEOUT));
        clock.advance(Duration.ofSeconds(5));
        bursts.failed(failure("apertium", Reason.TIMEOUT));
        bursts.failed(failure("apertium", Reason.UNAVAILABLE));
        bursts.failed(failure("apertium", Reason.TIMEOUT));
        clock.advance(Duration.ofSeconds(60));

        bursts.failed(failure("apertium", Reason.UNAVAILABLE));

        assertThat(log.messages())
                .containsExactly(
                        "WARN translation engine apertium failed (timeout): apertium: [timeout] no answer",
                        "WARN translation engine apertium: 3 more failures (timeout 2, unavailable 1) in the last 60 s",
                        "WARN translation engine apertium failed (unavailable): apertium: [unavailable] no answer");
    }

    @Test
    void aSuccessInsideTheWindowDoesNotEndTheBurstSoAFlappingEngineIsNotLoggedPerMessage() {
        for (int i = 0; i < 10; i++) {
            bursts.failed(failure("azure", Reason.UNAVAILABLE));
            bursts.succeeded("azure");
            clock.advance(Duration.ofSeconds(1));
        }

        assertThat(log.messages()).hasSize(1);
    }

    @Test
    void aBurstOfOneFailureEndsWithoutASummary() {
        bursts.failed(failure("azure", Reason.UNAVAILABLE));
        clock.advance(Duration.ofMinutes(2));
        bursts.succeeded("azure");
        bursts.failed(failure("azure", Reason.UNAVAILABLE));

        assertThat(log.messages()).hasSize(2).allMatch(m -> m.contains("failed (unavailable)"));
    }

    @Test
    void eachEngineHasItsOwnBurst() {
        bursts.failed(failure("google", Reason.TIMEOUT));
        bursts.failed(failure("apertium", Reason.TIMEOUT));

        assertThat(log.messages()).hasSize(2);
    }
}
