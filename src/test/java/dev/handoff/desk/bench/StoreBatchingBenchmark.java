package dev.handoff.desk.bench;

import dev.handoff.desk.config.DeskConfig;
import dev.handoff.desk.store.ChatStore;
import dev.handoff.desk.store.JdbcChatStore;
import dev.handoff.desk.store.StoredMessage;
import dev.handoff.desk.store.WriteBehindChatStore;
import dev.handoff.desk.support.LocalPostgres;
import dev.handoff.desk.support.StoredChats;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Not a test: the desk's write path alone, {@code WriteBehindChatStore} over {@code JdbcChatStore}, with a round
 * trip's writes (the user's message, the agent's reply, the bot's acknowledgement: {@code RoundTripStatementsTest})
 * issued as fast as the queue takes them, per-write (one statement, one round trip each, inside the group commit:
 * {@code -Ddev.handoff.desk.store.batchStatements=false}, as before statement batching) and batched, on an H2 file
 * database ({@code WRITE_DELAY=0}, as the desk's) and on the local PostgreSQL, rounds interleaved.
 *
 * <pre>
 * java -cp "$CP" dev.handoff.desk.bench.StoreBatchingBenchmark [round trips] [chats] [rounds] [h2|postgres|both]
 * </pre>
 *
 * Defaults: 10,000 round trips (20,000 messages and 10,000 acknowledgements) over 200 chats, 2 rounds, both
 * databases; the queue holds the desk's default {@code dbMaxPendingWrites}. Prints writes/s (until every write is
 * durable), the commits' latency p50/p99 (one group commit each) and the writes per commit.
 */
public final class StoreBatchingBenchmark {
    private static final Instant NOW = Instant.parse("2026-01-05T08:00:00Z");

    public static void main(String[] args) throws Exception {
        int trips = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int chats = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        String which = args.length > 3 ? args[3] : "both";
        System.out.printf(
                "store batching: %,d round trips (%,d writes) over %d chats, queue %,d, %d cores, Java %s%n",
                trips,
                3 * trips,
                chats,
                DeskConfig.DEFAULT_MAX_PENDING_WRITES,
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));
        List<String> databases = which.equals("both") ? List.of("h2", "postgres") : List.of(which);
        for (int round = 1; round <= rounds; round++) {
            for (String database : databases) {
                for (boolean batched : new boolean[] {false, true}) run(round, database, batched, trips, chats);
            }
        }
    }

    private static void run(int round, String database, boolean batched, int trips, int chats) throws Exception {
        System.setProperty(JdbcChatStore.BATCH_STATEMENTS_PROPERTY, Boolean.toString(batched));
        Path dir = null;
        LocalPostgres.Schema schema = null;
        String url;
        if (database.equals("h2")) {
            dir = Files.createTempDirectory("store-batching");
            url = "jdbc:h2:file:" + dir.resolve("desk") + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";
        } else {
            schema = LocalPostgres.freshSchema();
            url = schema.url();
        }
        List<Long> commits = Collections.synchronizedList(new ArrayList<>());
        JdbcChatStore jdbc = JdbcChatStore.open(url, null, null, 1);
        ChatStore timed = (ChatStore) Proxy.newProxyInstance(
                ChatStore.class.getClassLoader(), new Class<?>[] {ChatStore.class}, (proxy, method, a) -> {
                    long start = System.nanoTime();
                    try {
                        return method.invoke(jdbc, a);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    } finally {
                        if (method.getName().equals("batch")) commits.add(System.nanoTime() - start);
                    }
                });
        try (WriteBehindChatStore store =
                new WriteBehindChatStore(timed, DeskConfig.DEFAULT_MAX_PENDING_WRITES, Duration.ofSeconds(60))) {
            for (int c = 0; c < chats; c++) store.create(StoredChats.assigned("c" + c, NOW));
            store.durable().join();
            commits.clear();
            long[] before = store.groupCommits();
            int[] seq = new int[chats];
            long start = System.nanoTime();
            for (int i = 0; i < trips; i++) {
                int c = i % chats;
                String chat = "c" + c;
                int user = ++seq[c];
                store.appendFromClient(
                        new StoredMessage(chat, user, false, "user", null, "hello " + i, "en", null, NOW), "u" + i);
                int agent = ++seq[c];
                store.append(new StoredMessage(chat, agent, false, "agent", "ann", "answer " + i, "en", null, NOW));
                store.acknowledgeToUser(chat, agent);
            }
            store.durable().join();
            double seconds = (System.nanoTime() - start) / 1e9;
            long[] after = store.groupCommits();
            List<Long> sorted;
            synchronized (commits) {
                sorted = new ArrayList<>(commits);
            }
            Collections.sort(sorted);
            long batches = after[0] - before[0];
            long inBatches = after[1] - before[1];
            System.out.printf(
                    "round %d %-8s %-9s %,9.0f writes/s  %,7.0f round trips/s  commit p50 %6.2f ms p99 %7.2f ms"
                            + "  %,6d commits, %5.1f writes per group commit%n",
                    round,
                    database,
                    batched ? "batched" : "per-write",
                    3 * trips / seconds,
                    trips / seconds,
                    percentile(sorted, 50) / 1e6,
                    percentile(sorted, 99) / 1e6,
                    sorted.size(),
                    batches == 0 ? 0.0 : (double) inBatches / batches);
        } finally {
            if (schema != null) schema.close();
            if (dir != null) deleteTree(dir);
        }
    }

    private static long percentile(List<Long> sorted, int p) {
        if (sorted.isEmpty()) return 0;
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Collections.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
