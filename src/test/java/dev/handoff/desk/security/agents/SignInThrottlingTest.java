package dev.handoff.desk.security.agents;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.desk.api.AgentEvents;
import dev.handoff.desk.config.DeskConfig;
import dev.handoff.desk.config.SecurityConfig;
import dev.handoff.desk.server.DeskService;
import dev.handoff.desk.support.LogCapture;
import dev.handoff.desk.support.Sockets;
import dev.handoff.desk.support.TestDesks;
import io.socket.client.IO;
import io.socket.client.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sign-in throttling on {@code /agents}, over real sockets: failures are counted per address (as the
 * desk counts it, behind a trusted proxy here) and per agent name; a locked-out attempt is refused in
 * the handshake with {@code too_many_attempts} before its token is looked at, even the right one.
 */
class SignInThrottlingTest {
    static final Duration LOCKOUT = Duration.ofSeconds(2);
    static final String ATTACKER = "203.0.113.5";
    static final String OFFICE = "198.51.100.7";

    @TempDir
    Path data;

    DeskConfig config;
    DeskService desk;

    @BeforeEach
    void start() {
        DeskConfig base = TestDesks.config(data);
        SecurityConfig.Limits d = SecurityConfig.Limits.DEFAULT;
        SecurityConfig.Limits limits = new SecurityConfig.Limits(
                d.connectionsPerAddress(),
                d.unidentifiedPerAddress(),
                d.identifyWithin(),
                d.keylessChatsPerMinute(),
                d.eventsPerSecond(),
                d.eventBurst(),
                5,
                LOCKOUT);
        config = base.withSecurity(base.security().withLimits(limits).withTrustedProxies(List.of("127.0.0.1")));
        desk = TestDesks.start(config);
    }

    @AfterEach
    void stop() {
        desk.stop();
    }

    @Test
    void afterFiveWrongTokensFromAnAddressEvenTheRightTokenIsRefusedThereUntilTheLockoutEnds() throws Exception {
        try (LogCapture log = LogCapture.of("dev.handoff.desk")) {
            for (int i = 1; i <= 5; i++) {
                Outcome wrong = signIn(ATTACKER, Map.of("token", "guess-SECRET-" + i));
                assertThat(wrong.code()).as("attempt %s", i).isEqualTo("invalid_token");
                assertThat(wrong.message()).isEqualTo("invalid token");
            }
            Outcome right = signIn(ATTACKER, Map.of("token", "ann-token"));
            assertThat(right.code()).isEqualTo("too_many_attempts");
            assertThat(right.retryAfter()).isBetween(1L, LOCKOUT.toSeconds());
            assertThat(right.accepted())
                    .as("refused in the handshake, never accepted")
                    .isFalse();

            assertThat(signIn(OFFICE, Map.of("token", "ann-token")).signedIn())
                    .as("another address is unaffected")
                    .isTrue();

            Thread.sleep(right.retryAfter() * 1000 + 200);
            assertThat(signIn(ATTACKER, Map.of("token", "ann-token")).signedIn())
                    .as("after the lockout")
                    .isTrue();

            List<String> warnings =
                    log.messages().stream().filter(m -> m.contains(ATTACKER)).toList();
            assertThat(warnings).as("one warning per address per interval").hasSize(1);
            assertThat(log.messages()).allSatisfy(m -> assertThat(m).doesNotContain("SECRET"));
        }
    }

    @Test
    void failuresForOneAgentNameLockThatAgentOutFromEveryAddressAndASuccessForgetsThem() throws Exception {
        for (int i = 1; i <= 5; i++) {
            Outcome wrong = signIn("203.0.113." + (10 + i), Map.of("name", "ann", "token", "guess-" + i));
            assertThat(wrong.code()).isEqualTo("invalid_token");
        }
        Outcome locked = signIn(OFFICE, Map.of("name", "ann", "token", "ann-token"));
        assertThat(locked.code()).isEqualTo("too_many_attempts");
        assertThat(locked.message()).contains("agent");
        assertThat(signIn(OFFICE, Map.of("name", "bob", "token", "bob-token")).signedIn())
                .as("another agent from the same address")
                .isTrue();
        assertThat(signIn(OFFICE, Map.of("name", "bob", "token", "ann-token")).code())
                .as("a name and another agent's token do not go together")
                .isEqualTo("invalid_token");

        Thread.sleep(locked.retryAfter() * 1000 + 200);
        assertThat(signIn(OFFICE, Map.of("name", "ann", "token", "ann-token")).signedIn())
                .isTrue();
        for (int i = 1; i <= 4; i++) {
            assertThat(signIn("203.0.113." + (20 + i), Map.of("name", "ann", "token", "again-" + i))
                            .code())
                    .isEqualTo("invalid_token");
        }
        assertThat(signIn(OFFICE, Map.of("name", "ann", "token", "ann-token")).signedIn())
                .as("the success forgot the earlier failures")
                .isTrue();
    }

