package dev.handoff.desk.security.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.desk.api.AgentEvents;
import dev.handoff.desk.config.DeskConfig;
import dev.handoff.desk.config.SecurityConfig;
import dev.handoff.desk.server.DeskService;
import dev.handoff.desk.support.EventLog;
import dev.handoff.desk.support.LogCapture;
import dev.handoff.desk.support.Sockets;
import dev.handoff.desk.support.TestDesks;
import dev.handoff.protocol.LiveAgentEvents;
import io.socket.client.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Origins are checked in the handshake. A request whose {@code Origin} no namespace allows is answered
 * 403 before netty-socketio sees it, on polling and on the websocket upgrade, and only allowed origins
 * are ever echoed in CORS headers; then {@code /live_agent} admits only {@code origins.liveAgent} and
 * {@code /agents} only {@code origins.agents}, refusing the CONNECT with {@code origin_not_allowed}.
 * A request without {@code Origin} is not a browser's and passes.
 */
class OriginTest {
    static final String BOT_SITE = "https://bot.example";
    static final String EVIL = "https://evil.example";

    @TempDir
    Path data;

    DeskConfig config;
    DeskService desk;
    String url;
    String console;

    @BeforeEach
    void start() {
        DeskConfig base = TestDesks.config(data);
        console = "http://127.0.0.1:" + base.port();
        config = base.withSecurity(
                base.security().withOrigins(new SecurityConfig.Origins(List.of(BOT_SITE), List.of(console))));
        desk = TestDesks.start(config);
        url = TestDesks.url(config);
    }

    @AfterEach
    void stop() {
        desk.stop();
    }

