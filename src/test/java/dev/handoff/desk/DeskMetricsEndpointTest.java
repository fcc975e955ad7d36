package dev.handoff.desk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.desk.config.DeskConfig;
import dev.handoff.desk.config.DeskConfigLoader;
import dev.handoff.desk.server.DeskService;
import dev.handoff.desk.support.EventLog;
import dev.handoff.desk.support.Sockets;
import dev.handoff.desk.support.TestAgent;
import dev.handoff.desk.support.TestBot;
import dev.handoff.desk.support.TestDesks;
import dev.handoff.protocol.LiveAgentEvents;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /metrics} on a real desk: a real bot and agent over Socket.IO run chats, then Prometheus's scrape is read
 * over real HTTP and its figures checked; the token door, and no endpoint when metrics are off.
 */
class DeskMetricsEndpointTest {
    private static final String TOKEN = "scrape-t0ken";
    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path data;

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(HTTP_TIMEOUT)
            .build();

    /** The test desk, bots archived 1 s after they leave, with {@code metrics} as given. */
    private DeskConfig config(String metrics) {
        String yaml = TestDesks.YAML.replace("disconnectGrace: 30s", "disconnectGrace: 1s") + metrics;
        return DeskConfigLoader.parse(yaml, "test desk", Map.of("METRICS_TOKEN", TOKEN)::get)
                .withDataDir(data)
                .withPort(Sockets.freePort());
    }

