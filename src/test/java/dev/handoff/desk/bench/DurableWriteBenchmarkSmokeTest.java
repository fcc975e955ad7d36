package dev.handoff.desk.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link DurableWriteBenchmark}'s code path with tiny numbers, so that the benchmark keeps working: 5 chats, 30 round
 * trips after 10 unmeasured, on each store. Asserts that every write was measured and stored; never a time.
 */
@Timeout(60)
class DurableWriteBenchmarkSmokeTest {
    @ParameterizedTest
    @ValueSource(strings = {"memory", "h2", "postgres"})
    void everyWriteOfThirtyRoundTripsIsMeasuredAndStored(String store) throws Exception {
        DurableWriteBenchmark.Result result = DurableWriteBenchmark.measure(store, 5, 10, 30);
        DurableWriteBenchmark.print(1, result, System.out);

        assertThat(result.user()).hasSize(30).doesNotContain(0L);
        assertThat(result.agent()).hasSize(30).doesNotContain(0L);
        assertThat(result.stored()).as("messages stored, each round trip's two").isEqualTo(2 * (10 + 30));
        assertThat(result.floorMillis()).isPositive();
    }
}
