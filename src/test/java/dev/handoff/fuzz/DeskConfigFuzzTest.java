package dev.handoff.fuzz;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.handoff.desk.config.DeskConfig;
import dev.handoff.desk.config.DeskConfigException;
import dev.handoff.desk.config.DeskConfigLoader;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Timeout;

/**
 * {@code desk.yaml} as {@code handoff desk --config} reads it: any text gives a config or a {@link
 * DeskConfigException} listing located problems, never another exception, within the timeout.
 */
class DeskConfigFuzzTest {

    // keys and YAML syntax the fuzzer would take long to guess; no line breaks (Jazzer 0.30.0 writes
    // them unescaped into libFuzzer's dictionary file, which then fails to parse)
    @DictionaryEntries({
        "host: ",
        "port: ",
        "dataDir: ",
        "db: ",
        "dbUser: ",
        "dbPassword: ",
        "dbMaxPendingWrites: ",
        "departments: ",
        "agents: [{",
        "autoAssign: ",
        "autoReply: {every: ",
        "texts: ",
        "sla: ",
        "idleArchive: ",
        "disconnectGrace: ",
        "maxMessageSize: ",
        "tick: ",
        "heartbeat: {interval: ",
        "timeout: ",
        "bots: [{",
        "security: {",
        "keylessBots: ",
        "origins: {liveAgent: ",
        "agents: ",
        "tls: {certificate: ",
        "privateKey: ",
        "trustedProxies: ",
        "limits: {",
        "connectionsPerAddress: ",
        "unidentifiedPerAddress: ",
        "identifyWithin: ",
        "keylessChatsPerMinute: ",
        "eventsPerSecond: ",
        "eventBurst: ",
        "signInFailures: ",
        "signInLockout: ",
        "name: ",
        "token: ",
        "key: ",
        "maxChats: ",
        "language: ",
        "role: supervisor",
        "https://",
        "500ms",
        "24h",
        "2d",
        "&a ",
        "*a"
    })
    @FuzzTest(maxDuration = "2m")
    @Timeout(10)
    void anyDeskConfigGivesAConfigOrLocatedProblems(byte[] bytes) {
        DeskConfig config;
        try {
            config = DeskConfigLoader.parse(new String(bytes, StandardCharsets.UTF_8), "desk.yaml");
        } catch (DeskConfigException e) {
            if (e.problems().isEmpty()) {
                throw new AssertionError("a refused desk.yaml without located problems: " + e.getMessage(), e);
            }
            return;
        }
        if (config.toString().isEmpty() || config.jdbcUrl().isEmpty()) {
            throw new AssertionError("a config that cannot describe itself");
        }
    }
}