    private HttpResponse<String> get(DeskConfig config, String path, String authorization) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(TestDesks.url(config) + path)).timeout(HTTP_TIMEOUT);
        if (authorization != null) request.header("Authorization", authorization);
        return http.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The value of the sample {@code name} whose labels include {@code labels}, if the page has it. */
    static Optional<Double> sample(String page, String name, String... labels) {
        return page.lines()
                .filter(l -> l.startsWith(name + "{"))
                .filter(l -> {
                    String set = l.substring(name.length(), l.lastIndexOf('}') + 1);
                    for (int i = 0; i < labels.length; i += 2) {
                        if (!set.contains(labels[i] + "=\"" + labels[i + 1] + "\"")) return false;
                    }
                    return true;
                })
                .map(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .findFirst();
    }

    /** Scrapes until {@code name} (with {@code labels}) reads {@code value}, or fails after the events' deadline. */
    private String scrapeUntil(DeskConfig config, double value, String name, String... labels) throws Exception {
        Instant deadline = Instant.now().plus(EventLog.TIMEOUT);
        while (true) {
            String page = get(config, "/metrics", "Bearer " + TOKEN).body();
            if (sample(page, name, labels).orElse(-1.0) == value) return page;
            if (Instant.now().isAfter(deadline))
                throw new AssertionError(name + " " + List.of(labels) + " never read " + value + ":\n" + page);
            Thread.sleep(50);
        }
    }

    @Test
    void chatsRunThroughARealDeskAreReadInTheScrapeBehindItsToken() throws Exception {
        DeskConfig config = config("metrics: {token: '${METRICS_TOKEN}'}\n");
        String url = TestDesks.url(config);
        DeskService desk = TestDesks.start(config);
        try (TestAgent ann = TestAgent.signIn(url, "ann", "ann-token")) {
            try (TestBot bot = TestBot.connect(url, "conv-answered", Map.of("department", "sales"), List.of())) {
                String chatId = ann.nextAssigned();
                bot.say("hello");
                ann.awaitUserMessage(chatId, "hello");
                ann.emit("send", "chatId", chatId, "text", "hi, how can I help?");
                assertThat(bot.nextToUser()).isEqualTo("hi, how can I help?");
                ann.emit("resolve", "chatId", chatId);
                bot.events.await(LiveAgentEvents.DISCONNECT_SOCKET);
            }
            try (TestBot gone = TestBot.connect(url, "conv-abandoned", Map.of("department", "support"), List.of())) {
                gone.events.await(LiveAgentEvents.START_CONVERSATION);
                scrapeUntil(config, 1, "desk_queue_length", "department", "support");
            }
            scrapeUntil(
                    config, 1, "desk_chats_abandoned_total", "department", "support", "reason", "user_disconnected");
            // a scrape is not atomic: the counter can be read before the gauge the same step changes
            scrapeUntil(config, 0, "desk_queue_length", "department", "support");
            try (TestBot waiting = TestBot.connect(url, "conv-waiting", Map.of("department", "support"), List.of())) {
                // start_conversation comes on connecting, before the chat is opened
                waiting.events.await(LiveAgentEvents.START_CONVERSATION);
                scrapeUntil(config, 2, "desk_chats_queued_total", "department", "support", "reason", "new");
                String page = scrapeUntil(config, 1, "desk_queue_length", "department", "support");

                assertThat(sample(page, "desk_chats_queued_total", "department", "sales", "reason", "new"))
                        .hasValue(1.0);
                assertThat(sample(page, "desk_chats_queued_total", "department", "support", "reason", "new"))
                        .hasValue(2.0);
                assertThat(sample(page, "desk_chats_assigned_total", "department", "sales", "how", "auto"))
                        .hasValue(1.0);
                assertThat(sample(page, "desk_chats_resolved_total", "department", "sales"))
                        .hasValue(1.0);
                assertThat(sample(page, "desk_chats_archived_total", "department", "sales", "reason", "resolved"))
                        .hasValue(1.0);
                assertThat(sample(page, "desk_chats_abandoned_total", "department", "sales", "reason", "resolved"))
                        .hasValue(0.0);
                assertThat(sample(page, "desk_chat_wait_time_seconds_count", "department", "sales"))
                        .hasValue(1.0);
                assertThat(sample(page, "desk_chat_first_response_time_seconds_count", "department", "sales"))
                        .hasValue(1.0);
                assertThat(sample(page, "desk_chat_handle_time_seconds_count", "department", "sales"))
                        .hasValue(1.0);
                assertThat(sample(page, "desk_chat_messages_sum", "department", "sales", "sender", "user"))
                        .hasValue(1.0);
                assertThat(sample(page, "desk_chat_messages_sum", "department", "sales", "sender", "agent"))
                        .hasValue(1.0);
                assertThat(sample(page, "desk_agents_connected", "department", "sales", "status", "online"))
                        .hasValue(1.0);
                assertThat(sample(page, "desk_agents_connected", "department", "support", "status", "online"))
                        .hasValue(0.0);
                assertThat(sample(page, "desk_socketio_connections", "namespace", "/agents"))
                        .hasValue(1.0);
                assertThat(sample(page, "desk_socketio_connections", "namespace", "/live_agent"))
                        .hasValue(1.0);
                assertThat(sample(page, "desk_queue_oldest_wait_seconds", "department", "support"))
                        .hasValueSatisfying(v -> assertThat(v).isGreaterThanOrEqualTo(0));
                assertThat(sample(page, "desk_chats_queued_total", "application", "handoff-desk"))
                        .isPresent();
                assertThat(page).contains("jvm_memory_used_bytes");
                assertThat(page).doesNotContain("conv-", "ann\"");
            }
        } finally {
            desk.stop();
        }
    }

    @Test
    void theScrapeRefusesARequestWithoutTheRightToken() throws Exception {
        DeskConfig config = config("metrics: {path: /internal/metrics, token: '${METRICS_TOKEN}'}\n");
        DeskService desk = TestDesks.start(config);
        try {
            HttpResponse<String> none = get(config, "/internal/metrics", null);
            assertThat(none.statusCode()).isEqualTo(401);
            assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"metrics\"");
            assertThat(none.body()).doesNotContain("desk_");
            assertThat(get(config, "/internal/metrics", "Bearer wrong").statusCode())
                    .isEqualTo(401);
            HttpResponse<String> ok = get(config, "/internal/metrics", "Bearer " + TOKEN);
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain; version=0.0.4"));
            assertThat(ok.body()).contains("desk_queue_length{");
            assertThat(get(config, "/metrics", "Bearer " + TOKEN).statusCode())
                    .as("only the configured path")
                    .isEqualTo(404);
        } finally {
            desk.stop();
        }
    }

    @Test
    void withMetricsOffThereIsNoEndpoint() throws Exception {
        DeskConfig config = config("metrics: {enabled: false}\n");
        DeskService desk = TestDesks.start(config);
        try {
            assertThat(get(config, "/metrics", null).statusCode()).isEqualTo(404);
            assertThat(get(config, "/", null).statusCode())
                    .as("the console is still served")
                    .isEqualTo(200);
        } finally {
            desk.stop();
        }
    }
}
