package dev.handoff.desk.console;

import static org.assertj.core.api.Assertions.assertThat;

import at.favre.lib.crypto.bcrypt.BCrypt;
import dev.handoff.desk.api.AgentEvents;
import dev.handoff.desk.config.DeskConfig;
import dev.handoff.desk.config.DeskConfigLoader;
import dev.handoff.desk.server.DeskService;
import dev.handoff.desk.support.Sockets;
import dev.handoff.desk.support.TestAgent;
import dev.handoff.desk.support.TestBot;
import dev.handoff.desk.support.TestDesks;
import dev.handoff.protocol.LiveAgentEvents;
import dev.handoff.testing.Browser;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The console's paths that {@link ConsoleBrowserTest}'s shift does not walk, in a real browser against a
 * real desk: paging through an archive longer than a page, transferring a chat to a department the agent
 * does not serve, and the sound toggle (kept across a reload, heard for a new waiting chat only when on).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleArchiveTransferSoundBrowserTest {
    static final String DESK =
            """
            host: 127.0.0.1
            departments: [sales, support]
            autoAssign: false
            autoReply: {every: 0s}
            agents:
              - {name: ann, token: ann-token, password: "%s", departments: [sales], maxChats: 5, language: en}
              - {name: cara, token: cara-token, departments: [sales], maxChats: 30}
              - {name: bob, token: bob-token, departments: [support], maxChats: 5}
            security:
              origins:
                agents: ["%s"]
            """;
    /** One more than two pages of the console's 20. */
    static final int ARCHIVED = 43;

    @org.junit.jupiter.api.io.TempDir
    static Path data;

    static DeskService desk;
    static String url;
    static Browser browser;
    static TestAgent bob;
    static final List<TestBot> bots = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        int port = Sockets.freePort();
        String console = "http://127.0.0.1:" + port;
        String hash = BCrypt.withDefaults().hashToString(4, "ann-secret".toCharArray());
        DeskConfig config = DeskConfigLoader.parse(DESK.formatted(hash, console), "console test")
                .withDataDir(data)
                .withPort(port);
        desk = TestDesks.start(config);
        url = TestDesks.url(config);
        fillTheArchive();
        bob = TestAgent.signIn(url, "bob", "bob-token");
        browser = Browser.start();
        browser.open(console + "/");
        browser.byId("signin-name").sendKeys("ann");
        browser.byId("signin-password").sendKeys("ann-secret");
        browser.byId("signin-submit").click();
        browser.until(d -> d.findElement(By.id("tab-queue")).isDisplayed());
    }

    /** Cara takes and resolves {@value #ARCHIVED} chats of sales: customers 01 to 43. */
    private static void fillTheArchive() {
        try (TestAgent cara = TestAgent.signIn(url, "cara", "cara-token")) {
            for (int i = 1; i <= ARCHIVED; i++) {
                String name = "Customer %02d".formatted(i);
                try (TestBot bot = chat("conv-archived-" + i, name)) {
                    Object queued = cara.events.await(AgentEvents.QUEUE_CHANGED, v -> ((JSONObject) v)
                            .optJSONObject("chat")
                            .optString("conversationId")
                            .equals(bot.conversationId));
                    String chatId = ((JSONObject) queued).optJSONObject("chat").optString("chatId");
                    cara.emit(AgentEvents.TAKE, "chatId", chatId);
                    cara.events.await(
                            AgentEvents.ASSIGNED, v -> TestAgent.chatIdOf(v).equals(chatId));
                    cara.emit(AgentEvents.RESOLVE, "chatId", chatId);
                    cara.events.await(
                            AgentEvents.CHAT_ARCHIVED,
                            v -> ((JSONObject) v).optString("chatId").equals(chatId));
                }
            }
        }
    }

    private static TestBot chat(String conversation, String name) {
        TestBot bot = TestBot.connect(
                url, conversation, Map.of("department", "sales", "contact", Map.of("name", name)), List.of());
        bot.events.await(LiveAgentEvents.START_CONVERSATION);
        return bot;
    }

    @AfterAll
    static void stop() {
        if (browser != null) browser.close();
        bots.forEach(TestBot::close);
        if (bob != null) bob.close();
        if (desk != null) desk.stop();
    }

    @Test
    @Order(1)
    void theArchivePagesTwentyAtATimeNewestFirstAndSearchingNarrowsIt() {
        browser.byId("tab-archive").click();
        browser.until(d -> browser.all("#archive-rows tr").size() == 20);
        assertThat(browser.byId("archive-range").getText()).isEqualTo("1–20");
        assertThat(browser.byId("archive-prev").isEnabled()).isFalse();
        assertThat(firstRow()).contains("Customer 43");

        browser.byId("archive-next").click();
        browser.until(d -> browser.byId("archive-range").getText().equals("21–40"));
        assertThat(firstRow()).contains("Customer 23");
        browser.byId("archive-next").click();
        browser.until(d -> browser.byId("archive-range").getText().equals("41–43"));
        assertThat(browser.all("#archive-rows tr")).hasSize(3);
        assertThat(browser.byId("archive-next").isEnabled()).as("the last page").isFalse();
        assertThat(firstRow()).contains("Customer 03");

        browser.byId("archive-prev").click();
        browser.until(d -> browser.byId("archive-range").getText().equals("21–40"));

        WebElement query = browser.byId("archive-query");
        query.clear();
        query.sendKeys("customer 07", org.openqa.selenium.Keys.ENTER);
        browser.until(d -> browser.all("#archive-rows tr").size() == 1);
        assertThat(browser.byId("archive-range").getText())
                .as("a search starts at its first page")
                .isEqualTo("1–1");
        assertThat(firstRow()).contains("Customer 07");
        query.clear();
        query.sendKeys(org.openqa.selenium.Keys.ENTER);
        browser.until(d -> browser.byId("archive-range").getText().equals("1–20"));
    }

    private static String firstRow() {
        return browser.all("#archive-rows tr").get(0).getText();
    }

    @Test
    @Order(2)
    void aChatTransferredToADepartmentSheDoesNotServeLeavesHerConsoleAndWaitsInThatQueue() {
        TestBot lindiwe = chat("conv-lindiwe", "Lindiwe Khumalo");
        bots.add(lindiwe);
        browser.byId("tab-queue").click();
        browser.shown("#queue-rows .contact-name", "Lindiwe Khumalo")
                .findElement(By.xpath("./ancestor::tr"))
                .findElement(By.cssSelector("button.take"))
                .click();
        browser.until(d -> d.findElement(By.id("chat-title")).getText().equals("Lindiwe Khumalo"));

        new Select(browser.byId("transfer-to")).selectByValue("department:support");
        browser.byId("transfer").click();

        Object waiting = bob.events.await(AgentEvents.QUEUE_CHANGED, v -> {
            JSONObject chat = ((JSONObject) v).optJSONObject("chat");
            return chat.optString("conversationId").equals("conv-lindiwe")
                    && chat.optString("department").equals("support")
                    && chat.optString("status").equals("queued");
        });
        assertThat(waiting).as("bob, who serves support, sees it waiting").isNotNull();
        browser.until(d -> browser.all("#chat-list .contact-name").isEmpty());
        browser.byId("tab-queue").click();
        assertThat(browser.all("#queue-rows .contact-name"))
                .as("not in ann's queue: she does not serve support")
                .isEmpty();
    }

    @Test
    @Order(3)
    void theSoundIsOffUntilTurnedOnStaysOnAfterAReloadAndIsHeardForANewWaitingChatOnlyWhenOn() {
        assertThat(browser.byId("sound").getDomAttribute("aria-pressed")).isEqualTo("false");
        browser.byId("sound").click();
        assertThat(browser.byId("sound").getDomAttribute("aria-pressed")).isEqualTo("true");
        browser.driver.navigate().refresh();
        browser.until(d -> d.findElement(By.id("tab-queue")).isDisplayed());
        browser.until(d -> "true".equals(d.findElement(By.id("sound")).getDomAttribute("aria-pressed")));
        listenForBeeps();

        TestBot sizwe = chat("conv-sizwe", "Sizwe Ndlovu");
        bots.add(sizwe);
        browser.shown("#queue-rows .contact-name", "Sizwe Ndlovu");
        browser.until(d -> beeps() == 1);

        browser.byId("sound").click();
        assertThat(browser.byId("sound").getDomAttribute("aria-pressed")).isEqualTo("false");
        TestBot thabo = chat("conv-thabo", "Thabo Mokoena");
        bots.add(thabo);
        browser.shown("#queue-rows .contact-name", "Thabo Mokoena");
        assertThat(beeps()).as("no sound once turned off").isEqualTo(1);
    }

    /**
     * Headless Chromium has no speakers: the page's AudioContext is replaced by one that counts the tones
     * started, so the test hears what an agent would.
     */
    private static void listenForBeeps() {
        browser.js(
                """
                window.__beeps = 0;
                window.AudioContext = class {
                  constructor() { this.currentTime = 0; this.destination = {}; }
                  createGain() {
                    return { gain: { setValueAtTime() {}, exponentialRampToValueAtTime() {} }, connect: (d) => d };
                  }
                  createOscillator() {
                    return { frequency: {}, connect: (g) => g, start: () => { window.__beeps++; }, stop() {} };
                  }
                };
                """);
    }

    private static long beeps() {
        return ((Number) browser.js("return window.__beeps;")).longValue();
    }
}
