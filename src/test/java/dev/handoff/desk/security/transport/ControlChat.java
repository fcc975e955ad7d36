package dev.handoff.desk.security.transport;

import dev.handoff.desk.api.AgentEvents;
import dev.handoff.desk.support.TestAgent;
import dev.handoff.desk.support.TestBot;
import dev.handoff.protocol.LiveAgentEvents;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.json.JSONObject;

/**
 * A live chat that must not notice an attack: agent ann and a bot, exchanging numbered messages both
 * ways at a steady pace while the test does its worst, then counting what arrived and how late.
 */
final class ControlChat implements AutoCloseable {
    final TestAgent agent;
    final TestBot bot;
    final String chatId;
    private final Map<String, Long> sent = new ConcurrentHashMap<>();
    private final Map<String, Long> arrived = new ConcurrentHashMap<>();
    private volatile Thread sender;

    /** What the exchange delivered: messages lost each way and the slowest one's latency. */
    record Result(int sentEachWay, int lostToAgent, int lostToUser, Duration slowest) {}

    private ControlChat(TestAgent agent, TestBot bot, String chatId) {
        this.agent = agent;
        this.bot = bot;
        this.chatId = chatId;
        agent.on(AgentEvents.MESSAGE, m -> {
            JSONObject message = (JSONObject) m;
            if (message.optString("sender").equals("user")) arrived.put(message.optString("text"), System.nanoTime());
        });
        bot.on(LiveAgentEvents.TO_USER, m -> arrived.put(((JSONObject) m).optString("message"), System.nanoTime()));
    }

    /** Agent {@code ann} (department sales) and a bot whose chat is assigned to her. */
    static ControlChat open(String url) {
        TestAgent agent = TestAgent.signIn(url, "ann", "ann-token");
        TestBot bot = TestBot.connect(url, "control", Map.of("department", "sales"), List.<String[]>of());
        String chatId = agent.nextAssigned();
        bot.events.await(LiveAgentEvents.MESSAGES);
        return new ControlChat(agent, bot, chatId);
    }

    /** Starts sending {@code n} messages each way, one pair every {@code spacing}, on a thread of its own. */
    void start(int n, Duration spacing) {
        Thread t = new Thread(
                () -> {
                    for (int i = 0; i < n; i++) {
                        String toAgent = "u" + i;
                        String toUser = "a" + i;
                        sent.put(toAgent, System.nanoTime());
                        bot.say(toAgent);
                        sent.put(toUser, System.nanoTime());
                        agent.emit(AgentEvents.SEND, "chatId", chatId, "text", toUser);
                        try {
                            Thread.sleep(spacing.toMillis());
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                },
                "control-chat");
        t.setDaemon(true);
        sender = t;
        t.start();
    }

    /** Waits (up to {@code patience} after the last was sent) for every message, and says what arrived. */
    Result finish(Duration patience) throws InterruptedException {
        sender.join();
        long deadline = System.nanoTime() + patience.toNanos();
        while (!arrived.keySet().containsAll(sent.keySet()) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        int lostToAgent = 0;
        int lostToUser = 0;
        long slowest = 0;
        for (Map.Entry<String, Long> e : sent.entrySet()) {
            Long at = arrived.get(e.getKey());
            if (at == null) {
                if (e.getKey().startsWith("u")) lostToAgent++;
                else lostToUser++;
            } else {
                slowest = Math.max(slowest, at - e.getValue());
            }
        }
        return new Result(sent.size() / 2, lostToAgent, lostToUser, Duration.ofNanos(slowest));
    }

    @Override
    public void close() {
        bot.close();
        agent.close();
    }
}
