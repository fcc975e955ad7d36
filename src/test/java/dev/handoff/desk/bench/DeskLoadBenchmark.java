package dev.handoff.desk.bench;

import dev.handoff.desk.config.DeskConfig;
import dev.handoff.desk.server.DeskService;
import dev.handoff.desk.support.DeskConfigs;
import dev.handoff.desk.support.LoadScenario;
import dev.handoff.desk.support.TestDesks;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Not a test: N concurrent conversations (default 500) through one desk with an H2 file database (or
 * PostgreSQL, in a schema made and dropped per round, when a JDBC URL is given), the
 * bots and agents in the same JVM on loopback. Prints connect time (connect until the desk asks for the
 * history), round trip (user message until the agent's echo reaches the bot), threads and heap.
 *
 * <pre>
 * mvn -q -o test-compile
 * java -cp "target/classes:target/test-classes:$(cat cp.txt)" dev.handoff.desk.bench.DeskLoadBenchmark [N] [rounds] [POSTGRES_JDBC_URL]
 * </pre>
 * (cp.txt from {@code mvn -q -o dependency:build-classpath -Dmdep.outputFile=cp.txt}).
 */
public final class DeskLoadBenchmark {
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        String postgres = args.length > 2 ? args[2] : null;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.out.printf(
                "desk load: %d concurrent conversations, 4 agents, %s, %d round(s), %d cores, Java %s%n",
                n,
                postgres == null ? "H2 file database" : "PostgreSQL",
                rounds,
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));
        for (int round = 1; round <= rounds; round++) {
            Path data = Files.createTempDirectory("desk-bench");
            DeskConfig config = DeskConfigs.withAgents(TestDesks.config(data), LoadScenario.agents(4, n));
            String schema = "desk_bench_" + System.nanoTime();
            if (postgres != null) {
                try (var c = java.sql.DriverManager.getConnection(postgres);
                        var st = c.createStatement()) {
                    st.execute("CREATE SCHEMA " + schema);
                }
                config = config.withDb(postgres + (postgres.contains("?") ? "&" : "?") + "currentSchema=" + schema);
            }
            DeskService desk = TestDesks.start(config);
            try {
                LoadScenario.Result r = LoadScenario.run(TestDesks.url(config), n, 4, 300, 300);
                long deskThreads = Thread.getAllStackTraces().keySet().stream()
                        .filter(t -> t.getName().startsWith("desk-"))
                        .count();
                System.gc();
                print(
                        round,
                        r,
                        threads.getPeakThreadCount(),
                        threads.getThreadCount(),
                        memory.getHeapMemoryUsage().getUsed());
                System.out.printf(
                        "  desk threads (desk-accept, desk-io, desk-timers): %d; the rest are the 500 test clients' (OkHttp)%n",
                        deskThreads);
                threads.resetPeakThreadCount();
            } finally {
                desk.stop();
                if (postgres != null) {
                    try (var c = java.sql.DriverManager.getConnection(postgres);
                            var st = c.createStatement()) {
                        st.execute("DROP SCHEMA " + schema + " CASCADE");
                    }
                }
            }
        }
        System.exit(0);
    }

    static void print(int round, LoadScenario.Result r, int peakThreads, int threadsAfter, long heapAfterGc) {
        System.out.printf(
                "round %d: wall %d ms for %d conversations (%d right echoes, %d wrong, %d disconnect_socket)%n",
                round, r.wallMillis(), r.conversations(), r.rightEchoes(), r.wrongEchoes(), r.disconnects());
        System.out.printf(
                "  connect  (connect -> messages)  p50 %s  p90 %s  p99 %s  max %s%n",
                ms(r.connectNanos(), 50),
                ms(r.connectNanos(), 90),
                ms(r.connectNanos(), 99),
                ms(r.connectNanos(), 100));
        System.out.printf(
                "  burst round trip (from_user -> to_user) p50 %s  p90 %s  p99 %s  max %s%n",
                ms(r.roundTripNanos(), 50),
                ms(r.roundTripNanos(), 90),
                ms(r.roundTripNanos(), 99),
                ms(r.roundTripNanos(), 100));
        System.out.printf(
                "  steady round trip, %d sequential pings with all %d chats open: p50 %s  p90 %s  p99 %s  max %s%n",
                r.steadyNanos().size(),
                r.conversations(),
                ms(r.steadyNanos(), 50),
                ms(r.steadyNanos(), 90),
                ms(r.steadyNanos(), 99),
                ms(r.steadyNanos(), 100));
        System.out.printf(
                "  threads peak %d (after %d); heap used after GC %d MiB%n",
                peakThreads, threadsAfter, heapAfterGc >> 20);
    }

    static String ms(List<Long> nanos, double p) {
        return String.format("%.1f ms", LoadScenario.percentile(nanos, p) / 1e6);
    }
}
