package dev.handoff.channel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.handoff.desk.api.AgentEvents;
import dev.handoff.desk.config.DeskConfig;
import dev.handoff.desk.server.DeskService;
import dev.handoff.desk.support.Sockets;
import dev.handoff.desk.support.TestAgent;
import dev.handoff.desk.support.TestDesks;
import dev.handoff.liveagent.socketio.SocketIoLiveAgentClient;
import dev.handoff.liveagent.socketio.SocketIoSettings;
import dev.handoff.testing.Browser;
import java.nio.file.Path;
import java.time.Duration;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The web chat in a real browser (headless Chromium) against {@code serve} on an H2 store and a real desk: the
 * server restarts in the middle of a handoff, the agent writes meanwhile; the page that stayed open reconnects,
 * and then reloaded, shows the whole conversation once, with the agent's message, and goes on in the same desk
 * chat.
 */
class ServeRestartedBrowserTest {
    @TempDir
    Path data;

    private DeskConfig config;
    private DeskService desk;
    private TestAgent ann;
    private ServeRig rig;
    private Browser browser;

    @BeforeEach
    void setUp() {
        config = TestDesks.config(data.resolve("desk"));
        desk = TestDesks.start(config);
        ann = TestAgent.signIn(TestDesks.url(config), "ann", "ann-token");
        browser = Browser.start();
    }

    @AfterEach
    void tearDown() {
        if (browser != null) browser.close();
        if (rig != null) rig.close();
        ann.close();
        desk.stop();
    }

    private ServeRig server(int port) {
        var client = new SocketIoLiveAgentClient(
                SocketIoSettings.defaults().withReconnectionDelays(Duration.ofMillis(100), Duration.ofMillis(500)));
        return ServeRig.startStored(client, TestDesks.url(config), data.resolve("bot"), port);
    }

    @Test
    void aPageKeptOpenOrReloadedAcrossAServerRestartMidHandoffShowsEverythingOnceAndGoesOnWithTheAgent() {
        int port = Sockets.freePort();
        rig = server(port);
        openChat();
        type("hello");
        browser.shown("#messages li.bot .text", "Hello! How can I help?");
        type("agent");
        browser.shown("#messages li.bot .text", "Would you like to chat with one of our agents?");
        browser.click("#messages li.bot .buttons button", "Sales");
        String chatId = ann.nextAssigned();
        browser.shown("#messages li.system .text", "ann joined the chat.");
        ann.emit(AgentEvents.SEND, "chatId", chatId, "text", "Hello, I am Ann");
        browser.shown("#messages li.agent .text", "Hello, I am Ann");
        type("My order has not arrived");
        awaitUserMessage(chatId, "My order has not arrived");

        rig.close();
        rig = null;
        ann.emit(AgentEvents.SEND, "chatId", chatId, "text", "Written while you were away");
        rig = server(port);

        // the page stayed open: its socket reconnects to the new server with its session id
        browser.shown("#messages li.agent .text", "Written while you were away");
        assertShownOnce();
        browser.driver.navigate().refresh();
        openChat();
        browser.shown("#messages li.agent .text", "Written while you were away");
        assertShownOnce();
        browser.until(d -> d.findElement(By.id("status")).getText().startsWith("Chatting with"));
        type("Is it found?");
        awaitUserMessage(chatId, "Is it found?");
        ann.emit(AgentEvents.SEND, "chatId", chatId, "text", "Yes, it is on its way");
        browser.shown("#messages li.agent .text", "Yes, it is on its way");
        assertThat(ann.events.all(AgentEvents.ASSIGNED)).hasSize(1);
        assertThat(ann.events.all(AgentEvents.MESSAGE).stream()
                        .filter(m -> m instanceof JSONObject o
                                && "Is it found?".equals(o.optString("text"))
                                && !o.optBoolean("history")))
                .hasSize(1);
    }

    private void assertShownOnce() {
        for (String once : new String[] {
            "hello",
            "Hello! How can I help?",
            "Hello, I am Ann",
            "My order has not arrived",
            "Written while you were away"
        }) {
            assertThat(browser.count("#messages li .text", once)).as(once).isEqualTo(1);
        }
    }

    private void awaitUserMessage(String chatId, String text) {
        ann.events.await(
                AgentEvents.MESSAGE,
                m -> m instanceof JSONObject o
                        && chatId.equals(o.optString("chatId"))
                        && "user".equals(o.optString("sender"))
                        && text.equals(o.optString("text")));
    }

    private void openChat() {
        browser.open(rig.url + "/");
        browser.until(d -> d.findElement(By.id("send")).isEnabled() ? true : null);
    }

    private void type(String text) {
        WebElement input = browser.byId("input");
        input.sendKeys(text);
        input.sendKeys(Keys.ENTER);
    }
}
