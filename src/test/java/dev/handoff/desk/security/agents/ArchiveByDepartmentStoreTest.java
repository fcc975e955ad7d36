package dev.handoff.desk.security.agents;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.desk.api.Contact;
import dev.handoff.desk.store.JdbcChatStore;
import dev.handoff.desk.store.StoredChat;
import dev.handoff.desk.support.LocalPostgres;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store filters the archive by department in SQL, so a page counts only the chats an agent may see. */
class ArchiveByDepartmentStoreTest {
    @TempDir
    Path data;

    @Test
    void theArchiveOfSomeDepartmentsIsFilteredBeforeItIsPagedOnH2() {
        try (JdbcChatStore store = JdbcChatStore.open("jdbc:h2:file:" + data.resolve("desk"), null, null)) {
            checkFilteredPaging(store);
        }
    }

    @Test
    void theArchiveOfSomeDepartmentsIsFilteredBeforeItIsPagedOnPostgres() {
        try (LocalPostgres.Schema schema = LocalPostgres.freshSchema();
                JdbcChatStore store = JdbcChatStore.open(schema.url(), null, null)) {
            checkFilteredPaging(store);
        }
    }

    static void checkFilteredPaging(JdbcChatStore store) {
        Instant t0 = Instant.parse("2024-05-01T10:00:00Z");
        String[] departments = {"sales", "support", "billing"};
        for (int i = 0; i < 9; i++) {
            String department = departments[i % 3];
            StoredChat open = new StoredChat(
                    "chat-" + i,
                    "bot",
                    "conv-" + i,
                    department,
                    "en",
                    new Contact("User " + i, "user" + i + "@example.com", null),
                    null,
                    "queued",
                    null,
                    t0,
                    t0,
                    t0,
                    null,
                    null);
            store.create(open);
            Instant archivedAt = t0.plusSeconds(i);
            store.update(new StoredChat(
                    open.id(),
                    open.botId(),
                    open.conversationId(),
                    department,
                    "en",
                    open.contact(),
                    null,
                    "archived",
                    null,
                    t0,
                    t0,
                    archivedAt,
                    archivedAt,
                    "resolved"));
        }
        store.create(new StoredChat(
                "chat-open", "bot", "conv-open", "sales", "en", null, null, "queued", null, t0, t0, t0, null, null));

        assertThat(ids(store.archivedIn(Set.of("sales"), 0, 2))).containsExactly("chat-6", "chat-3");
        assertThat(ids(store.archivedIn(Set.of("sales"), 2, 2))).containsExactly("chat-0");
        assertThat(ids(store.archivedIn(Set.of("sales", "billing"), 1, 3)))
                .containsExactly("chat-6", "chat-5", "chat-3");
        assertThat(store.archivedIn(Set.of(), 0, 50))
                .as("no department, no chat")
                .isEmpty();
        assertThat(store.archivedIn(Set.of("sales' OR '1'='1"), 0, 50)).isEmpty();
        assertThat(ids(store.archivedIn(Set.of("support"), 0, 50)))
                .containsExactly("chat-7", "chat-4", "chat-1")
                .allSatisfy(
                        id -> assertThat(store.chat(id).orElseThrow().contact().email())
                                .endsWith("@example.com"));
        assertThat(store.archived(0, 50)).hasSize(9);
    }

    static List<String> ids(List<StoredChat> chats) {
        return chats.stream().map(StoredChat::id).toList();
    }
}
