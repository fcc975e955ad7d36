package dev.handoff.channel;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.handoff.desk.api.AgentEvents;
import dev.handoff.desk.config.DeskConfig;
import dev.handoff.desk.server.DeskService;
import dev.handoff.desk.support.Sockets;
import dev.handoff.desk.support.TestAgent;
import dev.handoff.desk.support.TestDesks;
import dev.handoff.liveagent.socketio.SocketIoLiveAgentClient;
import dev.handoff.liveagent.socketio.SocketIoSettings;
import dev.handoff.testing.Browser;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The widget in a real browser (headless Chromium) on a shop's page of another origin, against a real bot
 * server, a real desk and an agent on it: a conversation with buttons, a whole handoff and back, a reload in
 * the middle of it, and OWASP payloads from the bot, the agent and the user shown as text. One browser; the
 * tests run in order, as one user's visit.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChatWidgetBrowserTest {
    static final List<String> PAYLOADS = List.of(
            "<script>window.xssRan=3</script>",
            "<img src=x onerror=window.xssRan=4>",
            "\"><svg/onload=window.xssRan=5>",
            "<iframe src=\"javascript:window.parent.xssRan=6\"></iframe>",
            "javascript:window.xssRan=7");

    @org.junit.jupiter.api.io.TempDir
    static Path data;

    static DeskConfig config;
    static DeskService desk;
    static SocketIoLiveAgentClient liveAgent;
    static ServeRig rig;
    static HttpServer shop;
    static String shopUrl;
    static TestAgent ann;
    static Browser browser;
    static String chatId;

    @BeforeAll
    static void start() throws Exception {
        config = TestDesks.config(data);
        desk = TestDesks.start(config);
        liveAgent = new SocketIoLiveAgentClient(
                SocketIoSettings.defaults().withReconnectionDelays(Duration.ofMillis(100), Duration.ofMillis(500)));
        int shopPort = Sockets.freePort();
        shopUrl = "http://localhost:" + shopPort;
        rig = ServeRig.start(liveAgent, TestDesks.url(config), List.of(shopUrl));
        shop = HttpServer.create(new InetSocketAddress("127.0.0.1", shopPort), 0);
        byte[] page = ("<!doctype html><html lang=en><head><meta charset=utf-8><title>Shop</title></head><body>"
                        + "<h1>The shop</h1><script src=\"" + rig.url + "/widget.js\" data-bot=\"shop-bot\" defer>"
                        + "</script></body></html>")
                .getBytes(StandardCharsets.UTF_8);
        shop.createContext("/", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        shop.start();
        ann = TestAgent.signIn(TestDesks.url(config), "ann", "ann-token");
        browser = Browser.start();
    }

    @AfterAll
    static void stop() {
        if (browser != null) browser.close();
        if (ann != null) ann.close();
        if (rig != null) rig.close();
        if (shop != null) shop.stop(0);
        if (desk != null) desk.stop();
    }

    @Test
    @Order(1)
    void theWidgetOnAShopsPageOfAnotherOriginOpensTheChatAndTheBotAnswersWithButtons() {
        openWidget();
        assertThat(browser.byId("status").getText()).isEqualTo("You are chatting with the bot");
        List<String> languages = browser.all("#language option").stream()
                .map(WebElement::getText)
                .toList();
        assertThat(languages).containsExactly("English", "isiZulu");
        type("hello");
        browser.shown("#messages li.bot .text", "Hello! How can I help?");
        type("agent");
        browser.shown("#messages li.bot .text", "Would you like to chat with one of our agents?");
        List<String> buttons = browser.all("#messages li.bot .buttons button").stream()
                .map(WebElement::getText)
                .toList();
        assertThat(buttons).containsExactly("Sales", "Technical support", "Continue with the bot");
    }

    @Test
    @Order(2)
    void aHandoffShowsWaitingThenTheAgentsMessagesLiveAndTheUsersReachTheAgent() {
        ann.emit(AgentEvents.SET_STATUS, "status", "away"); // the chat waits in the queue until she is back
        browser.click("#messages li.bot .buttons button", "Sales");
        browser.shown("#messages li.user .text", "Sales");
        browser.shown(
                "#messages li.bot .text", "Connecting you to an agent. Type /bot at any time to go back to the bot.");
        browser.shown(
                "#messages li.system .text",
                "You are waiting for an agent (position 1). Type /bot at any time to go back to the bot.");
        browser.until(d -> d.findElement(By.id("status")).getText().equals("Waiting for an agent (position 1)…"));
        assertThat(browser.count("#messages li.system .text", "You are now chatting with a live agent."))
                .as("waiting is not chatting")
                .isZero();

        ann.emit(AgentEvents.SET_STATUS, "status", "online");
        chatId = ann.nextAssigned();
        browser.shown("#messages li.system .text", "ann joined the chat.");
        browser.until(d -> d.findElement(By.id("status")).getText().equals("Chatting with ann"));
        ann.emit(AgentEvents.SEND, "chatId", chatId, "text", "Hello, I am Ann. How can I help?");
        browser.shown("#messages li.agent .text", "Hello, I am Ann. How can I help?");
        type("My order has not arrived");
        ann.events.await(AgentEvents.MESSAGE, m -> String.valueOf(m).contains("My order has not arrived"));
    }

    @Test
    @Order(3)
    void aReloadInTheMiddleOfTheHandoffKeepsTheHistoryOnceAndTheAgentsLaterMessagesArrive() {
        browser.driver.navigate().refresh();
        openWidget();
        browser.shown("#messages li.agent .text", "Hello, I am Ann. How can I help?");
        browser.shown("#messages li.user .text", "My order has not arrived");
        assertThat(browser.count("#messages li .text", "Hello! How can I help?"))
                .isEqualTo(1);
        assertThat(browser.count("#messages li .text", "Hello, I am Ann. How can I help?"))
                .isEqualTo(1);
        browser.until(d -> d.findElement(By.id("status")).getText().equals("Chatting with ann"));
        ann.emit(AgentEvents.SEND, "chatId", chatId, "text", "I have found your order.");
        browser.shown("#messages li.agent .text", "I have found your order.");
        type("Thank you");
        ann.events.await(AgentEvents.MESSAGE, m -> String.valueOf(m).contains("Thank you"));
        browser.screenshot("webchat-widget"); // docs/webchat-widget.png
    }

    @Test
    @Order(4)
    void payloadsFromTheAgentAndTheUserAreShownAsTextAndNeverRun() {
        for (String payload : PAYLOADS) {
            ann.emit(AgentEvents.SEND, "chatId", chatId, "text", payload);
            browser.shown("#messages li.agent .text", payload);
            type(payload);
            browser.shown("#messages li.user .text", payload);
        }
        assertInert();
    }

    @Test
    @Order(5)
    void resolvingTheChatGivesTheUserBackToTheBotWhosePayloadIsTextToo() {
        ann.emit(AgentEvents.RESOLVE, "chatId", chatId);
        browser.shown("#messages li.system .text", "The agent has ended the chat. You are back with the bot.");
        browser.until(d -> d.findElement(By.id("status")).getText().equals("You are chatting with the bot"));
        type("show payload");
        browser.shown("#messages li.bot .text", ServeRig.BOT_PAYLOAD);
        assertInert();
    }

    private static void assertInert() {
        assertThat(browser.all("#messages img, #messages script, #messages svg, #messages iframe"))
                .isEmpty();
        assertThat(browser.js("return window.xssRan === undefined")).isEqualTo(true);
        assertThat(browser.dialogOpen()).isFalse();
        // the shop's page, which the chat's frame cannot even reach (another origin)
        browser.driver.switchTo().defaultContent();
        assertThat(browser.js("return window.xssRan === undefined")).isEqualTo(true);
        browser.driver.switchTo().frame(browser.byId("handoff-frame"));
    }

    /** Opens the shop's page, clicks the launcher and enters the chat's frame. */
    private static void openWidget() {
        browser.driver.switchTo().defaultContent();
        browser.open(shopUrl + "/");
        browser.byId("handoff-launcher").click();
        WebElement frame = browser.byId("handoff-frame");
        browser.until(d -> frame.isDisplayed());
        browser.driver.switchTo().frame(frame);
        browser.until(d -> d.findElement(By.id("send")).isEnabled() ? true : null);
    }

    private static void type(String text) {
        WebElement input = browser.byId("input");
        input.sendKeys(text);
        input.sendKeys(Keys.ENTER);
    }
}
