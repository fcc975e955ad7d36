package dev.handoff.channel;

import static dev.handoff.channel.RasaUser.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.desk.api.AgentEvents;
import dev.handoff.desk.config.DeskConfig;
import dev.handoff.desk.server.DeskService;
import dev.handoff.desk.support.TestAgent;
import dev.handoff.desk.support.TestDesks;
import dev.handoff.liveagent.socketio.SocketIoLiveAgentClient;
import dev.handoff.liveagent.socketio.SocketIoSettings;
import dev.handoff.metrics.MetricsSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bot server's scrape endpoint for real: a server as {@code serve} runs it hands a user of Rasa's socketio
 * channel to ann on a real desk, ann resolves the chat, and Prometheus's page, read over HTTP, counts it.
 */
class BotServerMetricsTest {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final Duration WAIT = Duration.ofSeconds(20);

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

    private ServeRig server(MetricsSettings settings) {
        var client = new SocketIoLiveAgentClient(SocketIoSettings.defaults());
        rig = ServeRig.startWithMetrics(client, TestDesks.url(config), settings);
        return rig;
    }

    private static HttpResponse<String> get(String url, String authorization) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(url)).timeout(WAIT).GET();
        if (authorization != null) request.header("Authorization", authorization);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The value of the first sample whose name and labels match (labels in any order), or -1. */
    private static double sample(String page, String name, String... labels) {
        for (String line : page.split("\n")) {
            if (!line.startsWith(name + "{") && !line.startsWith(name + " ")) continue;
            boolean all = true;
            for (String label : labels) all &= line.contains(label);
            if (all) return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
        return -1;
    }

    /** Reads the scrape until {@code name} with {@code labels} reaches {@code value} (the desk's events are async). */
    private String scrapeUntil(String url, String name, double value, String... labels) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        String page;
        do {
            page = get(url, null).body();
            if (sample(page, name, labels) == value) return page;
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        throw new AssertionError(name + " " + List.of(labels) + " never reached " + value + ":\n" + page);
    }

    @Test
    void aHandoffResolvedOnARealDeskIsCountedOnTheBotServersScrapeEndpoint() throws Exception {
        server(MetricsSettings.defaults());
        RasaUser user = RasaUser.connect(rig.url, "nomsa");
        users.add(user);
        String session = user.session(json());
        user.say(session, "hello");
        user.expect("Hello! How can I help?");
        user.say(session, "agent");
        user.expect("Would you like to chat with one of our agents?");
        user.say(session, "Sales");
        String chatId = ann.nextAssigned();
        user.expect("ann joined the chat.");
        String metrics = rig.url + "/metrics";
        String during = scrapeUntil(metrics, "handoff_sessions_open", 1);
        assertThat(sample(during, "handoff_server_connections", "channel=\"socketio\""))
                .isEqualTo(1);
        assertThat(sample(during, "handoff_server_sessions")).isEqualTo(1);
        ann.emit(AgentEvents.RESOLVE, "chatId", chatId);
        user.expect("The agent has ended the chat. You are back with the bot.");

        String page = scrapeUntil(metrics, "handoff_resolved_total", 1, "department=\"sales\"");
        assertThat(sample(page, "handoff_offered_total")).isEqualTo(1);
        assertThat(sample(page, "handoff_accepted_total", "department=\"sales\""))
                .isEqualTo(1);
        assertThat(sample(page, "handoff_connected_total", "department=\"sales\""))
                .isEqualTo(1);
        assertThat(sample(page, "handoff_agent_joined_total", "department=\"sales\""))
                .isEqualTo(1);
        assertThat(sample(page, "handoff_connect_seconds_count", "department=\"sales\""))
                .isEqualTo(1);
        assertThat(sample(page, "handoff_agent_wait_seconds_count", "department=\"sales\""))
                .isEqualTo(1);
        assertThat(sample(page, "handoff_conversations_started_total")).isEqualTo(1);
        assertThat(sample(page, "handoff_conversations_handed_off_total")).isEqualTo(1);
        assertThat(sample(page, "handoff_conversations_handed_off_share")).isEqualTo(1);
        assertThat(sample(page, "handoff_sessions_open")).isEqualTo(0);
        assertThat(sample(page, "handoff_failed_total")).isEqualTo(-1);
        Matcher application = Pattern.compile("application=\"handoff-bot\"").matcher(page);
        assertThat(application.find()).as("the common tag").isTrue();
        assertThat(sample(page, "jvm_threads_live_threads")).isPositive();
    }

    @Test
    void withATokenTheScrapeNeedsItAndTheTokenIsNeverShown() throws Exception {
        server(new MetricsSettings(true, "/internal/scrape", "s3cret-scrape-token"));
        assertThat(get(rig.url + "/internal/scrape", null).statusCode()).isEqualTo(401);
        assertThat(get(rig.url + "/internal/scrape", "Bearer wrong").statusCode())
                .isEqualTo(401);
        var ok = get(rig.url + "/internal/scrape", "Bearer s3cret-scrape-token");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain; version=0.0.4");
        assertThat(ok.body()).contains("handoff_sessions_open").doesNotContain("s3cret-scrape-token");
        assertThat(get(rig.url + "/metrics", "Bearer s3cret-scrape-token").statusCode())
                .as("the default path is not served when another is configured")
                .isEqualTo(404);
    }

    @Test
    void withMetricsOffTheEndpointIsNotFound() throws Exception {
        server(MetricsSettings.off());
        assertThat(get(rig.url + "/metrics", null).statusCode()).isEqualTo(404);
        assertThat(get(rig.url + "/api/bots", null).statusCode())
                .as("the rest is served")
                .isEqualTo(200);
    }
}
