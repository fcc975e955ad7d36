package dev.handoff.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.desk.store.JdbcChatStore;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The conversation store on H2, the default: a file under a data directory. */
class JdbcConversationStoreOnH2Test extends ConversationStoreContract {
    @TempDir
    static Path dirs;

    private final Path dir = dirs.resolve("store-" + System.nanoTime());

    @Override
    String url() {
        return ConversationStoreSettings.inDirectory(dir).jdbcUrl();
    }

    @Test
    void aDirectoryHoldsAnH2FileOpenedWithoutWriteDelayAndAJdbcUrlIsTakenAsItIs() {
        assertThat(url()).startsWith("jdbc:h2:file:").endsWith(";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0");
        assertThat(dir.resolve("conversations.mv.db")).exists();
        assertThat(ConversationStoreSettings.of("jdbc:postgresql://db/x?password=pw")
                        .jdbcUrl())
                .isEqualTo("jdbc:postgresql://db/x?password=pw");
        assertThat(ConversationStoreSettings.of("jdbc:postgresql://db/x?password=pw")
                        .toString())
                .doesNotContain("pw");
        assertThat(ConversationStoreSettings.of("data").jdbcUrl())
                .contains("data")
                .contains("conversations");
    }

    @Test
    void theStoreSharesADatabaseWithTheDesk() {
        store.close();
        String shared = "jdbc:h2:file:" + dir.resolve("shared").toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE";
        JdbcChatStore desk = JdbcChatStore.open(shared, null, null);
        try (var conversations = JdbcConversationStore.open(shared)) {
            conversations.write(new ConversationWrite("shop", "c1", midForm(), null, List.of()));
            assertThat(conversations.load("shop", "c1", 0)).isPresent();
        } finally {
            desk.close();
        }
        store = JdbcConversationStore.open(url());
    }
}
