package dev.handoff.channel;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.handoff.liveagent.FakeLiveAgentClient;
import dev.handoff.testing.Browser;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;

/**
 * {@code rasa-webchat} 1.0.1 (an existing widget for Rasa's socketio channel, pinned with its integrity hash
 * in src/test/webchat-js/package-lock.json; the test runs {@code npm ci} there when node_modules is missing),
 * unchanged, on a page of another origin (a {@code com.sun.net.httpserver} on its own port, which the bot
 * server allows), in headless Chromium, through a conversation with the bot server: the launcher, a typed
 * message and the bot's answer, a menu's quick reply clicked and the answer after it, an agent's messages, before and after a reload.
 */
class RasaWebchatBrowserTest {
    static final Path NPM = Path.of("src/test/webchat-js").toAbsolutePath();
    static final Path WIDGET = NPM.resolve("node_modules/rasa-webchat/lib/index.js");
    static final FakeLiveAgentClient liveAgent = new FakeLiveAgentClient();
    static HttpServer site;
    /** A site of an origin the bot server does not allow, with the same page. */
    static HttpServer stranger;

    static String siteOrigin;
    static ServeRig rig;
    static Browser browser;

    @BeforeAll
    static void start() throws Exception {
        ensureNodeModules();
        byte[] widget = Files.readAllBytes(WIDGET);
        site = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        stranger = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        siteOrigin = "http://127.0.0.1:" + site.getAddress().getPort();
        rig = ServeRig.start(liveAgent, "http://127.0.0.1:9", List.of(siteOrigin));
        byte[] page = page(rig.url).getBytes(StandardCharsets.UTF_8);
        for (HttpServer server : List.of(site, stranger)) serve(server, page, widget);
        browser = Browser.start();
    }

    private static void serve(HttpServer server, byte[] page, byte[] widget) {
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            byte[] body = path.equals("/") ? page : path.equals("/rasa-webchat.js") ? widget : null;
            exchange.getResponseHeaders()
                    .set("Content-Type", path.endsWith(".js") ? "text/javascript" : "text/html; charset=utf-8");
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.start();
    }

    @AfterAll
    static void stop() {
        if (browser != null) browser.close();
        if (rig != null) rig.close();
        if (site != null) site.stop(0);
        if (stranger != null) stranger.stop(0);
    }

    /**
     * The host page: rasa-webchat's documented embed, with the bot server's URL; before it, a hook that
     * keeps the status of every Socket.IO polling request the page made ({@code window.socketRequests}).
     */
    static String page(String botServer) {
        return """
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><title>A shop</title></head>
                <body>
                <h1>A shop on another origin</h1>
                <div id="webchat"></div>
                <script>
                  window.socketRequests = [];
                  const open = XMLHttpRequest.prototype.open;
                  XMLHttpRequest.prototype.open = function (method, url) {
                    if (String(url).includes('/socket.io/'))
                      this.addEventListener('loadend', () => window.socketRequests.push(this.status));
                    return open.apply(this, arguments);
                  };
                </script>
                <script src="/rasa-webchat.js"></script>
                <script>
                  WebChat.default({
                    selector: '#webchat',
                    socketUrl: '%s',
                    socketPath: '/socket.io/',
                    customData: {language: 'en'},
                    title: 'Shop'
                  }, null);
                </script>
                </body></html>
                """
                .formatted(botServer);
    }

