package dev.handoff.desk.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.desk.config.DeskConfig;
import dev.handoff.desk.config.DeskConfigLoader;
import dev.handoff.desk.store.JdbcChatStore;
import dev.handoff.desk.support.MutableClock;
import dev.handoff.desk.support.RecordingOutbox;
import dev.handoff.desk.support.TestDesks;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * What one round trip of a message writes to the database: the statements on the store's write connection for a
 * user's message, the agent's reply and the bot's acknowledgement of it, once the chat is under way. The desk's
 * write load, written down where it is measured (README, "The database").
 */
class RoundTripStatementsTest {
    private final List<String> statements = new CopyOnWriteArrayList<>();

    private Connection recording(Connection real) {
        return (Connection) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    Object out = call(real, method, args);
                    if (method.getName().equals("prepareStatement")) {
                        String sql = (String) args[0];
                        PreparedStatement ps = (PreparedStatement) out;
                        return Proxy.newProxyInstance(
                                getClass().getClassLoader(), new Class<?>[] {PreparedStatement.class}, (p, m, a) -> {
                                    if (m.getName().equals("executeUpdate")
                                            || m.getName().equals("addBatch")) statements.add(shortly(sql));
                                    return call(ps, m, a);
                                });
                    }
                    return out;
                });
    }

    private static Object call(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** The statement's verb, table and (for an update) its first column. */
    private static String shortly(String sql) {
        String[] w = sql.split("[\\s(]+");
        String verb = w[0].toUpperCase(Locale.ROOT);
        return switch (verb) {
            case "INSERT" -> "INSERT " + w[2];
            case "UPDATE" -> "UPDATE " + w[1] + " SET " + w[3];
            case "DELETE" -> "DELETE " + w[2];
            default -> sql;
        };
    }

    @Test
    void a_message_the_agents_reply_and_its_acknowledgement_are_two_inserts_and_one_update() throws Exception {
        String url = "jdbc:h2:mem:round-trip-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        JdbcChatStore.migrate(url, null, null);
        DeskConfig config = DeskConfigLoader.parse(TestDesks.YAML, "test").withDataDir(Path.of("unused"));
        RecordingOutbox outbox = new RecordingOutbox();
        AtomicInteger ids = new AtomicInteger();
        try (JdbcChatStore store =
                JdbcChatStore.on(recording(DriverManager.getConnection(url)), url, null, null, 1, null)) {
            HelpDesk desk = new HelpDesk(
                    config,
                    store,
                    new MutableClock(Instant.parse("2026-01-05T08:00:00Z")),
                    outbox,
                    () -> "chat-" + ids.incrementAndGet());
            desk.agentConnected("ann", view -> {});
            String chat = desk.openChat(new OpenChat("c1", "bot-1", "sales", "en", null, true), id -> {})
                    .chatId();
            desk.userReady(chat);
            roundTrip(desk, outbox, store, chat, 1); // the first reply also stores the chat's first response
            statements.clear();

            roundTrip(desk, outbox, store, chat, 2);

            assertThat(statements)
                    .containsExactly(
                            "INSERT desk_messages", // the user's message (appendFromClient)
                            "INSERT desk_messages", // the agent's reply (append)
                            "UPDATE desk_chats SET to_user_acked"); // the bot's acknowledgement
        }
    }

    private static void roundTrip(HelpDesk desk, RecordingOutbox outbox, JdbcChatStore store, String chat, int n)
            throws Exception {
        desk.userMessage(chat, "u" + n, "hello " + n).durable().join();
        int id = desk.reply("ann", chat, "answer " + n).join().seq(); // the to_user's id
        long deadline = System.nanoTime() + 10_000_000_000L;
        Runnable ack;
        while ((ack = outbox.acks.get(chat + "#" + id)) == null && System.nanoTime() < deadline) Thread.sleep(5);
        assertThat(ack).as("to_user " + id + " sent").isNotNull();
        ack.run();
        while (store.toUserAcknowledged(chat) < id && System.nanoTime() < deadline) Thread.sleep(5);
        assertThat(store.toUserAcknowledged(chat)).isEqualTo(id);
    }
}
