package dev.handoff.desk.support;

import dev.handoff.desk.api.AgentEvents;
import dev.handoff.desk.config.AgentConfig;
import dev.handoff.protocol.LiveAgentEvents;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.json.JSONObject;

/**
 * N conversations at once through one desk: every bot connects and hands off, says one message, the
 * (automatic) agent echoes it; optionally sequential pings while all are open; then every bot says
 * {@code bye}, the agent resolves, and the bot gets {@code disconnect_socket}. Used by the
 * load test (correctness) and the benchmark main (numbers).
 */
public final class LoadScenario {
    /**
     * {@code roundTripNanos}: the burst (every bot's first message at once); {@code steadyNanos}: sequential
     * round trips while all conversations are open.
     */
    public record Result(
            int conversations,
            long wallMillis,
            List<Long> connectNanos,
            List<Long> roundTripNanos,
            List<Long> steadyNanos,
            int rightEchoes,
            int wrongEchoes,
            int disconnects) {}

    /** Agents for the load: {@code count} agents serving every department, enough room for all chats. */
    public static List<AgentConfig> agents(int count, int conversations) {
        List<AgentConfig> agents = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            agents.add(new AgentConfig("load-" + i, "load-token-" + i, List.of(), conversations, "en"));
        }
        return agents;
    }

    public static Result run(String url, int conversations, int agentCount, long timeoutSeconds)
            throws InterruptedException {
        return run(url, conversations, agentCount, 0, timeoutSeconds);
    }

    /** As above, with {@code steadySamples} sequential round trips (bot i % N says "ping") once every conversation is open. */
    public static Result run(String url, int conversations, int agentCount, int steadySamples, long timeoutSeconds)
            throws InterruptedException {
        List<TestAgent> agents = new ArrayList<>();
        List<TestBot> bots = new ArrayList<>();
        try {
            for (int i = 0; i < agentCount; i++) {
                TestAgent agent = TestAgent.signIn(url, "load-" + i, "load-token-" + i);
                agent.on(AgentEvents.MESSAGE, data -> {
                    JSONObject m = (JSONObject) data;
                    if (!m.optString("sender").equals("user")) return;
                    String chatId = m.optString("chatId");
                    agent.emit(AgentEvents.SEND, "chatId", chatId, "text", "echo: " + m.optString("text"));
                    if (m.optString("text").equals("bye")) agent.emit(AgentEvents.RESOLVE, "chatId", chatId);
                });
                agents.add(agent);
            }
            CountDownLatch handedOff = new CountDownLatch(conversations);
            CountDownLatch echoed = new CountDownLatch(conversations);
            CountDownLatch ended = new CountDownLatch(conversations);
            List<Long> connect = Collections.synchronizedList(new ArrayList<>());
            List<Long> roundTrip = Collections.synchronizedList(new ArrayList<>());
            Map<Integer, Long> saidAt = new ConcurrentHashMap<>();
            AtomicInteger right = new AtomicInteger();
            AtomicInteger wrong = new AtomicInteger();
            java.util.concurrent.BlockingQueue<String> pings = new java.util.concurrent.LinkedBlockingQueue<>();
            long start = System.nanoTime();
            for (int i = 0; i < conversations; i++) {
                int n = i;
                long connectStart = System.nanoTime();
                TestBot bot = TestBot.raw(url, "load-conv-" + n);
                bot.on(
                        LiveAgentEvents.START_CONVERSATION,
                        d -> bot.emit(
                                LiveAgentEvents.USERNAME,
                                TestAgent.json("ConversationID", bot.conversationId, "BotID", "load-bot")));
                bot.on(LiveAgentEvents.MESSAGES, d -> {
                    connect.add(System.nanoTime() - connectStart);
                    bot.emit(
                            LiveAgentEvents.MESSAGES_TO_CLIENT,
                            TestAgent.json("messages", new org.json.JSONArray(), "bot_id", "load-bot"));
                    handedOff.countDown();
                    saidAt.put(n, System.nanoTime());
                    bot.say("hello " + n);
                });
                bot.on(LiveAgentEvents.TO_USER, d -> {
                    String text = ((JSONObject) d).optString("message");
                    if (text.equals("echo: hello " + n)) {
                        roundTrip.add(System.nanoTime() - saidAt.get(n));
                        right.incrementAndGet();
                        echoed.countDown();
                    } else if (text.startsWith("echo: ping " + n + " ")) {
                        pings.add(text);
                    } else if (!text.equals("echo: bye")) {
                        wrong.incrementAndGet();
                    }
                });
                bot.on(LiveAgentEvents.DISCONNECT_SOCKET, d -> {
                    bot.disconnect();
                    ended.countDown();
                });
                bot.open();
                bots.add(bot);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
            await(handedOff, deadline, "handed off");
            await(echoed, deadline, "echoed");
            List<Long> steady = new ArrayList<>();
            for (int k = 0; k < steadySamples; k++) {
                TestBot bot = bots.get(k % conversations);
                int n = k % conversations;
                long t0 = System.nanoTime();
                bot.say("ping " + n + " " + k);
                String echo = pings.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (echo == null) throw new AssertionError("no echo for ping " + k);
                if (!echo.equals("echo: ping " + n + " " + k)) wrong.incrementAndGet();
                steady.add(System.nanoTime() - t0);
            }
            bots.forEach(b -> b.say("bye"));
            await(ended, deadline, "ended with disconnect_socket");
            long wall = (System.nanoTime() - start) / 1_000_000;
            return new Result(
                    conversations,
                    wall,
                    List.copyOf(connect),
                    List.copyOf(roundTrip),
                    List.copyOf(steady),
                    right.get(),
                    wrong.get(),
                    conversations - (int) ended.getCount());
        } finally {
            bots.forEach(TestBot::close);
            agents.forEach(TestAgent::close);
        }
    }

    private static void await(CountDownLatch latch, long deadline, String what) throws InterruptedException {
        if (!latch.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
            throw new AssertionError(latch.getCount() + " conversation(s) not " + what + " in time");
        }
    }

    public static long percentile(List<Long> values, double p) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        if (sorted.isEmpty()) return 0;
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }
}
