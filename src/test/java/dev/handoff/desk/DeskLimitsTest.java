package dev.handoff.desk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.handoff.desk.api.Contact;
import dev.handoff.desk.api.DeskError;
import dev.handoff.desk.config.DeskConfigLoader;
import dev.handoff.desk.core.DeskException;
import dev.handoff.desk.core.DeskLimits;
import dev.handoff.desk.core.HelpDesk;
import dev.handoff.desk.core.OpenChat;
import dev.handoff.desk.store.InMemoryChatStore;
import dev.handoff.desk.support.MutableClock;
import dev.handoff.desk.support.RecordingOutbox;
import dev.handoff.desk.support.TestDesks;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The desk's limits are one set of facts: what the desk checks is what the store's columns hold. */
class DeskLimitsTest {
    private final InMemoryChatStore store = new InMemoryChatStore();
    private final HelpDesk desk = new HelpDesk(
            DeskConfigLoader.parse(TestDesks.YAML, "test").withDataDir(Path.of("unused")),
            store,
            new MutableClock(Instant.parse("2026-01-05T08:00:00Z")),
            new RecordingOutbox(),
            () -> "chat-1");

    @Test
    void theStoresColumnsHoldEveryValueTheDeskAccepts() throws IOException {
        String schema = migration();
        assertThat(width(schema, "desk_contacts", "name")).isGreaterThanOrEqualTo(DeskLimits.MAX_CONTACT_NAME);
        assertThat(width(schema, "desk_contacts", "email")).isGreaterThanOrEqualTo(DeskLimits.MAX_CONTACT_EMAIL);
        assertThat(width(schema, "desk_contacts", "phone")).isGreaterThanOrEqualTo(DeskLimits.MAX_CONTACT_PHONE);
        assertThat(width(schema, "desk_chats", "bot_id")).isGreaterThanOrEqualTo(DeskLimits.MAX_ID);
        assertThat(width(schema, "desk_chats", "conversation_id")).isGreaterThanOrEqualTo(DeskLimits.MAX_ID);
    }

    @Test
    void aContactLongerThanTheDeskAcceptsIsRefusedBeforeAnythingIsStored() {
        String email = "a".repeat(64) + "@" + "b".repeat(537) + ".org"; // 606 characters
        var chat = new OpenChat("c1", "bot-1", "sales", "en", new Contact("Sipho", email, null), false);

        assertThatThrownBy(() -> desk.openChat(chat, chatId -> {}))
                .isInstanceOf(DeskException.class)
                .hasMessage("contact email is longer than " + DeskLimits.MAX_CONTACT_EMAIL + " characters")
                .extracting(e -> ((DeskException) e).code())
                .isEqualTo(DeskError.Code.TOO_LONG);
        assertThat(store.openChats()).isEmpty();
    }

    @Test
    void aContactAtTheLimitsIsStored() {
        var contact = new Contact(
                "n".repeat(DeskLimits.MAX_CONTACT_NAME),
                "e".repeat(DeskLimits.MAX_CONTACT_EMAIL),
                "1".repeat(DeskLimits.MAX_CONTACT_PHONE));

        desk.openChat(new OpenChat("c1", "bot-1", "sales", "en", contact, false), chatId -> {});

        assertThat(store.openChats())
                .singleElement()
                .extracting(c -> c.contact())
                .isEqualTo(contact);
    }

    private static String migration() throws IOException {
        try (InputStream in = DeskLimitsTest.class.getResourceAsStream("/db/migration/V1__desk.sql")) {
            assertThat(in).as("the desk's first migration").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The declared width of a {@code VARCHAR(N)} column. */
    private static int width(String schema, String table, String column) {
        Matcher t = Pattern.compile("CREATE TABLE " + table + " \\((.*?)\\n\\);", Pattern.DOTALL)
                .matcher(schema);
        assertThat(t.find()).as("table " + table).isTrue();
        Matcher c = Pattern.compile("(?m)^\\s*" + column + "\\s+VARCHAR\\((\\d+)\\)")
                .matcher(t.group(1));
        assertThat(c.find()).as(table + "." + column).isTrue();
        return Integer.parseInt(c.group(1));
    }
}
