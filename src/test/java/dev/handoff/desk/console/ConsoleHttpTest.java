package dev.handoff.desk.console;

import static org.assertj.core.api.Assertions.assertThat;

import at.favre.lib.crypto.bcrypt.BCrypt;
import dev.handoff.desk.api.AgentEvents;
import dev.handoff.desk.config.DeskConfig;
import dev.handoff.desk.config.DeskConfigLoader;
import dev.handoff.desk.server.DeskService;
import dev.handoff.desk.support.LogCapture;
import dev.handoff.desk.support.Sockets;
import dev.handoff.desk.support.TestAgent;
import dev.handoff.desk.support.TestDesks;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console over plain HTTP, as a browser's requests reach the desk's port: its files with their
 * content types and security headers, 404 for anything else, and the password sign-in's doors.
 */
class ConsoleHttpTest {
    static final String YAML =
            """
            host: 127.0.0.1
            departments: [sales, support]
            autoReply: {every: 0s}
            agents:
              - {name: ann, token: ann-token, password: "%s", departments: [sales]}
              - {name: tom, token: tom-token, departments: [support]}
            security:
              origins: {liveAgent: ["http://shop.example"]}
              limits: {signInFailures: %d, signInLockout: 30s}
            """;

    @TempDir
    Path data;

    DeskService desk;
    String url;

    void start(int cost, int signInFailures) {
        String hash = BCrypt.withDefaults().hashToString(cost, "ann-secret".toCharArray());
        DeskConfig config = DeskConfigLoader.parse(YAML.formatted(hash, signInFailures), "console http test")
                .withDataDir(data)
                .withPort(Sockets.freePort());
        desk = TestDesks.start(config);
        url = TestDesks.url(config);
    }

    @AfterEach
    void stop() {
        if (desk != null) desk.stop();
    }

    // ---------------------------------------------------------------- files

    @Test
    void theConsolesFilesComeFromTheDeskWithTheirTypesAndAStrictContentSecurityPolicy() throws Exception {
        start(4, 5);
        Map<String, String> types = Map.of(
                "/", "text/html; charset=utf-8",
                "/app.js", "text/javascript; charset=utf-8",
                "/app.css", "text/css; charset=utf-8",
                "/assets/socket.io.esm.min.js", "text/javascript; charset=utf-8",
                "/icon.svg", "image/svg+xml");
        for (var file : types.entrySet()) {
            HttpResponse<String> res = get(file.getKey(), Map.of());
            assertThat(res.statusCode()).as(file.getKey()).isEqualTo(200);
            assertThat(res.headers().firstValue("Content-Type")).hasValue(file.getValue());
            assertSecurityHeaders(res);
            assertThat(res.headers().firstValue("Cache-Control")).hasValue("no-cache");
            String etag = res.headers().firstValue("ETag").orElseThrow();
            assertThat(get(file.getKey(), Map.of("If-None-Match", etag)).statusCode())
                    .isEqualTo(304);
        }
        assertThat(get("/", Map.of()).body()).contains("<script type=\"module\" src=\"/app.js\"></script>");
        assertThat(get("/assets/socket.io.esm.min.js", Map.of()).body()).startsWith("/*!\n * Socket.IO v4.");
    }

