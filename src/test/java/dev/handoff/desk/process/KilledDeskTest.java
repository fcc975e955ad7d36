package dev.handoff.desk.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.desk.api.AgentEvents;
import dev.handoff.desk.support.Sockets;
import dev.handoff.desk.support.TestAgent;
import dev.handoff.desk.support.TestBot;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The default desk (H2 under {@code --data}) run as a process of its own, written to over real sockets
 * and stopped mid-chat, round after round. {@code -Dkill.rounds=N} runs more rounds, {@code -Dkill.db=URL}
 * another database (both for measuring; the numbers are printed).
 */
class KilledDeskTest {
    private static final int BOTS = 3;

    @TempDir
    Path data;

    /** Per round: the chats by conversation, the messages the agent received, the committed ones. */
    private final Map<String, String> chats = new ConcurrentHashMap<>();

    private final Set<String> received = ConcurrentHashMap.newKeySet();
    private final Set<String> committed = new HashSet<>();

    /** Conversation ids of this run: a database kept from another run (-Dkill.db) has its own. */
    private final String run = Long.toString(System.nanoTime(), 36);

    @Test
    void aDeskKilledWithSigkillLosesNoCommittedMessageAndResumesEveryOpenChat() throws Exception {
        Totals t = rounds(true);
        assertThat(t.lostCommitted).as("committed messages lost after kill -9").isZero();
        assertThat(t.lostChats).as("open chats not resumed").isZero();
        assertThat(t.committed).isPositive();
    }

    @Test
    void aDeskStoppedWithSigtermStoresEveryMessageTheAgentReceived() throws Exception {
        Totals t = rounds(false);
        assertThat(t.lostReceived).as("delivered messages lost after SIGTERM").isZero();
        assertThat(t.lostCommitted).isZero();
        assertThat(t.lostChats).as("open chats not resumed").isZero();
    }

    private static final class Totals {
        int rounds;
        int received;
        int committed;
        int lostReceived;
        int lostCommitted;
        int lostChats;
    }

    private Totals rounds(boolean kill) throws Exception {
        int rounds = Integer.getInteger("kill.rounds", 3);
        String[] db = System.getProperty("kill.db") == null
                ? new String[0]
                : new String[] {System.getProperty("kill.db").replace("DATA", data.toString())};
        int port = Sockets.freePort();
        String url = "http://127.0.0.1:" + port;
        Path log = Path.of("target", "desk-process-" + (kill ? "kill" : "term") + ".log");
        Totals totals = new Totals();
        for (int round = 0; round <= rounds; round++) {
            DeskChild desk = DeskChild.start(port, data.resolve("data"), log, db);
            try (TestAgent ann = TestAgent.connect(url, "ann", "ann-token")) {
                ann.events.await(AgentEvents.SIGNED_IN);
                JSONObject queue = (JSONObject) ann.events.await(AgentEvents.QUEUE);
                Set<String> resumed = new HashSet<>();
                JSONArray mine = queue.optJSONArray("mine");
                for (int i = 0; i < mine.length(); i++)
                    resumed.add(mine.optJSONObject(i).optString("chatId"));
                totals.lostChats += (int) chats.values().stream()
                        .filter(c -> !resumed.contains(c))
                        .count();
                if (round > 0) check(ann, resumed, totals);
                chats.values().retainAll(resumed);
                if (round == rounds) {
                    assertThat(desk.terminate()).isTrue();
                    break;
                }
                received.clear();
                committed.clear();
                chat(ann, url, round, desk, kill);
            }
        }
        totals.rounds = rounds;
        System.out.printf(
                "%s: rounds %d, messages the agent received %d, committed %d, lost: received %d, committed %d,"
                        + " open chats not resumed %d%n",
                kill ? "kill -9" : "SIGTERM",
                totals.rounds,
                totals.received,
                totals.committed,
                totals.lostReceived,
                totals.lostCommitted,
                totals.lostChats);
        return totals;
    }

    /** Bots write as fast as they can while the agent receives; the desk is stopped in the middle. */
    private void chat(TestAgent ann, String url, int round, DeskChild desk, boolean kill) throws Exception {
        Map<String, String> conversations = new ConcurrentHashMap<>();
        ann.on(AgentEvents.ASSIGNED, v -> {
            JSONObject chat = ((JSONObject) v).optJSONObject("chat");
            conversations.put(chat.optString("conversationId"), chat.optString("chatId"));
        });
        ann.on(AgentEvents.MESSAGE, v -> {
            JSONObject m = (JSONObject) v;
            if (m.optString("sender").equals("user"))
                received.add(m.optString("chatId") + " " + m.optInt("seq") + " " + m.optString("text"));
        });
        AtomicBoolean go = new AtomicBoolean(true);
        List<TestBot> bots = new ArrayList<>();
        List<Thread> writers = new ArrayList<>();
        for (int b = 0; b < BOTS; b++) {
            String conv = run + "-r" + round + "-b" + b;
            TestBot bot = TestBot.connect(url, conv, Map.of("department", "sales"), List.of());
            bots.add(bot);
            Thread writer = new Thread(() -> {
                long deadline = System.nanoTime() + 30_000_000_000L;
                while (!conversations.containsKey(conv) && System.nanoTime() < deadline) pause(5);
                for (int i = 0; go.get(); i++) {
                    bot.say(conv + "-m" + i);
                    pause(2);
                }
            });
            writer.start();
            writers.add(writer);
        }
        long until = System.nanoTime() + 30_000_000_000L;
        while (conversations.size() < BOTS && System.nanoTime() < until) pause(10);
        assertThat(conversations).hasSize(BOTS);
        chats.putAll(conversations);
        pause(300 + ThreadLocalRandom.current().nextInt(700));
        if (kill) desk.kill();
        else assertThat(desk.terminate()).as("the desk stops on SIGTERM").isTrue();
        go.set(false);
        for (Thread w : writers) w.join();
        for (TestBot bot : bots) bot.close();
        committed.addAll(desk.committed());
    }

    /** After a restart: every message the agent received, and every one committed, is stored. */
    private void check(TestAgent ann, Set<String> resumed, Totals totals) {
        Map<String, Set<String>> stored = new LinkedHashMap<>();
        for (String chatId : Set.copyOf(chats.values())) {
            if (!resumed.contains(chatId)) continue;
            ann.emit(AgentEvents.GET_CHAT, "chatId", chatId);
            JSONArray messages = ((JSONObject) ann.events.await(
                            AgentEvents.CHAT, v -> TestAgent.chatIdOf(v).equals(chatId)))
                    .optJSONArray("messages");
            Set<String> keys = new HashSet<>();
            for (int i = 0; i < messages.length(); i++) {
                JSONObject m = messages.optJSONObject(i);
                keys.add(chatId + " " + m.optInt("seq") + " " + m.optString("text"));
                keys.add(chatId + " " + m.optInt("seq"));
            }
            stored.put(chatId, keys);
        }
        Set<String> all = new HashSet<>();
        stored.values().forEach(all::addAll);
        totals.received += received.size();
        totals.committed += committed.size();
        totals.lostReceived +=
                (int) received.stream().filter(k -> !all.contains(k)).count();
        totals.lostCommitted +=
                (int) committed.stream().filter(k -> !all.contains(k)).count();
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