    @Test
    void rasaWebchatUnchangedChatsWithTheBotServerAnswersAMenuByQuickReplyAndKeepsItsSessionOverAReload()
            throws Exception {
        int sessionsBefore = rig.server.sessions().size();
        browser.open(siteOrigin + "/");
        browser.until(d -> d.findElements(By.cssSelector(".rw-launcher")).isEmpty() ? null : true);
        browser.all(".rw-launcher").get(0).click();
        type("hello");
        see(".rw-response", "Hello! How can I help?");
        assertThat(rig.server.sessions().size())
                .as("the widget's session_request opened one session")
                .isEqualTo(sessionsBefore + 1);
        assertThat(browser.js("return window.socketRequests.filter(s => s === 200).length"))
                .as("the page's Socket.IO polling requests are answered (the hook sees them)")
                .isNotEqualTo(0L);

        type("agent");
        see(".rw-response", "Would you like to chat with one of our agents?");
        assertThat(browser.all(".rw-reply").stream().map(WebElement::getText).toList())
                .containsExactly("Sales", "Technical support", "Continue with the bot");
        int liveBefore = liveAgent.sessions().size();
        browser.click(".rw-reply", "Sales");
        see(".rw-response", "Connecting you to an agent. Type /bot at any time to go back to the bot.");
        see(".rw-client", "Sales");

        FakeLiveAgentClient.FakeSession live = awaitLiveSession(liveBefore);
        live.listener.onConnected();
        see(".rw-response", "You are now chatting with a live agent.");
        live.listener.onAgentMessage("Hi, I am Ann <b>bold</b>");
        see(".rw-response", "Hi, I am Ann <b>bold</b>");
        assertThat(browser.js("return document.querySelectorAll('.rw-response b').length"))
                .as("an agent's text is shown as text, never as HTML")
                .isEqualTo(0L);
        browser.screenshot("rasa-webchat");

        int sessionsBeforeReload = rig.server.sessions().size();
        browser.js("window.beforeReload = true; location.reload()");
        browser.until(d -> Boolean.TRUE.equals(browser.js("return window.beforeReload === undefined")) ? true : null);
        see(".rw-response", "Hi, I am Ann <b>bold</b>");
        live.listener.onAgentMessage("Still there after your reload?");
        see(".rw-response", "Still there after your reload?");
        assertThat(rig.server.sessions().size())
                .as("after a reload the widget's session_request {session_id} rejoins its session")
                .isEqualTo(sessionsBeforeReload);
    }

    @Test
    void rasaWebchatOnAPageOfAnOriginTheServerDoesNotAllowIsRefusedAndOpensNoSession() {
        int sessionsBefore = rig.server.sessions().size();
        browser.open("http://127.0.0.1:" + stranger.getAddress().getPort() + "/");
        Object refused =
                browser.until(d -> browser.js("return window.socketRequests.find(s => s === 0 || s === 403) ?? null"));
        assertThat(((Number) refused).intValue())
                .as("the polling request is refused (403, which the browser reports as 0 without CORS headers)")
                .isIn(0, 403);
        assertThat(browser.js("return window.socketRequests.filter(s => s === 200).length"))
                .as("no Socket.IO request of that page succeeded")
                .isEqualTo(0L);
        assertThat(rig.server.sessions().size()).isEqualTo(sessionsBefore);
    }

    /** Waits until an element under {@code css} shows exactly {@code text} (read in the page: React redraws). */
    private static void see(String css, String text) {
        browser.until(d -> ((Number) browser.js(
                                        "return [...document.querySelectorAll(arguments[0])]"
                                                + ".filter(e => e.innerText.trim() === arguments[1]).length",
                                        css,
                                        text))
                                .intValue()
                        > 0
                ? true
                : null);
    }

    /** Types {@code text} into the widget's input and sends it, again where React redrew an element meanwhile. */
    private static void type(String text) {
        browser.until(d -> {
            try {
                WebElement input = d.findElement(By.cssSelector(".rw-new-message"));
                if (!input.isEnabled()) return null;
                if (!text.equals(input.getDomProperty("value"))) {
                    input.clear();
                    input.sendKeys(text);
                }
                WebElement send = d.findElement(By.cssSelector(".rw-send"));
                if (!send.isEnabled()) return null;
                send.click();
                return true;
            } catch (StaleElementReferenceException | NoSuchElementException redrawn) {
                return null;
            }
        });
        see(".rw-client", text);
    }

    private static FakeLiveAgentClient.FakeSession awaitLiveSession(int before) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (liveAgent.sessions().size() <= before) {
            if (System.nanoTime() > deadline) throw new AssertionError("no handoff reached the live agent");
            Thread.sleep(20);
        }
        return liveAgent.last();
    }

    static void ensureNodeModules() throws Exception {
        if (Files.isRegularFile(WIDGET)) return;
        Process npm = new ProcessBuilder("npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund")
                .directory(NPM.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                .start();
        assertThat(npm.waitFor(5, TimeUnit.MINUTES)).as("npm ci finishes").isTrue();
        assertThat(npm.exitValue()).as("npm ci in %s", NPM).isZero();
    }
}