    static void assertSecurityHeaders(HttpResponse<?> res) {
        String csp = res.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(csp)
                .contains("default-src 'self'")
                .contains("script-src 'self';")
                .contains("connect-src 'self' ws: wss:")
                .contains("frame-ancestors 'none'")
                .contains("object-src 'none'")
                .doesNotContain("unsafe-inline")
                .doesNotContain("unsafe-eval");
        assertThat(res.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(res.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(res.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
    }

    @Test
    void anUnknownPathIsA404AndOnlyGetAndHeadReadAFile() throws Exception {
        start(4, 5);
        for (String path : List.of(
                "/nothing",
                "/../pom.xml",
                "/console/app.js",
                "/app.js/",
                "/socket.io",
                "/api",
                "/nothing?EIO=4&transport=polling",
                "/x?EIO=4&transport=websocket")) {
            HttpResponse<String> res = get(path, Map.of());
            assertThat(res.statusCode()).as(path).isEqualTo(404);
            assertSecurityHeaders(res);
        }
        HttpResponse<String> post = send(HttpRequest.newBuilder(URI.create(url + "/app.js"))
                .POST(HttpRequest.BodyPublishers.ofString("x"))
                .build());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
        HttpResponse<String> head = send(HttpRequest.newBuilder(URI.create(url + "/app.js"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(get("/app.css?EIO=4&transport=polling", Map.of()).body())
                .as("a console path is the console's, whatever its parameters")
                .contains("--brand");
        assertThat(get("/socket.io/?EIO=4&transport=polling", Map.of()).body())
                .as("Socket.IO still answers on its path")
                .startsWith("0{");
    }

    @Test
    void aKeptAliveConnectionOutlivesNettySocketIosFirstDataTimeout() throws Exception {
        start(4, 5);
        java.net.URI u = URI.create(url);
        try (java.net.Socket socket = new java.net.Socket(u.getHost(), u.getPort())) {
            socket.setSoTimeout(10_000);
            assertThat(rawGet(socket, "/app.css")).startsWith("HTTP/1.1 200");
            Thread.sleep(6_000); // past firstDataTimeout (5 s), within the idle limit (15 s)
            assertThat(rawGet(socket, "/app.css"))
                    .as("the same connection still answers")
                    .startsWith("HTTP/1.1 200");
        }
    }

    /** One request on {@code socket}; the status line and headers of the answer (its body is read and dropped). */
    static String rawGet(java.net.Socket socket, String path) throws Exception {
        var out = socket.getOutputStream();
        out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        out.flush();
        var in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) return "closed: " + head;
            head.append((char) b);
        }
        java.util.regex.Matcher length =
                java.util.regex.Pattern.compile("(?i)content-length: (\\d+)").matcher(head);
        if (length.find()) in.readNBytes(Integer.parseInt(length.group(1)));
        return head.toString();
    }

    // ---------------------------------------------------------------- sign-in

    @Test
    void aWrongPasswordAndAnUnknownNameGetTheSame401AfterTheSameDelay() throws Exception {
        start(4, 50);
        long t0 = System.nanoTime();
        HttpResponse<String> wrongPassword = signIn("ann", "guess");
        long wrongPasswordMs = (System.nanoTime() - t0) / 1_000_000;
        t0 = System.nanoTime();
        HttpResponse<String> unknownName = signIn("anne", "ann-secret");
        long unknownNameMs = (System.nanoTime() - t0) / 1_000_000;
        t0 = System.nanoTime();
        HttpResponse<String> noPassword = signIn("tom", "tom-token");
        long noPasswordMs = (System.nanoTime() - t0) / 1_000_000;

        for (HttpResponse<String> res : List.of(wrongPassword, unknownName, noPassword)) {
            assertThat(res.statusCode()).isEqualTo(401);
            JSONObject body = new JSONObject(res.body());
            assertThat(body.getString("code")).isEqualTo("invalid_credentials");
            assertThat(body.getString("message")).isEqualTo("wrong name or password");
            assertThat(body.length()).isEqualTo(2);
            assertThat(res.headers().firstValue("Set-Cookie")).isEmpty();
        }
        assertThat(List.of(wrongPasswordMs, unknownNameMs, noPasswordMs))
                .as("each answered a second after it came")
                .allSatisfy(ms -> assertThat(ms).isBetween(950L, 2500L));
        System.out.println("console sign-in: wrong password " + wrongPasswordMs + " ms, unknown name " + unknownNameMs
                + " ms, agent without password " + noPasswordMs + " ms");
    }

    @Test
    void theRightPasswordGivesAnHttpOnlyStrictSessionCookieThatOpensTheAgentsNamespace() throws Exception {
        start(4, 5);
        long t0 = System.nanoTime();
        HttpResponse<String> res = signIn("ann", "ann-secret");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(new JSONObject(res.body()).getString("name")).isEqualTo("ann");
        assertThat(ms).as("a right password is not delayed").isLessThan(900);
        String setCookie = res.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie)
                .startsWith("handoff_session=")
                .contains("HTTPOnly")
                .contains("SameSite=Strict")
                .contains("Path=/")
                .doesNotContain("Secure")
                .doesNotContain("Max-Age");
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));
        assertThat(cookie.substring("handoff_session=".length())).hasSize(43); // 256 bits, base64url

        HttpResponse<String> me = get("/api/session", Map.of("Cookie", cookie));
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(me.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(get("/api/session", Map.of()).statusCode()).isEqualTo(401);
        assertThat(get("/api/session", Map.of("Cookie", "handoff_session=forged"))
                        .statusCode())
                .isEqualTo(401);

        try (TestAgent ann = TestAgent.connectWithHeaders(url, "ann", Map.of("Cookie", List.of(cookie)))) {
            JSONObject signedIn = (JSONObject) ann.events.await(AgentEvents.SIGNED_IN);
            assertThat(signedIn.getString("name")).isEqualTo("ann");
            JSONObject info = (JSONObject) ann.events.await(AgentEvents.DESK_INFO);
            assertThat(info.getJSONArray("departments").toString()).isEqualTo("[\"sales\",\"support\"]");
            assertThat(info.getInt("maxMessageSize")).isEqualTo(4000);

            HttpResponse<String> out = send(HttpRequest.newBuilder(URI.create(url + "/api/session"))
                    .header("Cookie", cookie)
                    .DELETE()
                    .build());
            assertThat(out.statusCode()).isEqualTo(204);
            assertThat(out.headers().firstValue("Set-Cookie").orElseThrow())
                    .startsWith("handoff_session=;")
                    .contains("Max-Age=0");
            ann.events.await(io.socket.client.Socket.EVENT_DISCONNECT);
        }
        assertThat(get("/api/session", Map.of("Cookie", cookie)).statusCode()).isEqualTo(401);
    }

    @Test
    void failedPasswordsCountAgainstTheSignInThrottleWhichAnswers429WithRetryAfter() throws Exception {
        start(4, 3);
        for (int i = 0; i < 3; i++)
            assertThat(signIn("ann", "guess-" + i).statusCode()).isEqualTo(401);
        long t0 = System.nanoTime();
        HttpResponse<String> locked = signIn("ann", "ann-secret");
        assertThat((System.nanoTime() - t0) / 1_000_000).as("refused at once").isLessThan(900);
        assertThat(locked.statusCode()).isEqualTo(429);
        assertThat(locked.headers().firstValue("Retry-After")).isPresent();
        JSONObject body = new JSONObject(locked.body());
        assertThat(body.getString("code")).isEqualTo("too_many_attempts");
        assertThat(body.getInt("retryAfter")).isBetween(1, 30);
        // the same throttle refuses the agent's token sign-in on /agents: one door, two ways in
        try (TestAgent byToken = TestAgent.connect(url, "ann", "ann-token")) {
            Object refused = byToken.events.await(io.socket.client.Socket.EVENT_CONNECT_ERROR);
            assertThat(((JSONObject) refused).optString("code")).isEqualTo("too_many_attempts");
        }
    }

    @Test
    void aSignInFromAnOriginNotAllowedOnAgentsOrNotAsJsonIsRefused() throws Exception {
        start(4, 5);
        // a bot's web page may use /live_agent; it may not sign agents in
        HttpResponse<String> foreign = send(HttpRequest.newBuilder(URI.create(url + "/api/session"))
                .header("Origin", "http://shop.example")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"ann\",\"password\":\"ann-secret\"}"))
                .build());
        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(new JSONObject(foreign.body()).getString("code")).isEqualTo("origin_not_allowed");
        assertThat(foreign.headers().firstValue("Set-Cookie")).isEmpty();
        HttpResponse<String> form = send(HttpRequest.newBuilder(URI.create(url + "/api/session"))
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"ann\",\"password\":\"ann-secret\"}"))
                .build());
        assertThat(form.statusCode()).isEqualTo(415);
        HttpResponse<String> own = send(HttpRequest.newBuilder(URI.create(url + "/api/session"))
                .header("Origin", url)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"ann\",\"password\":\"ann-secret\"}"))
                .build());
        assertThat(own.statusCode()).isEqualTo(200);
        assertThat(signIn(null, "x").statusCode()).isEqualTo(400);
        HttpResponse<String> huge = send(HttpRequest.newBuilder(URI.create(url + "/api/session"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + "a".repeat(10_000) + "\"}"))
                .build());
        assertThat(huge.statusCode()).as("refused before it is read").isEqualTo(413);
    }

    @Test
    void passwordsAndSessionIdsNeverReachTheLog() throws Exception {
        start(4, 50);
        try (LogCapture log = LogCapture.of("dev.handoff")) {
            signIn("ann", "wrong-secret-123");
            HttpResponse<String> ok = signIn("ann", "ann-secret");
            String id = ok.headers().firstValue("Set-Cookie").orElseThrow().split("[=;]")[1];
            send(HttpRequest.newBuilder(URI.create(url + "/api/session"))
                    .header("Cookie", "handoff_session=" + id)
                    .DELETE()
                    .build());
            assertThat(log.messages())
                    .isNotEmpty()
                    .noneMatch(m -> m.contains("wrong-secret-123") || m.contains("ann-secret") || m.contains(id));
        }
    }

    @Test
    void bcryptRunsOffTheEventThreadsSoFilesAreServedWhileSignInsAreChecked() throws Exception {
        start(12, 1000); // about 0.3 to 0.6 s a check on this machine
        try (LogCapture log = LogCapture.of("dev.handoff.desk.server.ConsoleSignIn")) {
            List<CompletableFuture<HttpResponse<String>>> signIns = new ArrayList<>();
            HttpClient client =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            for (int i = 0; i < 8; i++) {
                signIns.add(client.sendAsync(signInRequest("ann", "guess-" + i), HttpResponse.BodyHandlers.ofString()));
            }
            Thread.sleep(150);
            long worst = 0;
            for (int i = 0; i < 8; i++) {
                long t0 = System.nanoTime();
                assertThat(get("/app.css", Map.of()).statusCode()).isEqualTo(200);
                worst = Math.max(worst, (System.nanoTime() - t0) / 1_000_000);
            }
            boolean stillChecking = signIns.stream().anyMatch(f -> !f.isDone());
            for (var f : signIns) assertThat(f.get().statusCode()).isIn(401, 503);
            System.out.println("console: slowest file while 8 sign-ins were checked: " + worst + " ms");
            assertThat(log.threadsOf("wrong name or password"))
                    .as("the check (and its verdict) on the sign-in threads, never an event loop")
                    .isNotEmpty()
                    .allSatisfy(thread -> assertThat(thread).isEqualTo("desk-sign-in"));
            assertThat(stillChecking)
                    .as("the files came while sign-ins were being checked")
                    .isTrue();
            assertThat(worst).as("no event thread waits for bcrypt").isLessThan(1500);
        }
    }

    // ---------------------------------------------------------------- helpers

    HttpResponse<String> get(String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + path)).GET();
        headers.forEach(b::header);
        return send(b.build());
    }

    HttpRequest signInRequest(String name, String password) throws Exception {
        JSONObject body = new JSONObject();
        if (name != null) body.put("name", name);
        body.put("password", password);
        return HttpRequest.newBuilder(URI.create(url + "/api/session"))
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
    }

    HttpResponse<String> signIn(String name, String password) throws Exception {
        return send(signInRequest(name, password));
    }

    /** Each request on a connection of its own, as a page and its files may come. */
    static HttpResponse<String> send(HttpRequest request) throws Exception {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .build()
                .send(request, HttpResponse.BodyHandlers.ofString());
    }
}
