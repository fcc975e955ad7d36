package dev.handoff.desk.support;

import dev.handoff.desk.config.DeskConfig;
import dev.handoff.desk.config.DeskConfigLoader;
import dev.handoff.desk.server.DeskService;
import dev.handoff.translate.LanguageDetector;
import dev.handoff.translate.Translator;
import java.nio.file.Path;
import java.time.Clock;

/** Desks for tests: three agents, two departments, quiet timers unless a test sets them. */
public final class TestDesks {
    public static final String YAML =
            """
            host: 127.0.0.1
            departments: [sales, support]
            autoAssign: true
            maxMessageSize: 200
            sla: 1h
            idleArchive: 24h
            disconnectGrace: 30s
            tick: 100ms
            autoReply:
              every: 0s
              texts:
                en: "Please wait, an agent will be with you soon."
                zu: "Sicela ulinde."
            agents:
              - {name: ann, token: ann-token, departments: [sales], maxChats: 2, language: en}
              - {name: bob, token: bob-token, departments: [support], maxChats: 2, language: zu}
              - {name: cara, token: cara-token, departments: [], maxChats: 1, language: af}
            """;

    private TestDesks() {}

    public static DeskConfig config(Path dataDir) {
        return DeskConfigLoader.parse(YAML, "test desk").withDataDir(dataDir).withPort(Sockets.freePort());
    }

    public static DeskService start(DeskConfig config) {
        return new DeskService(config, Clock.systemUTC()).start();
    }

    /** A desk that translates with {@code translator} (the default timeout) and detects nothing. */
    public static DeskService start(DeskConfig config, Translator translator) {
        return new DeskService(config, Clock.systemUTC(), translator, LanguageDetector.none()).start();
    }

    public static String url(DeskConfig config) {
        return "http://127.0.0.1:" + config.port();
    }
}
