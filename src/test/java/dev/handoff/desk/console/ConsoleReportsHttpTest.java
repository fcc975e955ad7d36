package dev.handoff.desk.console;

import static org.assertj.core.api.Assertions.assertThat;

import at.favre.lib.crypto.bcrypt.BCrypt;
import dev.handoff.desk.config.DeskConfig;
import dev.handoff.desk.config.DeskConfigLoader;
import dev.handoff.desk.report.ChatFacts;
import dev.handoff.desk.server.DeskService;
import dev.handoff.desk.support.Sockets;
import dev.handoff.desk.support.TestDesks;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /api/report} and {@code /api/report.csv} over real HTTP against a real desk on H2: a supervisor's
 * doors (401 without a session, 403 for an agent, 403 from a foreign page), the JSON and the CSV download.
 */
class ConsoleReportsHttpTest {
    static final String YAML =
            """
            host: 127.0.0.1
            departments: [sales, support]
            autoReply: {every: 0s}
            reports: {timeZone: Africa/Johannesburg}
            agents:
              - {name: ann, token: ann-token, password: "%1$s", departments: [sales]}
              - {name: sue, password: "%1$s", role: supervisor, departments: [support]}
            """;

    @TempDir
    static Path data;

    static DeskService desk;
    static String url;
    static String ann;
    static String sue;

    @BeforeAll
    static void start() throws Exception {
        String hash = BCrypt.withDefaults().hashToString(4, "secret".toCharArray());
        DeskConfig config = DeskConfigLoader.parse(YAML.formatted(hash), "reports http test")
                .withDataDir(data)
                .withPort(Sockets.freePort());
        desk = TestDesks.start(config);
        url = TestDesks.url(config);
        try (ChatFacts facts = ChatFacts.at(config.jdbcUrl())) {
            // 23:30 in Johannesburg on 1 November is 21:30 UTC: the 1st there, whatever UTC says
            Instant nov1 = Instant.parse("2026-11-01T21:30:00Z");
            facts.chat("sales", nov1)
                    .assigned("ann", Duration.ofSeconds(10))
                    .firstReply(Duration.ofSeconds(20))
                    .resolved(Duration.ofSeconds(100))
                    .rated(4)
                    .save();
            facts.chat("sales", nov1.plusSeconds(60))
                    .assigned("ann", Duration.ofSeconds(30))
                    .firstReply(Duration.ofSeconds(40))
                    .save();
            facts.chat("support", nov1.plusSeconds(7_200))
                    .archived(Duration.ofSeconds(50))
                    .save();
        }
        ann = signIn("ann");
        sue = signIn("sue");
    }

    @AfterAll
    static void stop() {
        if (desk != null) desk.stop();
    }