    @Test
    void malformedTokensAreRefusedCountedAndNeverLogged() throws Exception {
        try (LogCapture log = LogCapture.of("ROOT")) {
            List<String> malformed = List.of(
                    "{\"token\":424242}",
                    "{\"token\":{\"SECRET\":\"SECRET-in-an-object\"}}",
                    "{\"token\":\"\\u001bSECRET\\u0007 with controls\"}",
                    "{\"token\":\"SECRET" + "x".repeat(20_000) + "\"}",
                    "{\"name\":\"SECRET-as-a-name\",\"token\":\"SECRET-guess\"}");
            for (String auth : malformed) {
                assertThat(rawSignIn(ATTACKER, auth)).as(auth).contains("\"code\":\"invalid_token\"");
            }
            assertThat(rawSignIn(ATTACKER, "{\"token\":\"ann-token\"}"))
                    .as("five malformed attempts are five failures")
                    .contains("\"code\":\"too_many_attempts\"");
            assertThat(log.messages()).allSatisfy(m -> assertThat(m)
                    .doesNotContain("SECRET")
                    .doesNotContain("424242")
                    .doesNotContain("ann-token"));
            assertThat(log.errors()).isEmpty();
        }
    }

    // --- clients

    /** How one sign-in ended; {@code code} and {@code message} are the refusal's. */
    record Outcome(boolean signedIn, boolean accepted, String code, String message, long retryAfter) {}

    /** Signs in with {@code auth} as a client at {@code address} (behind the trusted proxy). */
    Outcome signIn(String address, Map<String, String> auth) throws Exception {
        IO.Options options = IO.Options.builder()
                .setForceNew(true)
                .setReconnection(false)
                .setTransports(new String[] {"websocket"})
                .setAuth(auth)
                .setExtraHeaders(Map.of("X-Forwarded-For", List.of(address)))
                .build();
        options.callFactory = Sockets.HTTP;
        options.webSocketFactory = Sockets.HTTP;
        Socket socket = IO.socket(URI.create(TestDesks.url(config) + AgentEvents.NAMESPACE), options);
        CompletableFuture<Outcome> outcome = new CompletableFuture<>();
        boolean[] accepted = {false};
        socket.on(Socket.EVENT_CONNECT, args -> accepted[0] = true);
        socket.on(AgentEvents.SIGNED_IN, args -> outcome.complete(new Outcome(true, true, null, null, 0)));
        socket.on(Socket.EVENT_CONNECT_ERROR, args -> {
            JSONObject e = args.length > 0 && args[0] instanceof JSONObject o ? o : new JSONObject();
            outcome.complete(new Outcome(
                    false, accepted[0], e.optString("code"), e.optString("message"), e.optLong("retryAfter")));
        });
        socket.on(AgentEvents.ERROR, args -> outcome.complete(new Outcome(false, true, "desk_error", "", 0)));
        socket.connect();
        try {
            return outcome.get(30, TimeUnit.SECONDS);
        } finally {
            socket.disconnect();
            socket.close();
        }
    }

    /** Sends {@code auth} (any JSON) in the namespace CONNECT packet over a raw websocket; the answer. */
    String rawSignIn(String address, String auth) throws Exception {
        try (Raw raw = new Raw(address)) {
            return raw.connect(auth);
        }
    }

    @Test
    void aConnectionWhoseSignInWasRefusedHasItsEventsRefusedWithoutALogLine() throws Exception {
        try (LogCapture log = LogCapture.of("dev.handoff.desk");
                Raw raw = new Raw(ATTACKER)) {
            assertThat(raw.connect("{\"token\":\"wrong\"}")).contains("invalid_token");
            for (int i = 0; i < 3; i++) {
                raw.send("42" + AgentEvents.NAMESPACE + ",[\"queue\",{}]");
                assertThat(raw.next())
                        .startsWith("42" + AgentEvents.NAMESPACE + ",[\"desk_error\"")
                        .contains("invalid_token")
                        .contains("not signed in");
            }
            assertThat(log.messages()).as("only the refused sign-in").hasSize(1);
        }
    }

    /** A raw Engine.IO websocket from {@code address}, as an attacker's script would speak it. */
    final class Raw implements AutoCloseable {
        final LinkedBlockingQueue<String> in = new LinkedBlockingQueue<>();
        final WebSocket ws;

        Raw(String address) throws InterruptedException {
            ws = Sockets.HTTP.newWebSocket(
                    new Request.Builder()
                            .url("ws://127.0.0.1:" + config.port() + "/socket.io/?EIO=4&transport=websocket")
                            .header("X-Forwarded-For", address)
                            .build(),
                    new WebSocketListener() {
                        @Override
                        public void onMessage(WebSocket w, String text) {
                            if (text.equals("2")) w.send("3"); // ping, pong
                            else in.add(text);
                        }

                        @Override
                        public void onFailure(WebSocket w, Throwable t, Response r) {
                            in.add("failure " + t);
                        }
                    });
            assertThat(next()).startsWith("0{");
        }

        /** Sends the namespace CONNECT with {@code auth}; the answer. */
        String connect(String auth) throws InterruptedException {
            send("40" + AgentEvents.NAMESPACE + "," + auth);
            String answer = next();
            assertThat(answer).as("the answer to the CONNECT").startsWith("44" + AgentEvents.NAMESPACE);
            return answer;
        }

        void send(String packet) {
            ws.send(packet);
        }

        String next() throws InterruptedException {
            String message = in.poll(30, TimeUnit.SECONDS);
            assertThat(message).as("an answer within 30 s").isNotNull();
            return message;
        }

        @Override
        public void close() {
            ws.close(1000, "done");
        }
    }
}
