package dev.handoff.desk.bench;

import dev.handoff.desk.config.DeskConfig;
import dev.handoff.desk.store.ChatStore;
import dev.handoff.desk.store.InMemoryChatStore;
import dev.handoff.desk.store.JdbcChatStore;
import dev.handoff.desk.store.StoredMessage;
import dev.handoff.desk.store.WriteBehindChatStore;
import dev.handoff.desk.support.LocalPostgres;
import dev.handoff.desk.support.StoredChats;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Not a test: what one durable write costs the desk, the floor under its round trip. The desk shows a user's message
 * to the agent only once it is durable, and sends an agent's message to the user only once it is durable (so a desk
 * killed in between never shows a message it then forgets, nor numbers two messages alike): a round trip user → agent
 * → user waits for two commits that a bare relay does not. Here each write goes alone through the desk's own store
 * ({@code WriteBehindChatStore} over {@code JdbcChatStore}) and is waited for ({@code durable()}) before the next:
 * the user's message (with its client id), then the agent's, on an H2 file database ({@code WRITE_DELAY=0}, as the
 * desk's), on the local PostgreSQL, and, as the baseline in the same run, on a store in memory (the hand-off to the
 * writer thread and back, no database).
 *
 * <pre>
 * java -cp "$CP" dev.handoff.desk.bench.DurableWriteBenchmark [chats] [round trips] [rounds] [memory,h2,postgres]
 * </pre>
 *
 * Defaults: 2,000 chats, 5,000 round trips measured after 2,000 unmeasured, 3 rounds, all three stores. Prints the
 * latency p50/p90/p99 of each write, and the floor a round trip pays over a bare relay: the p50 of the user's write
 * plus the agent's.
 */
public final class DurableWriteBenchmark {
    private static final Instant NOW = Instant.parse("2026-01-05T08:00:00Z");

    /** The latencies of one store, in nanoseconds, sorted: the user's writes, the agent's. */
    record Result(String store, long[] user, long[] agent, int stored) {
        static double percentile(long[] sorted, double p) {
            if (sorted.length == 0) return Double.NaN;
            return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p / 100 * sorted.length) - 1)] / 1e6;
        }

        /** The p50 of the user's write plus the agent's, in milliseconds. */
        double floorMillis() {
            return percentile(user, 50) + percentile(agent, 50);
        }
    }

    public static void main(String[] args) throws Exception {
        int chats = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
        int trips = args.length > 1 ? Integer.parseInt(args[1]) : 5_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        List<String> stores = List.of((args.length > 3 ? args[3] : "memory,h2,postgres").split(","));
        System.out.printf(
                "durable writes: %,d chats, %,d round trips after %,d unmeasured, %d rounds of %s; %d cores, Java %s%n",
                chats,
                trips,
                2_000,
                rounds,
                stores,
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));
        for (int round = 1; round <= rounds; round++) {
            for (String store : stores) print(round, measure(store, chats, 2_000, trips), System.out);
        }
        System.exit(0);
    }

    static void print(int round, Result r, PrintStream out) {
        out.printf(
                "round %d %-8s user's message p50 %.3f p90 %.3f p99 %.3f ms; agent's p50 %.3f p90 %.3f p99 %.3f ms;"
                        + " a round trip's floor %.3f ms%n",
                round,
                r.store(),
                Result.percentile(r.user(), 50),
                Result.percentile(r.user(), 90),
                Result.percentile(r.user(), 99),
                Result.percentile(r.agent(), 50),
                Result.percentile(r.agent(), 90),
                Result.percentile(r.agent(), 99),
                r.floorMillis());
    }

    /** {@code trips} round trips' writes over {@code chats}, after {@code unmeasured} more, each waited for. */
    static Result measure(String kind, int chats, int unmeasured, int trips) throws Exception {
        ChatStore delegate;
        LocalPostgres.Schema schema = null;
        switch (kind) {
            case "memory" -> delegate = new InMemoryChatStore();
            case "h2" -> {
                Path dir = Files.createTempDirectory("durable-writes");
                delegate = JdbcChatStore.open(
                        "jdbc:h2:file:" + dir.resolve("desk") + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0", null, null, 1);
            }
            case "postgres" -> {
                schema = LocalPostgres.freshSchema();
                delegate = JdbcChatStore.open(schema.url(), null, null, 1);
            }
            default -> throw new IllegalArgumentException("no store '" + kind + "': memory, h2 or postgres");
        }
        long[] user = new long[trips];
        long[] agent = new long[trips];
        int stored = 0;
        try (WriteBehindChatStore store =
                new WriteBehindChatStore(delegate, DeskConfig.DEFAULT_MAX_PENDING_WRITES, Duration.ofSeconds(60))) {
            for (int c = 0; c < chats; c++) store.create(StoredChats.assigned("c" + c, NOW));
            store.durable().join();
            int[] seq = new int[chats];
            Random random = new Random(1);
            for (int i = 0; i < unmeasured + trips; i++) {
                int c = random.nextInt(chats);
                String chat = "c" + c;
                long start = System.nanoTime();
                store.appendFromClient(
                        new StoredMessage(chat, ++seq[c], false, "user", null, "m " + i, "en", null, NOW), "u" + i);
                store.durable().join();
                long userDone = System.nanoTime();
                store.append(new StoredMessage(chat, ++seq[c], false, "agent", "ann", "echo: m " + i, "en", null, NOW));
                store.durable().join();
                long agentDone = System.nanoTime();
                if (i >= unmeasured) {
                    user[i - unmeasured] = userDone - start;
                    agent[i - unmeasured] = agentDone - userDone;
                }
            }
            for (int c = 0; c < chats; c++) stored += store.messages("c" + c).size();
        } finally {
            if (schema != null) schema.close();
        }
        Arrays.sort(user);
        Arrays.sort(agent);
        return new Result(kind, user, agent, stored);
    }
}