    static String signIn(String name) throws Exception {
        HttpResponse<String> res = ConsoleHttpTest.send(HttpRequest.newBuilder(URI.create(url + "/api/session"))
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(
                        new JSONObject(Map.of("name", name, "password", "secret")).toString()))
                .build());
        assertThat(res.statusCode()).isEqualTo(200);
        String setCookie = res.headers().firstValue("Set-Cookie").orElseThrow();
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    static HttpResponse<String> get(String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + path))
                .timeout(Duration.ofSeconds(30))
                .GET();
        headers.forEach(b::header);
        return ConsoleHttpTest.send(b.build());
    }

    static final String NOVEMBER = "?from=2026-11-01&to=2026-11-02&by=day";

    @Test
    void withoutASessionBothReportDoorsAnswer401() throws Exception {
        for (String path : new String[] {"/api/report", "/api/report.csv"}) {
            HttpResponse<String> res = get(path + NOVEMBER, Map.of());
            assertThat(res.statusCode()).as(path).isEqualTo(401);
            assertThat(new JSONObject(res.body()).getString("code")).isEqualTo("invalid_token");
            assertThat(get(path + NOVEMBER, Map.of("Cookie", "handoff_session=forged"))
                            .statusCode())
                    .isEqualTo(401);
        }
    }

    @Test
    void anAgentWhoIsNotASupervisorIsRefused403AtBothDoors() throws Exception {
        for (String path : new String[] {"/api/report", "/api/report.csv"}) {
            HttpResponse<String> res = get(path + NOVEMBER, Map.of("Cookie", ann));
            assertThat(res.statusCode()).as(path).isEqualTo(403);
            assertThat(new JSONObject(res.body()).getString("code")).isEqualTo("supervisors_only");
            assertThat(res.body()).doesNotContain("chats");
        }
    }

    @Test
    void aPageOfAnotherOriginIsRefusedEvenWithASupervisorsCookie() throws Exception {
        HttpResponse<String> res =
                get("/api/report" + NOVEMBER, Map.of("Cookie", sue, "Origin", "http://evil.example"));
        assertThat(res.statusCode()).isEqualTo(403);
        assertThat(new JSONObject(res.body()).getString("code")).isEqualTo("origin_not_allowed");
    }

    @Test
    void theSessionSaysTheAgentsRoleSoTheConsoleKnowsWhomToShowReports() throws Exception {
        assertThat(new JSONObject(get("/api/session", Map.of("Cookie", sue)).body()).getString("role"))
                .isEqualTo("supervisor");
        assertThat(new JSONObject(get("/api/session", Map.of("Cookie", ann)).body()).getString("role"))
                .isEqualTo("agent");
    }

    @Test
    void aSupervisorGetsTheReportOfEveryDepartmentAsJsonInTheDesksTimeZone() throws Exception {
        HttpResponse<String> res = get("/api/report" + NOVEMBER, Map.of("Cookie", sue));
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        assertThat(res.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        assertThat(res.headers().firstValue("Cache-Control")).hasValue("no-store");
        ConsoleHttpTest.assertSecurityHeaders(res);
        JSONObject report = new JSONObject(res.body());
        assertThat(report.getString("timeZone")).isEqualTo("Africa/Johannesburg");
        assertThat(report.getJSONArray("by").toString()).isEqualTo("[\"day\"]");
        JSONArray rows = report.getJSONArray("rows");
        assertThat(rows.length()).isEqualTo(2);
        JSONObject first = rows.getJSONObject(0);
        assertThat(first.getString("day")).isEqualTo("2026-11-01");
        JSONObject f = first.getJSONObject("figures");
        assertThat(f.getLong("chats")).isEqualTo(2);
        assertThat(f.getLong("waitMedian")).isEqualTo(20_000);
        assertThat(f.getLong("firstResponseMedian")).isEqualTo(30_000);
        assertThat(f.getLong("handleMedian")).isEqualTo(100_000);
        assertThat(f.getDouble("averageRating")).isEqualTo(4.0);
        JSONObject second = rows.getJSONObject(1);
        assertThat(second.getString("day")).isEqualTo("2026-11-02");
        assertThat(second.getJSONObject("figures").getLong("abandoned")).isEqualTo(1);
        assertThat(report.getJSONArray("departments").length())
                .as("sue serves support only, and sees sales too: a supervisor sees every department")
                .isEqualTo(2);
        assertThat(report.getJSONObject("total").getLong("chats")).isEqualTo(3);
    }

    @Test
    void theCsvExportIsAnAttachmentWithTheSameCsvAsTheCommand() throws Exception {
        HttpResponse<String> res = get("/api/report.csv" + NOVEMBER, Map.of("Cookie", sue));
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        assertThat(res.headers().firstValue("Content-Type")).hasValue("text/csv; charset=utf-8; header=present");
        assertThat(res.headers().firstValue("Content-Disposition"))
                .hasValue("attachment; filename=\"handoff-report-2026-11-01-2026-11-02.csv\"");
        assertThat(res.body())
                .startsWith("scope,day,department,agent,chats,")
                .contains(
                        "\r\nrow,2026-11-01,,,2,20.000,28.000,30.000,38.000,100.000,100.000,0,0.0000,1,4.00,1.0000\r\n")
                .contains("\r\nrow,2026-11-02,,,1,,,,,,,1,1.0000,0,,\r\n")
                .endsWith("\r\ntotal,,,,3,20.000,28.000,30.000,38.000,100.000,100.000,1,0.3333,1,4.00,1.0000\r\n");
    }

    @Test
    void aBadDateOrARangeTooLongIsA400ThatSaysWhatToWrite() throws Exception {
        HttpResponse<String> bad = get("/api/report?from=2026-11-01&to=tomorrow", Map.of("Cookie", sue));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(new JSONObject(bad.body()).getString("message"))
                .isEqualTo("'to': 'tomorrow' is not a date; write it as YYYY-MM-DD, e.g. 2026-11-01");
        HttpResponse<String> tooLong = get("/api/report.csv?from=2020-01-01&to=2026-01-01", Map.of("Cookie", sue));
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(tooLong.body()).contains("a report covers at most 366");
    }

    @Test
    void onlyGetAndHeadReadAReport() throws Exception {
        HttpResponse<String> post = ConsoleHttpTest.send(HttpRequest.newBuilder(URI.create(url + "/api/report"))
                .header("Cookie", sue)
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(""))
                .build());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
    }
}
