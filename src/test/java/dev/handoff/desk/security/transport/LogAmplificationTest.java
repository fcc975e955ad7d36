package dev.handoff.desk.security.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.desk.config.DeskConfig;
import dev.handoff.desk.server.DeskService;
import dev.handoff.desk.support.TestDesks;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a client sends cannot fill the desk's log: with the shipped logging configuration, 30
 * undecodable 100 KB messages (websocket frames, polling bodies, also on a new connection each,
 * CONNECT auth data) write a few KB, each line quoting at most 200 characters of what came, control
 * characters escaped, then one line saying how many more were suppressed. A control chat goes on
 * meanwhile.
 */
class LogAmplificationTest {
    static final int MESSAGES = 30;
    static final int SIZE = 100 << 10;
    /**
     * What 30 bad 100 KB messages from one address may write to the log, all lines together: at most 5
     * lines per connection and 10 per address in 10 s, of about 560 bytes each, and the "suppressed" line.
     */
    static final long LOG_BOUND = 7 << 10;
    /** The longest line they may write (an excerpt of 200 characters and the desk's words around it). */
    static final int LINE_BOUND = 700;

    @TempDir
    Path data;

    ProductionLog log;
    DeskService desk;
    DeskConfig config;
    ControlChat chat;

    @BeforeEach
    void start() {
        log = ProductionLog.start();
        config = TestDesks.config(data);
        desk = TestDesks.start(config);
        chat = ControlChat.open(TestDesks.url(config));
    }

    @AfterEach
    void stop() {
        chat.close();
        desk.stop();
        log.close();
    }

    /** A message that cannot be decoded: an event whose JSON never ends, with a line break and an escape. */
    static String undecodable() {
        String head = "42/live_agent,[\"from_user\",{\"message\":\"\u001b[2J\nforged line ";
        return head + "A".repeat(SIZE - head.length());
    }

    @Test
    void thirtyUndecodable100KbWebsocketFramesWriteAFewKbOfLog() throws Exception {
        long before = log.bytes();
        try (RawWebSocket ws = RawWebSocket.engineIo(config.port(), Map.of())) {
            assertThat(ws.nextText()).startsWith("0{");
            ws.sendText("40/live_agent,");
            for (int i = 0; i < MESSAGES; i++) ws.sendText(undecodable());
            log.await("42/live_agent");
        }
        log.await("more warning(s) suppressed");
        assertBounded(before, "42/live_agent", LOG_BOUND);
    }

    @Test
    void thirtyUndecodable100KbPollingBodiesWriteAFewKbOfLog() throws Exception {
        long before = log.bytes();
        RawPolling attacker = new RawPolling(config.port(), Map.of());
        assertThat(attacker.handshake().status()).isEqualTo(200);
        for (int i = 0; i < MESSAGES; i++) attacker.post(undecodable());
        assertBounded(before, "42/live_agent", LOG_BOUND);
    }

    @Test
    void thirtyUndecodable100KbPollingBodiesOnNewConnectionsEachWriteAFewKbOfLog() throws Exception {
        long before = log.bytes();
        RawPolling attacker = new RawPolling(config.port(), Map.of("Connection", "close"));
        assertThat(attacker.handshake().status()).isEqualTo(200);
        for (int i = 0; i < MESSAGES; i++) attacker.post(undecodable());
        assertBounded(before, "42/live_agent", LOG_BOUND);
    }

    @Test
    void thirtyConnectsWith100KbOfBadAuthJsonWriteAFewKbOfLog() throws Exception {
        long before = log.bytes();
        try (RawWebSocket ws = RawWebSocket.engineIo(config.port(), Map.of())) {
            assertThat(ws.nextText()).startsWith("0{");
            for (int i = 0; i < MESSAGES; i++) ws.sendText("40/agents,{\"token\":\"" + "B".repeat(SIZE) + ",");
            log.await("40/agents");
        }
        log.await("more warning(s) suppressed");
        assertBounded(before, "40/agents", LOG_BOUND);
    }

    private void assertBounded(long before, String quoted, long bound) throws InterruptedException {
        chat.start(10, Duration.ofMillis(10));
        ControlChat.Result result = chat.finish(Duration.ofSeconds(20));
        assertThat(result.lostToAgent() + result.lostToUser()).isZero();
        long written = log.bytes() - before;
        List<String> lines = log.lines();
        System.out.printf("%d bad messages of %d KB wrote %d bytes of log%n", MESSAGES, SIZE >> 10, written);
        assertThat(written).as("log bytes written").isLessThan(bound);
        assertThat(lines).allSatisfy(l -> assertThat(l.length()).isLessThan(LINE_BOUND));
        String quoting = log.await(quoted);
        assertThat(quoting).as("the excerpt escapes control characters").doesNotContain("\u001b");
        assertThat(lines).noneMatch(l -> l.startsWith("forged line"));
    }
}
