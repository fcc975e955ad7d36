package dev.handoff.desk.support;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** What a PostgreSQL test says when the server it needs is not there. */
class LocalPostgresTest {
    @Test
    void aMissingServerFailsWithWhatTheTestsNeedInsteadOfAConnectionStackTrace() {
        // port 1 on this machine: nothing listens there
        assertThatThrownBy(() -> LocalPostgres.execute(
                        "jdbc:postgresql://127.0.0.1:1/test?user=postgres&connectTimeout=5", "SELECT 1"))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageStartingWith("These tests need a PostgreSQL server at 127.0.0.1:5432 with trust"
                        + " authentication and a database 'test' (see the README, section \"Test\")."
                        + " The connection failed: ")
                .hasNoCause()
                .satisfies(e -> org.assertj.core.api.Assertions.assertThat(e.getStackTrace())
                        .isEmpty());
    }
}
