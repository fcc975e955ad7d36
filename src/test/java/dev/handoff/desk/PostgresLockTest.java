package dev.handoff.desk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.desk.api.AgentEvents;
import dev.handoff.desk.config.DeskConfig;
import dev.handoff.desk.config.DeskConfigLoader;
import dev.handoff.desk.server.DeskService;
import dev.handoff.desk.support.LocalPostgres;
import dev.handoff.desk.support.Sockets;
import dev.handoff.desk.support.TestAgent;
import dev.handoff.desk.support.TestBot;
import dev.handoff.desk.support.TestDesks;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A locked table on PostgreSQL delays only the writes waiting for it; the desk goes on. */
class PostgresLockTest {
    @TempDir
    Path data;

    String schema;

    @BeforeEach
    void createSchema() throws Exception {
        schema = "desk_lock_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(LocalPostgres.SERVER);
                Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
    }

    @AfterEach
    void dropSchema() throws Exception {
        try (Connection c = DriverManager.getConnection(LocalPostgres.SERVER);
                Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    String url() {
        return LocalPostgres.SERVER + "&currentSchema=" + schema;
    }

    DeskConfig config(String extra) {
        return DeskConfigLoader.parse(TestDesks.YAML + extra, "test desk")
                .withDataDir(data)
                .withPort(Sockets.freePort())
                .withDb(url());
    }

    /** Holds {@code LOCK TABLE desk_messages IN ACCESS EXCLUSIVE MODE} until closed. */
    private Connection lockMessages() throws Exception {
        Connection lock = DriverManager.getConnection(url());
        lock.setAutoCommit(false);
        try (Statement s = lock.createStatement()) {
            s.execute("LOCK TABLE " + schema + ".desk_messages IN ACCESS EXCLUSIVE MODE");
        }
        return lock;
    }

    @Test
    void whileTheMessagesTableIsLockedOtherChatsSignInsAndTheQueueGoOnAndTheBlockedWritesLandInOrder()
            throws Exception {
        DeskConfig config = config("");
        String url = TestDesks.url(config);
        DeskService desk = TestDesks.start(config);
        try (TestAgent ann = TestAgent.signIn(url, "ann", "ann-token");
                TestBot first = TestBot.connect(url, "conv-blocked", Map.of("department", "sales"), List.of())) {
            String blocked = ann.nextAssigned();
            long lockedAt;
            try (Connection lock = lockMessages()) {
                lockedAt = System.nanoTime();
                for (String text : List.of("one", "two", "three")) first.say(text);
                try (TestBot second = TestBot.connect(
                                url, "conv-free", Map.of("department", "sales"), List.<String[]>of(new String[] {
                                    "user", "hi"
                                }));
                        TestAgent bob = TestAgent.connect(url, "bob", "bob-token")) {
                    String free = ann.nextAssigned();
                    second.say("are you there?");
                    ann.emit(AgentEvents.SEND, "chatId", free, "text", "yes");
                    bob.events.await(AgentEvents.SIGNED_IN);
                    bob.events.await(AgentEvents.QUEUE);
                    long heldMillis = (System.nanoTime() - lockedAt) / 1_000_000;
                    System.out.printf(
                            "with desk_messages locked: a second chat opened and assigned, an agent signed in with"
                                    + " its queue, in %d ms%n",
                            heldMillis);
                    assertThat(heldMillis)
                            .as("all of it happened while the table was locked")
                            .isLessThan(3_000);
                    // messages are shown once durable: none of them yet, none lost
                    assertThat(ann.events.all(AgentEvents.MESSAGE)).isEmpty();
                    Thread.sleep(3_000 - heldMillis);
                    lock.commit();
                    for (String text : List.of("one", "two", "three", "are you there?", "yes")) {
                        ann.events.await(
                                AgentEvents.MESSAGE,
                                m -> ((JSONObject) m).optString("text").equals(text));
                    }
                    assertThat(second.nextToUser()).isEqualTo("yes");
                }
            }
            desk.desk(); // the desk is still running
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (texts(blocked).size() < 3 && System.nanoTime() < deadline) Thread.sleep(20);
            assertThat(texts(blocked)).containsExactly("one", "two", "three");
        } finally {
            desk.stop();
        }
    }

    @Test
    void whenTooManyWritesWaitForTheDatabaseTheDeskRefusesWithBusyAndLosesNothingItTook() throws Exception {
        DeskConfig config = config("dbMaxPendingWrites: 3\n");
        String url = TestDesks.url(config);
        DeskService desk = TestDesks.start(config);
        try (TestAgent ann = TestAgent.signIn(url, "ann", "ann-token");
                TestBot bot = TestBot.connect(
                        url, "conv-busy", Map.of("department", "sales"), List.<String[]>of(new String[] {"user", "hi"
                        }))) {
            String chatId = ann.nextAssigned();
            long stored = System.nanoTime() + 10_000_000_000L;
            while (count("SELECT count(*) FROM desk_messages WHERE history AND chat_id = ?", chatId) == 0
                    && System.nanoTime() < stored) Thread.sleep(20); // the history is written: nothing waits
            // the first reply also stores the chat's first-response fact (a second write): out of the way first
            ann.emit(AgentEvents.SEND, "chatId", chatId, "text", "hello");
            ann.events.await(
                    AgentEvents.MESSAGE, m -> ((JSONObject) m).optString("text").equals("hello"));
            assertThat(bot.nextToUser()).isEqualTo("hello");
            try (Connection lock = lockMessages()) {
                List<String> sent = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    String text = "reply " + i;
                    ann.emit(AgentEvents.SEND, "chatId", chatId, "text", text);
                    sent.add(text);
                }
                ann.emit(AgentEvents.SEND, "chatId", chatId, "text", "one too many");
                JSONObject error = (JSONObject) ann.events.await(AgentEvents.ERROR);
                assertThat(error.optString("code")).isEqualTo("busy");
                assertThat(error.optString("message")).contains("3 writes are waiting");
                lock.commit();
                for (String text : sent) {
                    ann.events.await(
                            AgentEvents.MESSAGE,
                            m -> ((JSONObject) m).optString("text").equals(text));
                }
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (texts(chatId).size() < 4 && System.nanoTime() < deadline) Thread.sleep(20);
                assertThat(texts(chatId)).containsExactlyElementsOf(concat("hello", sent));
                for (String text : sent) assertThat(bot.nextToUser()).isEqualTo(text);
            }
            ann.emit(AgentEvents.SEND, "chatId", chatId, "text", "back to normal");
            ann.events.await(
                    AgentEvents.MESSAGE, m -> ((JSONObject) m).optString("text").equals("back to normal"));
        } finally {
            desk.stop();
        }
    }

    private int count(String sql, String chatId) throws Exception {
        try (Connection c = DriverManager.getConnection(url());
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, chatId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** The texts stored for a chat, in order, read straight from the database. */
    private List<String> texts(String chatId) throws Exception {
        try (Connection c = DriverManager.getConnection(url());
                PreparedStatement ps = c.prepareStatement(
                        "SELECT text FROM desk_messages WHERE chat_id = ? AND NOT history ORDER BY seq")) {
            ps.setString(1, chatId);
            List<String> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(rs.getString(1));
            }
            return out;
        }
    }

    private static List<String> concat(String first, List<String> rest) {
        List<String> all = new ArrayList<>();
        all.add(first);
        all.addAll(rest);
        return all;
    }
}
