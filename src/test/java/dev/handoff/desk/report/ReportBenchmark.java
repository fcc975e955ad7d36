package dev.handoff.desk.report;

import dev.handoff.desk.store.JdbcChatStore;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Types;
import java.time.ZoneId;
import java.util.Random;

/**
 * Not a test: a year of N chats (default 100,000; 4 departments, 40 agents, a tenth abandoned, a third
 * rated) written into an H2 file database (or the PostgreSQL URL given), then the year's report grouped
 * by day and by day, department and agent, each run 5 times. Prints the time of each run and the heap
 * used after it.
 *
 * <pre>
 * java -cp "target/classes:target/test-classes:$(cat cp.txt)" dev.handoff.desk.report.ReportBenchmark [N] [JDBC_URL]
 * </pre>
 */
public final class ReportBenchmark {
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Path dir = Files.createTempDirectory("report-bench");
        String url = args.length > 1 ? args[1] : "jdbc:h2:file:" + dir.resolve("desk") + ";WRITE_DELAY=0";
        JdbcChatStore.open(url, null, null).close();
        long year = java.time.Instant.parse("2025-01-01T00:00:00Z").toEpochMilli();
        Random random = new Random(12);
        try (Connection c = DriverManager.getConnection(url)) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO desk_chats (id, bot_id, conversation_id, department, status, agent, created_at,"
                            + " assigned_at, first_agent, first_reply_at, resolved_at, rating) VALUES (?, 'bot', ?,"
                            + " ?, 'archived', ?, ?, ?, ?, ?, ?, ?)")) {
                for (int i = 0; i < n; i++) {
                    long created = year + (long) (random.nextDouble() * 365 * 86_400_000L);
                    boolean abandoned = random.nextInt(10) == 0;
                    String agent = abandoned ? null : "agent-" + random.nextInt(40);
                    ps.setString(1, "bench-" + i);
                    ps.setString(2, "conv-" + i);
                    ps.setString(3, "dept-" + random.nextInt(4));
                    ps.setString(4, agent);
                    ps.setLong(5, created);
                    long assigned = created + random.nextInt(600_000);
                    if (abandoned) {
                        for (int col = 6; col <= 9; col++) ps.setNull(col, Types.BIGINT);
                        ps.setNull(7, Types.VARCHAR);
                    } else {
                        ps.setLong(6, assigned);
                        ps.setString(7, agent);
                        ps.setLong(8, assigned + random.nextInt(120_000));
                        ps.setLong(9, assigned + random.nextInt(3_600_000));
                    }
                    if (random.nextInt(3) == 0) ps.setInt(10, 1 + random.nextInt(5));
                    else ps.setNull(10, Types.SMALLINT);
                    ps.addBatch();
                    if (i % 1000 == 999) ps.executeBatch();
                }
                ps.executeBatch();
            }
            c.commit();
        }
        Reports reports = new Reports(url, null, null, ZoneId.of("Europe/Amsterdam"));
        var memory = ManagementFactory.getMemoryMXBean();
        System.out.printf(
                "report benchmark: %d chats over 2025, %s, %d cores, Java %s%n",
                n,
                args.length > 1 ? "PostgreSQL" : "H2 file",
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));
        for (String by : new String[] {"day", "day,department,agent"}) {
            for (int round = 0; round < 5; round++) {
                long t0 = System.nanoTime();
                Report r = reports.run(ReportRequest.parse("2025-01-01", "2025-12-31", by));
                long ms = (System.nanoTime() - t0) / 1_000_000;
                System.gc();
                System.out.printf(
                        "  by %-22s %5d ms, %6d rows, %d chats, heap after %d MB%n",
                        by,
                        ms,
                        r.rows().size(),
                        r.total().chats(),
                        memory.getHeapMemoryUsage().getUsed() >> 20);
            }
        }
    }
}
