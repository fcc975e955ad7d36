package dev.handoff.channel;

import static dev.handoff.channel.RasaUser.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.handoff.desk.api.AgentEvents;
import dev.handoff.desk.config.DeskConfig;
import dev.handoff.desk.server.DeskService;
import dev.handoff.desk.support.Sockets;
import dev.handoff.desk.support.TestAgent;
import dev.handoff.desk.support.TestDesks;
import dev.handoff.liveagent.socketio.SocketIoLiveAgentClient;
import dev.handoff.liveagent.socketio.SocketIoSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code handoff serve --store} for real: a bot server on an H2 store hands a user of Rasa's socketio channel to
 * ann on a real desk; the server stops mid-handoff, ann writes meanwhile, and the next server on the same store
 * and port goes on: the same desk chat, the same session id, the history with ann's message once.
 */
class ServeRestartedMidHandoffTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @TempDir
    Path data;

    private DeskConfig config;
    private DeskService desk;
    private TestAgent ann;
    private ServeRig rig;
    private final List<RasaUser> users = new ArrayList<>();

    @BeforeEach
    void setUp() {
        config = TestDesks.config(data.resolve("desk"));
        desk = TestDesks.start(config);
        ann = TestAgent.signIn(TestDesks.url(config), "ann", "ann-token");
    }

    @AfterEach
    void tearDown() {
        users.forEach(RasaUser::close);
        if (rig != null) rig.close();
        ann.close();
        desk.stop();
    }

    private ServeRig server(int port) {
        var client = new SocketIoLiveAgentClient(
                SocketIoSettings.defaults().withReconnectionDelays(Duration.ofMillis(100), Duration.ofMillis(500)));
        return ServeRig.startStored(client, TestDesks.url(config), data.resolve("bot"), port);
    }

    private RasaUser user(String url, String name) {
        RasaUser user = RasaUser.connect(url, name);
        users.add(user);
        return user;
    }

    @Test
    void aServerRestartedMidHandoffResumesTheDesksChatAndTheUserGoesOnWithTheSameSessionAndItsHistory()
            throws Exception {
        int port = Sockets.freePort();
        rig = server(port);
        RasaUser before = user(rig.url, "nomsa");
        String session = before.session(json("customData", json("history", true)));
        before.say(session, "hello");
        before.expect("Hello! How can I help?");
        before.say(session, "agent");
        before.expect("Would you like to chat with one of our agents?");
        before.say(session, "Sales");
        String chatId = ann.nextAssigned();
        before.expect("ann joined the chat.");
        ann.emit(AgentEvents.SEND, "chatId", chatId, "text", "Hello, I am Ann");
        before.expect("Hello, I am Ann");
        before.say(session, "question one");
        ann.awaitUserMessage(chatId, "question one");

        before.close();
        users.remove(before);
        rig.close(); // as Ctrl-C does: the server stops, then the runtime
        rig = null;
        ann.emit(AgentEvents.SEND, "chatId", chatId, "text", "Written while you were away");

        rig = server(port);
        ServeRig restarted = rig;
        await(() -> restarted.runtime.conversations().transcript(session, 50).stream()
                .anyMatch(l -> l.text().equals("Written while you were away")));

        RasaUser after = user(rig.url, "nomsa again");
        assertThat(after.session(json("session_id", session, "customData", json("history", true))))
                .isEqualTo(session);
        JSONObject history = (JSONObject) after.events.await("chat_history");
        assertThat(history.getString("session_id")).isEqualTo(session);
        JSONArray messages = history.getJSONArray("messages");
        List<String> texts = new ArrayList<>();
        List<Long> seqs = new ArrayList<>();
        for (int i = 0; i < messages.length(); i++) {
            texts.add(messages.getJSONObject(i).getString("text"));
            seqs.add(messages.getJSONObject(i).getLong("seq"));
        }
        assertThat(texts)
                .containsSubsequence(
                        "hello",
                        "Hello! How can I help?",
                        "Sales",
                        "Hello, I am Ann",
                        "question one",
                        "Written while you were away");
        assertThat(texts).containsOnlyOnce("Written while you were away", "Hello, I am Ann", "question one");
        assertThat(seqs).first().isEqualTo(1L);
        for (int i = 1; i < seqs.size(); i++) assertThat(seqs.get(i)).isEqualTo(seqs.get(i - 1) + 1);
        after.events.await(
                "handoff_status", s -> ((JSONObject) s).optString("state").equals("agent"));

        after.say(session, "question two");
        ann.awaitUserMessage(chatId, "question two");
        ann.emit(AgentEvents.SEND, "chatId", chatId, "text", "Answer two");
        JSONObject answer = after.expect("Answer two");
        long last = seqs.get(seqs.size() - 1);
        assertThat(answer.getJSONObject("metadata").getLong("seq")).isEqualTo(last + 2); // after "question two"
        // a later message proves the earlier ones were all in: each reached ann once, in the same chat
        after.say(session, "question three");
        ann.awaitUserMessage(chatId, "question three");
        assertThat(ann.userMessages(chatId)).containsExactly("question one", "question two", "question three");
        assertThat(ann.events.all(AgentEvents.ASSIGNED)).hasSize(1);
        assertThat(after.events.all("bot_uttered"))
                .noneMatch(m -> ((JSONObject) m).optString("text").equals("Written while you were away"));
    }

    @Test
    void aRestSenderAfterARestartGetsTheSameConversationInItsLanguageAndTheNumbersGoOn() throws Exception {
        int port = Sockets.freePort();
        rig = server(port);
        JsonNode first =
                post("{\"sender\": \"lindiwe\", \"message\": \"sawubona\", \"metadata\": {\"language\": \"zu\"}}");
        assertThat(first.get(0).get("text").asText()).isEqualTo("Sawubona! Ngingakusiza kanjani?");
        assertThat(first.get(0).get("seq").asLong()).isEqualTo(2);
        JsonNode before = get("/webhooks/rest/messages?sender=lindiwe&after=0");
        assertThat(before.get("messages").size()).isEqualTo(1); // the user's own lines are not sent back
        assertThat(before.get("next").asLong()).isEqualTo(2);

        rig.close();
        rig = null;
        rig = server(port);

        JsonNode after = get("/webhooks/rest/messages?sender=lindiwe&after=1");
        assertThat(after.get("next").asLong()).isEqualTo(2);
        JsonNode messages = after.get("messages");
        assertThat(messages.size()).isEqualTo(1);
        assertThat(messages.get(0).get("seq").asLong()).isEqualTo(2);
        assertThat(messages.get(0).get("text").asText()).isEqualTo("Sawubona! Ngingakusiza kanjani?");
        assertThat(get("/webhooks/rest/messages?sender=lindiwe&after=2")
                        .get("messages")
                        .size())
                .isZero();
        JsonNode again = post("{\"sender\": \"lindiwe\", \"message\": \"sawubona\"}");
        assertThat(again.get(0).get("text").asText()).isEqualTo("Sawubona! Ngingakusiza kanjani?"); // still zu
        assertThat(again.get(0).get("seq").asLong()).isEqualTo(4); // after the user's line 3
    }

    private JsonNode post(String body) throws Exception {
        HttpResponse<String> res = HTTP.send(
                HttpRequest.newBuilder(URI.create(rig.url + "/webhooks/rest/webhook"))
                        .timeout(Duration.ofSeconds(20))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        return JSON.readTree(res.body());
    }

    private JsonNode get(String pathAndQuery) throws Exception {
        HttpResponse<String> res = HTTP.send(
                HttpRequest.newBuilder(URI.create(rig.url + pathAndQuery))
                        .timeout(Duration.ofSeconds(20))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        return JSON.readTree(res.body());
    }

    private static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("not within 20 s");
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
