package dev.handoff.desk.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** What the log keeps of a failure's message: the sentence, without database URLs or passwords. */
class GuardMaskTest {
    @Test
    void aJdbcUrlIsMaskedAndTheSentenceAroundItKept() {
        assertThat(Guard.mask("database jdbc:postgresql://db:5432/desk?user=u&password=pw: read chat c1: gone"))
                .isEqualTo("database jdbc:postgresql:***: read chat c1: gone");
        assertThat(Guard.mask("desk database jdbc:h2:file:/tmp/x/desk;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0 ready"))
                .isEqualTo("desk database jdbc:h2:*** ready");
        assertThat(Guard.mask("at 'jdbc:mysql://root:pw@db/desk'")).isEqualTo("at 'jdbc:mysql:***'");
    }

    @Test
    void credentialsInOtherUrlsAndPasswordSettingsAreMasked() {
        assertThat(Guard.mask("cannot reach postgres://desk:hunter2@db/desk"))
                .isEqualTo("cannot reach postgres://***@db/desk");
        assertThat(Guard.mask("options user=desk;password=hunter2;ssl=true"))
                .isEqualTo("options user=desk;password=***;ssl=true");
    }

    @Test
    void theLoggedCopyOfAFailureKeepsItsClassesAndStackButNotItsSecrets() {
        SQLException cause = new SQLException("Connection to jdbc:postgresql://db/x?password=hunter2 refused");
        RuntimeException e = new IllegalStateException("read failed: password=hunter2", cause);

        Throwable logged = Guard.masked(e);

        assertThat(logged.toString()).isEqualTo("java.lang.IllegalStateException: read failed: password=***");
        assertThat(logged.getStackTrace()).isEqualTo(e.getStackTrace());
        assertThat(logged.getCause().toString())
                .isEqualTo("java.sql.SQLException: Connection to jdbc:postgresql:*** refused");
        assertThat(logged.getCause().getCause()).isNull();
    }

    @Test
    void errorIdsAreShortAndVaried() {
        assertThat(Guard.errorId()).matches("E-[0-9a-f]{6}");
        assertThat(java.util.stream.Stream.generate(Guard::errorId)
                        .limit(50)
                        .distinct()
                        .count())
                .isGreaterThan(40);
    }
}
