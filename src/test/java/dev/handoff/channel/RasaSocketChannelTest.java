package dev.handoff.channel;

import static dev.handoff.channel.RasaUser.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.liveagent.FakeLiveAgentClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Rasa's socketio channel over real sockets: the Java Socket.IO client, and raw HTTP for the Origin door. */
class RasaSocketChannelTest {
    static final String ALLOWED = "https://shop.example";
    static FakeLiveAgentClient liveAgent = new FakeLiveAgentClient();
    static ServeRig rig;

    @BeforeAll
    static void start() {
        rig = ServeRig.start(liveAgent, "http://127.0.0.1:9", List.of(ALLOWED));
    }

    @AfterAll
    static void stop() {
        if (rig != null) rig.close();
    }

    @Test
    void aSessionRequestWithoutAnIdGetsANewSessionAndTheBotAnswersWithBotUtteredAndMenusAsQuickReplies()
            throws Exception {
        try (RasaUser user = RasaUser.connect(rig.url, "nomsa", "polling", "websocket")) {
            String session = user.session(json());
            assertThat(session).matches("[0-9a-f-]{36}");
            user.say(session, "hello");
            JSONObject hello = user.expect("Hello! How can I help?");
            assertThat(hello.getJSONObject("metadata").getString("from")).isEqualTo("bot");
            assertThat(hello.has("quick_replies")).isFalse();
            user.say(session, "agent");
            JSONObject menu = user.expect("Would you like to chat with one of our agents?");
            JSONArray replies = menu.getJSONArray("quick_replies");
            assertThat(replies.length()).isEqualTo(3);
            JSONObject sales = replies.getJSONObject(0);
            assertThat(sales.getString("content_type")).isEqualTo("text");
            assertThat(sales.getString("title")).isEqualTo("Sales");
            assertThat(sales.getString("payload")).isEqualTo("Sales");
        }
    }

    @Test
    void theHandoffsNoticesAndTheAgentsMessagesReachEverySocketOfTheSessionLiveWithTheirStatus() throws Exception {
        try (RasaUser tab1 = RasaUser.connect(rig.url, "tab1");
                RasaUser tab2 = RasaUser.connect(rig.url, "tab2")) {
            String session = tab1.session(json());
            assertThat(tab2.session(json("session_id", session))).isEqualTo(session);
            tab1.say(session, "agent");
            tab1.expect("Would you like to chat with one of our agents?");
            int before = liveAgent.sessions().size();
            tab1.say(session, "Sales");
            tab2.expect("Connecting you to an agent. Type /bot at any time to go back to the bot.");
            FakeLiveAgentClient.FakeSession live = awaitLiveSession(before);
            assertThat(live.request.conversationId()).isEqualTo(session);
            live.listener.onConnected();
            JSONObject notice = tab2.expect("You are now chatting with a live agent.");
            assertThat(notice.getJSONObject("metadata").getString("from")).isEqualTo("system");
            tab2.events.await(
                    "handoff_status", s -> ((JSONObject) s).optString("state").equals("waiting"));
            live.listener.onAgentMessage("Hi, I am Ann <b>bold</b>");
            for (RasaUser tab : List.of(tab1, tab2)) {
                JSONObject agent = tab.expect("Hi, I am Ann <b>bold</b>");
                assertThat(agent.getJSONObject("metadata").getString("from")).isEqualTo("agent");
                tab.events.await(
                        "handoff_status",
                        s -> ((JSONObject) s).optString("state").equals("agent"));
            }
            tab2.say(session, "thanks Ann");
            awaitSent(live, "thanks Ann");
            live.listener.onEnded();
            tab1.expect("The agent has ended the chat. You are back with the bot.");
            tab1.events.await(
                    "handoff_status", s -> ((JSONObject) s).optString("state").equals("bot"));
        }
    }

    @Test
    void anUnknownSessionIdIsAnsweredWithANewSessionAndAReconnectWithTheSameIdGetsTheHistory() throws Exception {
        String session;
        try (RasaUser first = RasaUser.connect(rig.url, "first")) {
            session = first.session(json("session_id", "not-a-session-of-ours"));
            assertThat(session).isNotEqualTo("not-a-session-of-ours").matches("[0-9a-f-]{36}");
            first.say(session, "hello");
            first.expect("Hello! How can I help?");
        }
        try (RasaUser again = RasaUser.connect(rig.url, "again")) {
            String resumed = again.session(json("session_id", session, "customData", json("history", true)));
            assertThat(resumed).isEqualTo(session);
            JSONObject history = (JSONObject) again.events.await("chat_history");
            JSONArray messages = history.getJSONArray("messages");
            assertThat(messages.length()).isEqualTo(2);
            assertThat(messages.getJSONObject(0).getString("from")).isEqualTo("user");
            assertThat(messages.getJSONObject(0).getString("text")).isEqualTo("hello");
            assertThat(messages.getJSONObject(1).getString("text")).isEqualTo("Hello! How can I help?");
        }
    }

