package dev.handoff.desk.security.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.desk.config.DeskConfig;
import dev.handoff.desk.config.SecurityConfig;
import dev.handoff.desk.server.DeskService;
import dev.handoff.desk.support.DeskConfigs;
import dev.handoff.desk.support.TestBot;
import dev.handoff.desk.support.TestDesks;
import dev.handoff.protocol.LiveAgentEvents;
import io.socket.client.Socket;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Caps per address ({@code security.limits}): the connection over {@code unidentifiedPerAddress} or
 * {@code connectionsPerAddress} is refused with 429 before it exists, while a control chat from the
 * same address goes on; a connection that does not identify itself within {@code identifyWithin} is
 * closed, as is a TCP connection that sends no request, or stays silent; {@code X-Forwarded-For}
 * counts only from a trusted proxy.
 */
class ConnectionCapsTest {
    @TempDir
    Path data;

    DeskService desk;
    DeskConfig config;

    @AfterEach
    void stop() {
        if (desk != null) desk.stop();
    }

    void start(int connections, int unidentified, Duration identifyWithin, List<String> trustedProxies) {
        DeskConfig base = TestDesks.config(data);
        SecurityConfig.Limits d = SecurityConfig.Limits.DEFAULT;
        SecurityConfig.Limits limits = new SecurityConfig.Limits(
                connections,
                unidentified,
                identifyWithin,
                d.keylessChatsPerMinute(),
                d.eventsPerSecond(),
                d.eventBurst(),
                d.signInFailures(),
                d.signInLockout());
        config = base.withSecurity(base.security().withLimits(limits).withTrustedProxies(trustedProxies));
        desk = TestDesks.start(config);
    }

    RawPolling.Answer handshake(Map<String, String> headers) {
        return new RawPolling(config.port(), headers).handshake();
    }

    static void assertChatGoesOn(ControlChat chat) throws InterruptedException {
        chat.start(10, Duration.ofMillis(10));
        ControlChat.Result result = chat.finish(Duration.ofSeconds(20));
        assertThat(result.lostToAgent() + result.lostToUser()).isZero();
    }

    @Test
    void theConnectionOverTheUnidentifiedCapIsRefusedWhileAControlChatGoesOn() throws Exception {
        start(10, 2, Duration.ofSeconds(30), List.of());
        try (ControlChat chat = ControlChat.open(TestDesks.url(config))) {
            assertThat(handshake(Map.of()).status()).isEqualTo(200);
            assertThat(handshake(Map.of()).status()).isEqualTo(200);
            RawPolling.Answer refused = handshake(Map.of());
            assertThat(refused.status()).isEqualTo(429);
            assertThat(refused.body()).contains("\"code\":\"over_capacity\"");
            try (RawWebSocket ws = RawWebSocket.engineIo(config.port(), Map.of())) {
                assertThat(ws.status).as("on websocket too").isEqualTo(429);
            }
            assertChatGoesOn(chat);
        }
    }

    @Test
    void theConnectionOverTheOpenCapIsRefusedUntilOneCloses() throws Exception {
        start(3, 3, Duration.ofSeconds(30), List.of());
        try (ControlChat chat = ControlChat.open(TestDesks.url(config))) {
            assertThat(handshake(Map.of()).status()).isEqualTo(200);
            assertThat(handshake(Map.of()).status()).isEqualTo(429);
            assertChatGoesOn(chat);
            chat.bot.close();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            int status;
            do {
                Thread.sleep(50);
                status = handshake(Map.of()).status();
            } while (status != 200 && System.nanoTime() < deadline);
            assertThat(status).as("a slot is free once the bot has gone").isEqualTo(200);
        }
    }

    @Test
    void aConnectionThatDoesNotIdentifyItselfIsClosedAfterIdentifyWithin() throws Exception {
        start(10, 10, Duration.ofSeconds(1), List.of());
        String url = TestDesks.url(config);
        try (TestBot silent = TestBot.raw(url, "silent").open();
                TestBot talking = TestBot.connect(url, "talking", Map.of(), List.<String[]>of())) {
            silent.events.await(LiveAgentEvents.START_CONVERSATION);
            talking.events.await(LiveAgentEvents.MESSAGES);
            silent.events.await(Socket.EVENT_DISCONNECT, x -> true, Duration.ofSeconds(5));
            Thread.sleep(1500);
            assertThat(talking.connected()).as("an identified connection stays").isTrue();
            assertThat(talking.events.names()).doesNotContain(Socket.EVENT_DISCONNECT);
        }
    }

