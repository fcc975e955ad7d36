package dev.handoff.desk.process;

import dev.handoff.desk.config.DeskConfig;
import dev.handoff.desk.config.DeskConfigLoader;
import dev.handoff.desk.server.DeskService;
import dev.handoff.desk.store.JdbcChatStore;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;

/**
 * A desk in a JVM of its own, for tests that kill it: {@code DeskProcess PORT DATA_DIR REPORT
 * [JDBC_URL]}. It writes to the file REPORT (stdout would not do: {@link Process#destroy()} closes the
 * parent's end of it) {@code ready} once it listens, {@code committed CHAT_ID SEQ} each time the database has
 * committed a live message, and stops cleanly on SIGTERM (as {@code handoff desk} does).
 */
public final class DeskProcess {
    static final String YAML =
            """
            host: 127.0.0.1
            departments: [sales]
            autoAssign: true
            maxMessageSize: 200
            sla: 1h
            idleArchive: 24h
            disconnectGrace: 5m
            tick: 100ms
            autoReply:
              every: 0s
            agents:
              - {name: ann, token: ann-token, departments: [sales], maxChats: 1000, language: en}
            """;

    private DeskProcess() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        PrintStream out = new PrintStream(new FileOutputStream(args[2], true), true, StandardCharsets.UTF_8);
        DeskConfig config = DeskConfigLoader.parse(YAML, "desk process")
                .withPort(Integer.parseInt(args[0]))
                .withDataDir(Path.of(args[1]));
        if (args.length > 3) config = config.withDb(args[3]);
        DeskService service = new DeskService(
                config,
                Clock.systemUTC(),
                c -> new CommitReporting(JdbcChatStore.open(c.jdbcUrl(), c.dbUser(), c.dbPassword()), out));
        service.start();
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            service.stop();
                            out.println("stopped");
                        },
                        "desk-process-shutdown"));
        out.println("ready");
        Thread.currentThread().join();
    }
}
