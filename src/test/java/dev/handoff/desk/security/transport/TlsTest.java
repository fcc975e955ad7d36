package dev.handoff.desk.security.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.handoff.desk.api.AgentEvents;
import dev.handoff.desk.config.DeskConfig;
import dev.handoff.desk.config.SecurityConfig;
import dev.handoff.desk.server.DeskService;
import dev.handoff.desk.server.DeskStartException;
import dev.handoff.desk.support.EventLog;
import dev.handoff.desk.support.LogCapture;
import dev.handoff.desk.support.TestAgent;
import dev.handoff.desk.support.TestDesks;
import dev.handoff.protocol.LiveAgentEvents;
import io.socket.client.Socket;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import okhttp3.OkHttpClient;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code security.tls}: the desk serves https and wss on its port from a PEM certificate and PKCS#8
 * key; an agent and a bot chat over wss and over polling on https; plain http to it fails cleanly
 * and disturbs nothing; a certificate or key that cannot be used stops the start with one clear line.
 */
class TlsTest {
    @TempDir
    Path data;

    @TempDir
    Path keys;

    TestCertificates cert;
    DeskConfig config;
    DeskService desk;

    @BeforeEach
    void setUp() throws Exception {
        cert = TestCertificates.create(keys, "desk");
        DeskConfig base = TestDesks.config(data);
        config = base.withSecurity(base.security().withTls(new SecurityConfig.Tls(cert.certificate, cert.privateKey)));
    }

    @AfterEach
    void stop() {
        if (desk != null) desk.stop();
    }

    String httpsUrl() {
        return "https://127.0.0.1:" + config.port();
    }

    @ParameterizedTest
    @ValueSource(strings = {"websocket", "polling"})
    void anAgentAndABotChatOverTls(String transport) throws Exception {
        desk = TestDesks.start(config);
        OkHttpClient http = cert.client();
        EventLog agentEvents = new EventLog("ann over TLS");
        Socket agent = Clients.socket(
                httpsUrl() + AgentEvents.NAMESPACE,
                Map.of("token", "ann-token"),
                null,
                transport,
                http,
                agentEvents,
                AgentEvents.SIGNED_IN,
                AgentEvents.ASSIGNED,
                AgentEvents.MESSAGE);
        EventLog botEvents = new EventLog("bot over TLS");
        Socket bot = Clients.socket(
                httpsUrl() + LiveAgentEvents.NAMESPACE,
                null,
                null,
                transport,
                http,
                botEvents,
                LiveAgentEvents.MESSAGES,
                LiveAgentEvents.TO_USER);
        bot.on(
                LiveAgentEvents.START_CONVERSATION,
                args -> bot.emit(
                        LiveAgentEvents.USERNAME,
                        TestAgent.json("ConversationID", "tls-chat", "BotID", "tls-bot", "department", "sales")));
        try {
            agent.connect();
            agentEvents.await(AgentEvents.SIGNED_IN);
            bot.connect();
            String chatId = TestAgent.chatIdOf(agentEvents.await(AgentEvents.ASSIGNED));
            botEvents.await(LiveAgentEvents.MESSAGES);
            agent.emit(AgentEvents.SEND, TestAgent.json("chatId", chatId, "text", "over " + transport));
            assertThat(((JSONObject) botEvents.await(LiveAgentEvents.TO_USER)).optString("message"))
                    .isEqualTo("over " + transport);
            bot.emit(
                    LiveAgentEvents.FROM_USER,
                    TestAgent.json("message", "hello back", "ConversationID", "tls-chat", "BotID", "tls-bot"));
            agentEvents.await(
                    AgentEvents.MESSAGE, m -> ((JSONObject) m).optString("text").equals("hello back"));
        } finally {
            agent.close();
            bot.close();
        }
    }

    @Test
    void plainHttpToATlsDeskIsClosedWithoutAnAnswerNorATokenInTheLogAndDisturbsNothing() throws Exception {
        desk = TestDesks.start(config);
        try (LogCapture log = LogCapture.of("dev.handoff.desk.server");
                java.net.Socket plain = new java.net.Socket(InetAddress.getLoopbackAddress(), config.port())) {
            plain.setSoTimeout(10_000);
            plain.getOutputStream()
                    .write("GET /socket.io/?EIO=4&transport=polling&token=ann-token HTTP/1.1\r\nHost: x\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
            InputStream in = plain.getInputStream();
            byte[] answer = in.readNBytes(64);
            assertThat(new String(answer, StandardCharsets.ISO_8859_1)).doesNotContain("HTTP/1.1");
            String warning = log.awaitWarning("connection closed");
            assertThat(warning).contains("not a TLS record");
            assertThat(String.join("\n", log.messages()))
                    .as("the token in the URL, plain or in hex")
                    .doesNotContain("ann-token")
                    .doesNotContain(hex("ann-token"));
        }
        RawPolling overTls = new RawPolling(httpsUrl(), Map.of(), cert.client());
        assertThat(overTls.handshake().status()).as("the desk still serves TLS").isEqualTo(200);
    }

    static String hex(String s) {
        StringBuilder out = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.US_ASCII)) out.append(String.format("%02x", b));
        return out.toString();
    }

    @Test
    void aCertificateFileWithoutACertificateStopsTheStartAndLeavesNothingOpen() throws IOException {
        Path notACert = keys.resolve("not-a-cert.pem");
        Files.writeString(notACert, "hello\n");
        DeskConfig bad =
                config.withSecurity(config.security().withTls(new SecurityConfig.Tls(notACert, cert.privateKey)));
        assertThatThrownBy(() -> TestDesks.start(bad))
                .isInstanceOfSatisfying(DeskStartException.class, e -> assertThat(e.problem())
                        .isEqualTo(DeskStartException.Problem.TLS_UNUSABLE))
                .hasMessageContaining("security.tls.certificate")
                .hasMessageContaining(notACert.toString())
                .hasMessageContaining("no '-----BEGIN CERTIFICATE-----' block");
        desk = TestDesks.start(config); // same port, same database: nothing was left open
    }

    @Test
    void aKeyThatDoesNotBelongToTheCertificateStopsTheStartWithoutShowingTheKey() throws Exception {
        TestCertificates other = TestCertificates.create(keys, "other");
        DeskConfig bad = config.withSecurity(
                config.security().withTls(new SecurityConfig.Tls(cert.certificate, other.privateKey)));
        assertThatThrownBy(() -> TestDesks.start(bad))
                .isInstanceOf(DeskStartException.class)
                .hasMessageContaining("security.tls.privateKey")
                .hasMessageContaining("does not belong to the certificate")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(other.keyBase64.substring(40, 80)));
    }

    @Test
    void aPkcs1KeyIsRefusedWithTheCommandThatConvertsIt() throws Exception {
        Path pkcs1 = keys.resolve("rsa.pem");
        Files.writeString(pkcs1, TestCertificates.pem("RSA PRIVATE KEY", new byte[] {1, 2, 3}));
        DeskConfig bad =
                config.withSecurity(config.security().withTls(new SecurityConfig.Tls(cert.certificate, pkcs1)));
        assertThatThrownBy(() -> TestDesks.start(bad))
                .isInstanceOf(DeskStartException.class)
                .hasMessageContaining("'RSA PRIVATE KEY'")
                .hasMessageContaining("openssl pkcs8 -topk8 -nocrypt");
    }
}