    @Test
    void badInputGetsAClearErrorOnThatSocketAndDisturbsNoOtherConversation() throws Exception {
        try (RasaUser bad = RasaUser.connect(rig.url, "bad");
                RasaUser witness = RasaUser.connect(rig.url, "witness")) {
            String badSession = bad.session(json());
            String witnessSession = witness.session(json());
            bad.say(badSession, "x".repeat(501));
            assertThat(bad.expectError("too_long").getString("message"))
                    .contains("501")
                    .contains("500");
            bad.socket.emit("user_uttered", "just a string");
            assertThat(bad.expectError("malformed").getString("message")).contains("message");
            bad.socket.emit("user_uttered", json("message", 42, "session_id", badSession));
            bad.expectError("malformed");
            bad.say("no-such-session", "hello");
            assertThat(bad.expectError("unknown_session").getString("message")).contains("no-such-session");
            bad.socket.emit("session_request", json("customData", json("bot", "nope")));
            assertThat(bad.expectError("unknown_bot").getString("message"))
                    .contains("nope")
                    .contains("shop-bot");
            witness.say(witnessSession, "hello");
            witness.expect("Hello! How can I help?");
            assertThat(witness.events.all("error")).isEmpty();
            bad.say(badSession, "hello");
            bad.expect("Hello! How can I help?");
        }
    }

    @Test
    void aSocketCanNeitherJoinARestSendersConversationNorSpeakInASessionItWasNotConfirmed() throws Exception {
        java.net.http.HttpResponse<String> rest = java.net.http.HttpClient.newHttpClient()
                .send(
                        java.net.http.HttpRequest.newBuilder(java.net.URI.create(rig.url + "/webhooks/rest/webhook"))
                                .header("Content-Type", "application/json")
                                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                                        "{\"sender\": \"alice\", \"message\": \"hello\"}"))
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(rest.statusCode()).isEqualTo(200);
        try (RasaUser mallory = RasaUser.connect(rig.url, "mallory");
                RasaUser bob = RasaUser.connect(rig.url, "bob")) {
            String got = mallory.session(json("session_id", "rest-alice", "customData", json("history", true)));
            assertThat(got).as("a new session, not alice's").isNotEqualTo("rest-alice");
            assertThat(mallory.events.all("chat_history").toString()).doesNotContain("hello");

            String bobs = bob.session(new JSONObject());
            mallory.say(bobs, "I am bob now");
            mallory.expectError("unknown_session");
            bob.say(bobs, "hello");
            bob.expect("Hello! How can I help?");
            assertThat(bob.events.all("bot_uttered").toString())
                    .as("nothing mallory sent reached bob's conversation")
                    .doesNotContain("I am bob now")
                    .doesNotContain("Sorry");
        }
    }

    @Test
    void customDataPicksTheBotAndTheLanguage() throws Exception {
        try (RasaUser user = RasaUser.connect(rig.url, "thabo")) {
            String zu = user.session(json("customData", json("language", "zu")));
            user.say(zu, "sawubona");
            user.expect("Sawubona! Ngingakusiza kanjani?");
            String af = user.session(json("customData", json("bot", "other-bot")));
            assertThat(af).isNotEqualTo(zu);
            user.say(af, "hallo");
            user.expect("Hallo daar!");
        }
    }

    @Test
    void aLanguagePickedMidConversationSwitchesItAndTheBotAnswersInTheNewLanguage() throws Exception {
        try (RasaUser user = RasaUser.connect(rig.url, "lerato")) {
            String session = user.session(json("customData", json("language", "en")));
            user.say(session, "hello");
            user.expect("Hello! How can I help?");
            user.emit(
                    "user_uttered",
                    json("message", "sawubona", "session_id", session, "customData", json("language", "zu")));
            user.expect("Sawubona! Ngingakusiza kanjani?");
        }
    }

    @Test
    void aHandshakeFromAnOriginNotAllowedIsRefused403OnPollingAndWebsocketAndAnAllowedOnePasses() throws Exception {
        URI url = URI.create(rig.url);
        String polling = "GET /socket.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: %s\r\n"
                + "Connection: close\r\n\r\n";
        String websocket = "GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: %s\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n";
        assertThat(raw(url, polling.formatted("https://evil.example"))).startsWith("HTTP/1.1 403");
        assertThat(raw(url, websocket.formatted("https://evil.example"))).startsWith("HTTP/1.1 403");
        assertThat(raw(url, polling.formatted("null"))).startsWith("HTTP/1.1 403");
        assertThat(raw(url, polling.formatted(ALLOWED))).startsWith("HTTP/1.1 200");
        assertThat(raw(url, websocket.formatted(ALLOWED))).startsWith("HTTP/1.1 101");
        assertThat(raw(url, polling.formatted(rig.url))).startsWith("HTTP/1.1 200");
    }

    /** Sends {@code request} and returns the status line and headers (read with a deadline). */
    static String raw(URI url, String request) throws IOException {
        try (Socket s = new Socket(url.getHost(), url.getPort())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            StringBuilder head = new StringBuilder();
            int c;
            while ((c = in.read()) != -1) {
                head.append((char) c);
                if (head.toString().endsWith("\r\n\r\n")) break;
            }
            return head.toString();
        }
    }

    private static FakeLiveAgentClient.FakeSession awaitLiveSession(int before) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (liveAgent.sessions().size() <= before) {
            if (System.nanoTime() > deadline) throw new AssertionError("no handoff reached the live agent");
            Thread.sleep(20);
        }
        return liveAgent.last();
    }

    private static void awaitSent(FakeLiveAgentClient.FakeSession live, String text) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!live.sent().contains(text)) {
            if (System.nanoTime() > deadline)
                throw new AssertionError("the agent never got " + text + ": " + live.sent());
            Thread.sleep(20);
        }
    }
}
