package dev.handoff.desk.bench;

import dev.handoff.desk.api.AgentEvent;
import dev.handoff.desk.config.DeskConfig;
import dev.handoff.desk.config.DeskConfigLoader;
import dev.handoff.desk.core.DeskOutbox;
import dev.handoff.desk.core.HelpDesk;
import dev.handoff.desk.core.OpenChat;
import dev.handoff.desk.store.InMemoryChatStore;
import dev.handoff.desk.support.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Not a test: the cost of the desk's state machine alone ({@code HelpDesk}, no sockets, a store in memory) with many
 * open chats: one queue change (an agent resolves a chat and the desk assigns the next waiting one), one chat opened,
 * one message each way, one timer tick. Every chat accepted the notices addition, so a queue change tells the chats
 * whose place changed.
 *
 * <pre>
 * java -cp "$CP" dev.handoff.desk.bench.DeskCoreBenchmark [chats] [agents] [operations] [rounds]
 * </pre>
 *
 * Defaults: 20,000 chats, 200 agents (5 chats each, two departments), 2,000 operations of each kind, 3 rounds. The
 * clock is moved by hand, 1 ms per operation.
 */
public final class DeskCoreBenchmark {
    public static void main(String[] args) {
        int chats = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int agents = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int operations = args.length > 2 ? Integer.parseInt(args[2]) : 2_000;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        System.out.printf(
                "desk core: %,d open chats, %d agents (5 chats each), %,d operations per kind, %d cores, Java %s%n",
                chats,
                agents,
                operations,
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));
        for (int round = 1; round <= rounds; round++) round(round, chats, agents, operations);
    }

    private static void round(int round, int chats, int agents, int operations) {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-05T08:00:00Z"));
        Outbox outbox = new Outbox();
        AtomicInteger ids = new AtomicInteger();
        HelpDesk desk = new HelpDesk(
                config(agents), new InMemoryChatStore(), clock, outbox, () -> "chat-" + ids.incrementAndGet());
        long t0 = System.nanoTime();
        for (int a = 0; a < agents; a++) desk.agentConnected(agent(a), view -> {});
        for (int c = 0; c < chats; c++) open(desk, c);
        double setupSeconds = (System.nanoTime() - t0) / 1e9;
        clock.advance(Duration.ofSeconds(2));

        long[] change = new long[operations];
        for (int i = 0; i < operations; i++) {
            String agent = agent(i % agents);
            String chatId = outbox.assigned.get(agent).poll();
            clock.advance(Duration.ofMillis(1));
            long start = System.nanoTime();
            desk.resolve(agent, chatId);
            change[i] = System.nanoTime() - start;
        }
        long[] opened = new long[operations];
        for (int i = 0; i < operations; i++) {
            clock.advance(Duration.ofMillis(1));
            long start = System.nanoTime();
            open(desk, chats + round * operations + i);
            opened[i] = System.nanoTime() - start;
        }
        long[] message = new long[operations];
        for (int i = 0; i < operations; i++) {
            String agent = agent(i % agents);
            String chatId = outbox.assigned.get(agent).peek();
            clock.advance(Duration.ofMillis(1));
            long start = System.nanoTime();
            desk.userMessage(chatId, "m" + i, "hello " + i);
            desk.reply(agent, chatId, "hi " + i).join();
            message[i] = System.nanoTime() - start;
        }
        int ticks = Math.min(operations, 200);
        long[] tick = new long[ticks];
        for (int i = 0; i < ticks; i++) {
            clock.advance(Duration.ofMillis(100));
            long start = System.nanoTime();
            desk.tick();
            tick[i] = System.nanoTime() - start;
        }
        System.out.printf(
                "round %d: setup %.1f s; %s%n  queue change (resolve + assign next): %s%n  chat opened: %s%n"
                        + "  message (user + agent reply): %s%n  tick: %s%n  notices sent %,d%n",
                round,
                setupSeconds,
                desk.counts(),
                micros(change),
                micros(opened),
                micros(message),
                micros(tick),
                outbox.notices.get());
    }

    private static void open(HelpDesk desk, int c) {
        desk.openChat(
                new OpenChat(
                        "conv-" + c, "bot-1", c % 2 == 0 ? "sales" : "support", "en", null, false, false, null, true),
                chatId -> {});
    }

    private static String agent(int a) {
        return "agent" + a;
    }

    private static DeskConfig config(int agents) {
        StringBuilder yaml = new StringBuilder(
                """
                host: 127.0.0.1
                departments: [sales, support]
                autoAssign: true
                maxMessageSize: 4000
                sla: 2m
                idleArchive: 24h
                disconnectGrace: 30s
                tick: 1s
                autoReply:
                  every: 60s
                  texts:
                    en: "Please wait, an agent will be with you soon."
                agents:
                """);
        for (int a = 0; a < agents; a++) {
            yaml.append("  - {name: ")
                    .append(agent(a))
                    .append(", token: t")
                    .append(a)
                    .append(", departments: [")
                    .append(a % 2 == 0 ? "sales" : "support")
                    .append("], maxChats: 5, language: en}\n");
        }
        return DeskConfigLoader.parse(yaml.toString(), "bench").withDataDir(Path.of("unused"));
    }

    private static String micros(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        double mean = Arrays.stream(sorted).average().orElse(0) / 1e3;
        return String.format(
                "mean %.1f µs, p50 %.1f µs, p99 %.1f µs, max %.1f µs",
                mean,
                sorted[sorted.length / 2] / 1e3,
                sorted[(int) (sorted.length * 0.99)] / 1e3,
                sorted[sorted.length - 1] / 1e3);
    }

    /** Keeps only which chats each agent was given, and counts the notices. */
    private static final class Outbox implements DeskOutbox {
        final Map<String, ArrayDeque<String>> assigned = new HashMap<>();
        final AtomicLong notices = new AtomicLong();

        @Override
        public void toUser(String chatId, int id, String text, Runnable acknowledged) {}

        @Override
        public void agentStatus(String chatId, String status) {}

        @Override
        public void queuePosition(String chatId, int position, String department) {
            notices.incrementAndGet();
        }

        @Override
        public void agentJoined(String chatId, String agent, String language) {
            notices.incrementAndGet();
        }

        @Override
        public void endUserChat(String chatId) {}

        @Override
        public void toAgent(String agent, AgentEvent event) {
            if (event instanceof AgentEvent.Assigned a)
                assigned.computeIfAbsent(agent, k -> new ArrayDeque<>())
                        .add(a.chat().chat().chatId());
        }
    }
}