    @Test
    void aTcpConnectionThatSendsNoRequestIsClosed() throws Exception {
        start(10, 10, Duration.ofSeconds(1), List.of());
        try (java.net.Socket idle = new java.net.Socket(InetAddress.getLoopbackAddress(), config.port());
                java.net.Socket half = new java.net.Socket(InetAddress.getLoopbackAddress(), config.port())) {
            half.getOutputStream()
                    .write("GET /socket.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: x\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
            assertClosedWithin(idle, Duration.ofSeconds(4));
            assertClosedWithin(half, Duration.ofSeconds(4));
        }
    }

    @Test
    void aConnectionLeftSilentIsClosedEvenWhenNoSessionHoldsIt() throws Exception {
        start(10, 10, Duration.ofSeconds(1), List.of());
        desk.stop();
        config = DeskConfigs.withHeartbeat(config, Duration.ofMillis(300), Duration.ofMillis(300));
        desk = TestDesks.start(config);
        RawPolling session = new RawPolling(config.port(), Map.of());
        assertThat(session.handshake().status()).isEqualTo(200);
        // an upgrade to websocket that never completes: netty-socketio ends the session, not the connection
        try (RawWebSocket ws = RawWebSocket.open(
                config.port(), "/socket.io/?EIO=4&transport=websocket&sid=" + session.sid, Map.of())) {
            assertThat(ws.status).isEqualTo(101);
            // heartbeat 0.3 s + 0.3 s, plus the 5 s margin: closed within about 6 s of silence
            ws.awaitClosed(Duration.ofSeconds(10));
        }
    }

    @Test
    void aPeerWithTooManyTcpConnectionsHasTheOneOverTheCapClosedAtOnce() throws Exception {
        start(1, 1, Duration.ofSeconds(30), List.of());
        List<java.net.Socket> sockets = new ArrayList<>();
        try {
            int cap = 2 * 1 + 16;
            for (int i = 0; i < cap + 1; i++) {
                sockets.add(new java.net.Socket(InetAddress.getLoopbackAddress(), config.port()));
            }
            Thread.sleep(500);
            int closed = 0;
            for (java.net.Socket s : sockets) {
                s.setSoTimeout(50);
                if (readOrTimeout(s) == -1) closed++;
            }
            assertThat(closed).as("connections closed of " + sockets.size()).isEqualTo(1);
        } finally {
            for (java.net.Socket s : sockets) s.close();
        }
    }

    @Test
    void forwardedForIsIgnoredFromAnUntrustedPeer() throws Exception {
        start(10, 2, Duration.ofSeconds(30), List.of());
        assertThat(handshake(Map.of("X-Forwarded-For", "10.0.0.1")).status()).isEqualTo(200);
        assertThat(handshake(Map.of("X-Forwarded-For", "10.0.0.2")).status()).isEqualTo(200);
        assertThat(handshake(Map.of("X-Forwarded-For", "10.0.0.3")).status())
                .as("all three counted under the peer's own address")
                .isEqualTo(429);
    }

    @Test
    void forwardedForCountsUnderTheClientsAddressBehindATrustedProxy() throws Exception {
        start(10, 2, Duration.ofSeconds(30), List.of("127.0.0.1"));
        Map<String, String> first = Map.of("X-Forwarded-For", "10.0.0.1");
        assertThat(handshake(first).status()).isEqualTo(200);
        assertThat(handshake(Map.of("X-Forwarded-For", "203.0.113.9, 10.0.0.1")).status())
                .isEqualTo(200);
        assertThat(handshake(first).status()).as("10.0.0.1 is at its cap").isEqualTo(429);
        assertThat(handshake(Map.of("X-Forwarded-For", "10.0.0.2")).status()).isEqualTo(200);
        assertThat(handshake(Map.of()).status()).as("the proxy's own address").isEqualTo(200);
    }

    /** -1: closed by the server; -2: still open after the socket's timeout. */
    private static int readOrTimeout(java.net.Socket s) throws IOException {
        try {
            int n;
            do {
                n = s.getInputStream().read();
            } while (n >= 0);
            return -1;
        } catch (java.net.SocketTimeoutException e) {
            return -2;
        } catch (java.net.SocketException e) {
            return -1;
        }
    }

    private static void assertClosedWithin(java.net.Socket s, Duration within) throws IOException {
        s.setSoTimeout((int) within.toMillis());
        assertThat(readOrTimeout(s)).as("closed by the desk within " + within).isEqualTo(-1);
    }
}