    @Test
    void aPollingHandshakeFromAnOriginNoNamespaceAllowsIsRefusedWith403AndNoCorsHeaders() {
        RawPolling.Answer answer = new RawPolling(config.port(), Map.of("Origin", EVIL)).handshake();
        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.body()).contains("\"code\":\"origin_not_allowed\"");
        assertThat(answer.headers().get("Access-Control-Allow-Origin")).isNull();
        assertThat(answer.headers().get("Access-Control-Allow-Credentials")).isNull();
    }

    @Test
    void aWebsocketUpgradeFromAnOriginNoNamespaceAllowsIsRefusedWith403() {
        try (RawWebSocket ws = RawWebSocket.engineIo(config.port(), Map.of("Origin", EVIL))) {
            assertThat(ws.status).isEqualTo(403);
        }
    }

    @Test
    void theNullOriginIsRefusedUnlessListed() throws Exception {
        assertThat(new RawPolling(config.port(), Map.of("Origin", "null"))
                        .handshake()
                        .status())
                .isEqualTo(403);
        desk.stop();
        config = config.withSecurity(
                config.security().withOrigins(new SecurityConfig.Origins(List.of(BOT_SITE, "null"), List.of(console))));
        desk = TestDesks.start(config);
        assertThat(new RawPolling(config.port(), Map.of("Origin", "null"))
                        .handshake()
                        .status())
                .isEqualTo(200);
    }

    @Test
    void anAllowedOriginIsEchoedWithCredentialsAndARequestWithoutOriginGetsNoCredentials() {
        RawPolling.Answer allowed = new RawPolling(config.port(), Map.of("Origin", BOT_SITE)).handshake();
        assertThat(allowed.status()).isEqualTo(200);
        assertThat(allowed.headers().get("Access-Control-Allow-Origin")).isEqualTo(BOT_SITE);
        assertThat(allowed.headers().get("Access-Control-Allow-Credentials")).isEqualTo("true");
        RawPolling.Answer server = new RawPolling(config.port(), Map.of()).handshake();
        assertThat(server.status()).isEqualTo(200);
        assertThat(server.headers().get("Access-Control-Allow-Credentials")).isNull();
    }

    @Test
    void aPreflightFromAnAllowedOriginIsAnsweredAndOneFromAnotherIsRefused() {
        RawPolling allowed = new RawPolling(config.port(), Map.of("Origin", BOT_SITE));
        RawPolling.Answer answer = allowed.call(new okhttp3.Request.Builder()
                .url(allowed.base + "/socket.io/?EIO=4&transport=polling")
                .method("OPTIONS", null)
                .header("Access-Control-Request-Method", "POST"));
        assertThat(answer.status()).isEqualTo(204);
        assertThat(answer.headers().get("Access-Control-Allow-Origin")).isEqualTo(BOT_SITE);
        RawPolling evil = new RawPolling(config.port(), Map.of("Origin", EVIL));
        assertThat(evil.call(new okhttp3.Request.Builder()
                                .url(evil.base + "/socket.io/?EIO=4&transport=polling")
                                .method("OPTIONS", null))
                        .status())
                .isEqualTo(403);
    }

    @ParameterizedTest
    @ValueSource(strings = {"websocket", "polling"})
    void eachNamespaceAdmitsOnlyItsOwnOrigins(String transport) {
        EventLog agentFromBotSite = new EventLog("agent from the bot's site");
        Socket agent = Clients.socket(
                url + AgentEvents.NAMESPACE,
                Map.of("token", "ann-token"),
                BOT_SITE,
                transport,
                Sockets.HTTP,
                agentFromBotSite,
                AgentEvents.SIGNED_IN);
        EventLog botFromConsole = new EventLog("bot from the console's origin");
        Socket botOnConsole = Clients.socket(
                url + LiveAgentEvents.NAMESPACE,
                null,
                console,
                transport,
                Sockets.HTTP,
                botFromConsole,
                LiveAgentEvents.START_CONVERSATION);
        EventLog botFromBotSite = new EventLog("bot from its site");
        Socket bot = Clients.socket(
                url + LiveAgentEvents.NAMESPACE,
                null,
                BOT_SITE,
                transport,
                Sockets.HTTP,
                botFromBotSite,
                LiveAgentEvents.START_CONVERSATION);
        EventLog agentFromConsole = new EventLog("agent from the console");
        Socket ann = Clients.socket(
                url + AgentEvents.NAMESPACE,
                Map.of("token", "ann-token"),
                console,
                transport,
                Sockets.HTTP,
                agentFromConsole,
                AgentEvents.SIGNED_IN);
        try {
            agent.connect();
            botOnConsole.connect();
            bot.connect();
            ann.connect();
            for (EventLog refused : List.of(agentFromBotSite, botFromConsole)) {
                JSONObject error = (JSONObject) refused.await(Socket.EVENT_CONNECT_ERROR);
                assertThat(error.optString("code")).isEqualTo("origin_not_allowed");
            }
            botFromBotSite.await(LiveAgentEvents.START_CONVERSATION);
            agentFromConsole.await(AgentEvents.SIGNED_IN);
            assertThat(agentFromBotSite.names()).doesNotContain(Socket.EVENT_CONNECT, AgentEvents.SIGNED_IN);
            assertThat(botFromConsole.names()).doesNotContain(Socket.EVENT_CONNECT, LiveAgentEvents.START_CONVERSATION);
        } finally {
            for (Socket s : List.of(agent, botOnConsole, bot, ann)) s.close();
        }
    }

    @Test
    void aConnectionRefusedOnANamespaceCannotSendEventsThere() throws Exception {
        try (LogCapture log = LogCapture.of("dev.handoff.desk.server")) {
            Map<String, Long> before = desk.desk().counts();
            RawPolling sneaky = new RawPolling(config.port(), Map.of("Origin", console));
            assertThat(sneaky.handshake().status()).isEqualTo(200);
            sneaky.post("40/live_agent,");
            assertThat(sneaky.get().body()).contains("44/live_agent,").contains("origin_not_allowed");
            sneaky.post("42/live_agent,[\"username\",{\"ConversationID\":\"sneaky\",\"BotID\":\"b\"}]");
            log.awaitWarning("event 'username' from connection " + sneaky.sid + " dropped");
            assertThat(desk.desk().counts()).isEqualTo(before);
        }
    }
}
