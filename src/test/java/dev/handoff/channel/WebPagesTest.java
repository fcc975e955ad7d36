package dev.handoff.channel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.liveagent.FakeLiveAgentClient;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The bot server's HTTP doors: the chat's files from the jar with their headers, CORS for allowed pages, 403/404/405. */
class WebPagesTest {
    static final String SHOP = "https://shop.example";
    static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    static ServeRig rig;

    @BeforeAll
    static void start() {
        rig = ServeRig.start(new FakeLiveAgentClient(), "http://127.0.0.1:9", List.of(SHOP));
    }

    @AfterAll
    static void stop() {
        if (rig != null) rig.close();
    }

    static HttpResponse<byte[]> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static HttpRequest.Builder at(String path) {
        return HttpRequest.newBuilder(URI.create(rig.url + path));
    }

    @Test
    void theChatPageMayBeFramedOnlyByTheAllowedOriginsAndLoadsNothingFromElsewhere() throws Exception {
        HttpResponse<byte[]> page = send(at("/"));
        assertThat(page.statusCode()).isEqualTo(200);
        String csp = page.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(csp).contains("frame-ancestors 'self' " + SHOP).contains("script-src 'self'");
        assertThat(new String(page.body(), java.nio.charset.StandardCharsets.UTF_8))
                .doesNotContain("http://")
                .doesNotContain("https://");
        HttpResponse<byte[]> again = send(at("/").header(
                        "If-None-Match", page.headers().firstValue("ETag").orElseThrow()));
        assertThat(again.statusCode()).isEqualTo(304);
    }

    @Test
    void theWidgetScriptMayBeLoadedByAnyPageAndTheSocketIoClientIsTheConsolesOwnFile() throws Exception {
        HttpResponse<byte[]> widget = send(at("/widget.js"));
        assertThat(widget.statusCode()).isEqualTo(200);
        assertThat(widget.headers().firstValue("Cross-Origin-Resource-Policy")).contains("cross-origin");
        assertThat(widget.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/javascript");
        HttpResponse<byte[]> client = send(at("/assets/socket.io.esm.min.js"));
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("console/assets/socket.io.esm.min.js")) {
            assertThat(client.body()).isEqualTo(in.readAllBytes());
        }
        HttpResponse<byte[]> bots = send(at("/api/bots"));
        assertThat(new String(bots.body(), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo(
                        "[{\"id\":\"shop-bot\",\"languages\":[\"en\",\"zu\"]},{\"id\":\"other-bot\",\"languages\":[\"af\"]}]");
    }

    @Test
    void anAllowedPageGetsCorsOnTheRestChannelAndAnyOtherOriginIsRefused403WhateverThePath() throws Exception {
        HttpResponse<byte[]> allowed = send(at("/webhooks/rest/webhook")
                .header("Origin", SHOP)
                .POST(HttpRequest.BodyPublishers.ofString("{\"sender\": \"web\", \"message\": \"hello\"}")));
        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).contains(SHOP);
        HttpResponse<byte[]> preflight = send(at("/webhooks/rest/webhook")
                .header("Origin", SHOP)
                .header("Access-Control-Request-Method", "POST")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
        assertThat(preflight.statusCode()).isEqualTo(204);
        assertThat(preflight
                        .headers()
                        .firstValue("Access-Control-Allow-Methods")
                        .orElseThrow())
                .contains("POST");
        for (String path : List.of("/", "/widget.js", "/webhooks/rest/webhook", "/api/bots")) {
            HttpResponse<byte[]> evil = send(at(path).header("Origin", "https://evil.example"));
            assertThat(evil.statusCode()).as(path).isEqualTo(403);
            assertThat(evil.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        }
    }

    @Test
    void unknownPathsAre404AndWrongMethods405() throws Exception {
        assertThat(send(at("/etc/passwd")).statusCode()).isEqualTo(404);
        assertThat(send(at("/../webchat/index.html")).statusCode()).isIn(400, 404);
        assertThat(send(at("/webhooks/rest/webhook")).statusCode()).isEqualTo(405);
        assertThat(send(at("/chat.js").POST(HttpRequest.BodyPublishers.ofString("x")))
                        .statusCode())
                .isEqualTo(405);
    }
}
