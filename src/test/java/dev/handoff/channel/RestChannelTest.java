package dev.handoff.channel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.handoff.liveagent.FakeLiveAgentClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Rasa's REST channel, and the messages that come later, with java.net.http's client. */
class RestChannelTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    static FakeLiveAgentClient liveAgent = new FakeLiveAgentClient();
    static ServeRig rig;

    @BeforeAll
    static void start() {
        rig = ServeRig.start(liveAgent, "http://127.0.0.1:9", List.of("https://shop.example"));
    }

    @AfterAll
    static void stop() {
        if (rig != null) rig.close();
    }

    record Answer(int status, JsonNode body) {}

    static Answer post(String body) throws Exception {
        HttpResponse<String> res = HTTP.send(
                HttpRequest.newBuilder(URI.create(rig.url + "/webhooks/rest/webhook"))
                        .timeout(Duration.ofSeconds(20))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return new Answer(res.statusCode(), JSON.readTree(res.body()));
    }

    static CompletableFuture<Answer> get(String pathAndQuery) {
        return HTTP.sendAsync(
                        HttpRequest.newBuilder(URI.create(rig.url + pathAndQuery))
                                .timeout(Duration.ofSeconds(40))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .thenApply(res -> {
                    try {
                        return new Answer(res.statusCode(), JSON.readTree(res.body()));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
    }

    @Test
    void aMessageIsAnsweredWithTheBotsRepliesAndAMenuWithButtons() throws Exception {
        Answer hello = post("{\"sender\": \"zanele\", \"message\": \"hello\"}");
        assertThat(hello.status()).isEqualTo(200);
        assertThat(hello.body().size()).isEqualTo(1);
        assertThat(hello.body().get(0).get("recipient_id").asText()).isEqualTo("zanele");
        assertThat(hello.body().get(0).get("text").asText()).isEqualTo("Hello! How can I help?");
        assertThat(hello.body().get(0).has("buttons")).isFalse();
        Answer menu = post("{\"sender\": \"zanele\", \"message\": \"agent\"}");
        JsonNode buttons = menu.body().get(0).get("buttons");
        assertThat(buttons.size()).isEqualTo(3);
        assertThat(buttons.get(1).get("title").asText()).isEqualTo("Technical support");
        assertThat(buttons.get(1).get("payload").asText()).isEqualTo("Technical support");
        Answer zu = post("{\"sender\": \"sipho\", \"message\": \"sawubona\", \"metadata\": {\"language\": \"zu\"}}");
        assertThat(zu.body().get(0).get("text").asText()).isEqualTo("Sawubona! Ngingakusiza kanjani?");
    }

    @Test
    void anAgentsLaterMessagesAreFetchedAfterTheLastSeqAndALongPollWakesUpForThem() throws Exception {
        post("{\"sender\": \"lerato\", \"message\": \"agent\"}");
        int before = liveAgent.sessions().size();
        Answer connecting = post("{\"sender\": \"lerato\", \"message\": \"1\"}");
        assertThat(connecting.body().get(0).get("text").asText()).startsWith("Connecting you to an agent");
        long seq =
                connecting.body().get(connecting.body().size() - 1).get("seq").asLong();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (liveAgent.sessions().size() <= before) {
            assertThat(System.nanoTime())
                    .as("the handoff reached the live agent")
                    .isLessThan(deadline);
            Thread.sleep(20);
        }
        FakeLiveAgentClient.FakeSession live = liveAgent.last();
        CompletableFuture<Answer> waiting = get("/webhooks/rest/messages?sender=lerato&after=" + seq + "&wait=25");
        Thread.sleep(300);
        assertThat(waiting).isNotDone();
        live.listener.onConnected();
        live.listener.onAgentMessage("Hello Lerato, this is Ann.");
        Answer woke = waiting.get(20, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(woke.status()).isEqualTo(200);
        assertThat(woke.body().get("messages").get(0).get("text").asText())
                .isEqualTo("You are now chatting with a live agent.");
        long next = woke.body().get("next").asLong();
        Answer rest = get("/webhooks/rest/messages?sender=lerato&after=" + seq)
                .get(20, java.util.concurrent.TimeUnit.SECONDS);
        List<String> texts = rest.body().get("messages").findValuesAsText("text");
        assertThat(texts).containsExactly("You are now chatting with a live agent.", "Hello Lerato, this is Ann.");
        assertThat(rest.body().get("messages").get(1).get("from").asText()).isEqualTo("agent");
        assertThat(next).isGreaterThan(seq);
        Answer toAgent = post("{\"sender\": \"lerato\", \"message\": \"thank you\"}");
        assertThat(toAgent.body().size()).isZero();
        assertThat(live.sent()).contains("thank you");
    }

    @Test
    void malformedOversizedAndUnknownRequestsGetTheirStatusWithACodeAndTheConversationGoesOn() throws Exception {
        Answer notJson = post("{\"sender\": ");
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.body().get("error").asText()).isEqualTo("malformed");
        Answer noSender = post("{\"message\": \"hello\"}");
        assertThat(noSender.status()).isEqualTo(400);
        assertThat(noSender.body().get("message").asText()).contains("sender");
        Answer noMessage = post("{\"sender\": \"kagiso\", \"message\": 5}");
        assertThat(noMessage.status()).isEqualTo(400);
        Answer tooLong = post("{\"sender\": \"kagiso\", \"message\": \"" + "x".repeat(501) + "\"}");
        assertThat(tooLong.status()).isEqualTo(413);
        assertThat(tooLong.body().get("error").asText()).isEqualTo("too_long");
        Answer unknownBot = post("{\"sender\": \"kagiso2\", \"message\": \"hi\", \"metadata\": {\"bot\": \"nope\"}}");
        assertThat(unknownBot.status()).isEqualTo(404);
        assertThat(unknownBot.body().get("error").asText()).isEqualTo("unknown_bot");
        Answer unknownSender =
                get("/webhooks/rest/messages?sender=nobody").get(20, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(unknownSender.status()).isEqualTo(404);
        assertThat(unknownSender.body().get("error").asText()).isEqualTo("unknown_session");
        Answer badAfter =
                get("/webhooks/rest/messages?sender=kagiso&after=-1").get(20, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(badAfter.status()).isEqualTo(400);
        Answer fine = post("{\"sender\": \"kagiso\", \"message\": \"hello\"}");
        assertThat(fine.status()).isEqualTo(200);
        assertThat(fine.body().get(0).get("text").asText()).isEqualTo("Hello! How can I help?");
    }

    @Test
    void theHealthCheckAnswersOkAsRasasDoes() throws Exception {
        Answer health = get("/webhooks/rest/").get(20, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body().get("status").asText()).isEqualTo("ok");
    }
}
