package dev.handoff.desk.console;

import static org.assertj.core.api.Assertions.assertThat;

import at.favre.lib.crypto.bcrypt.BCrypt;
import com.google.inject.util.Modules;
import dev.handoff.HandoffRuntime;
import dev.handoff.desk.api.AgentEvents;
import dev.handoff.desk.config.DeskConfig;
import dev.handoff.desk.config.DeskConfigLoader;
import dev.handoff.desk.server.DeskService;
import dev.handoff.desk.support.Sockets;
import dev.handoff.desk.support.TestAgent;
import dev.handoff.desk.support.TestBot;
import dev.handoff.desk.support.TestDesks;
import dev.handoff.dialogue.Bot;
import dev.handoff.dialogue.Reply;
import dev.handoff.dialogue.TestRuntime;
import dev.handoff.liveagent.socketio.SocketIoLiveAgentClient;
import dev.handoff.liveagent.socketio.SocketIoSettings;
import dev.handoff.protocol.LiveAgentEvents;
import dev.handoff.testing.Browser;
import dev.handoff.testing.FaultProxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The agents' console in a real browser (headless Chromium), against a real desk and a real bot over the
 * real bridge (dialogue manager, human_handoff preset, Socket.IO client) in isiZulu. The browser reaches
 * the desk through a {@link FaultProxy}, so the test can cut its connection; the proxy's address is the
 * one origin {@code security.origins.agents} allows. One browser for the whole class; the tests run in
 * order, as one agent's shift: sign-in, queue, chat, quick reply, reconnect, transfer, resolve, archive,
 * keyboard, phone, origins, sign-out.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest {
    static final String BOT =
            """
            id: console-bot
            languages: [en, zu]
            presets:
              human_handoff:
                live_agent_url: %s
                connect_timeout_seconds: 30
                reconnect_timeout_seconds: 120
                departments:
                  - id: sales
                    label: {en: Sales, zu: Ukuthengisa}
                  - id: support
                    label: {en: Technical support, zu: Usizo}
            intents:
              greet: {en: [hello], zu: [sawubona]}
            responses:
              hello: {en: "Hello! How can I help?", zu: "Sawubona! Ngingakusiza kanjani?"}
            streams:
              greeting: {trigger: greet, steps: [{say: hello}]}
            """;

    static final String DESK =
            """
            host: 127.0.0.1
            departments: [sales, support]
            autoAssign: false
            maxMessageSize: 2000
            sla: 3s
            tick: 100ms
            autoReply: {every: 0s}
            agents:
              - {name: ann, token: ann-token, password: "%s", departments: [sales], maxChats: 5, language: en}
              - {name: bob, token: bob-token, departments: [sales, support], maxChats: 5, language: zu}
            quickReplies:
              - {id: greeting, texts: {en: "Hello, how can I help?", zu: "Sawubona, ngingakusiza ngani?"}}
              - {id: wait, texts: {en: "One moment please.", zu: "Sicela ume kancane."}}
            security:
              origins:
                agents: ["%s"]
            """;

    @org.junit.jupiter.api.io.TempDir
    static Path data;

    static DeskConfig config;
    static DeskService desk;
    static FaultProxy proxy;
    static String console;
    static HandoffRuntime runtime;
    static final String conversation = "conv-nomsa-" + System.nanoTime();
    static final List<Reply> userSees = new CopyOnWriteArrayList<>();
    static TestBot johan;
    static TestAgent bob;
    static Browser browser;
    static long started;

    @BeforeAll
    static void start() throws Exception {
        started = System.nanoTime();
        int port = Sockets.freePort();
        proxy = FaultProxy.to("127.0.0.1", port);
        console = "http://127.0.0.1:" + proxy.port();
        String hash = BCrypt.withDefaults().hashToString(4, "ann-secret".toCharArray());
        config = DeskConfigLoader.parse(DESK.formatted(hash, console), "console test")
                .withDataDir(data)
                .withPort(port);
        desk = TestDesks.start(config);
        runtime = TestRuntime.with(
                new SocketIoLiveAgentClient(SocketIoSettings.defaults()
                        .withReconnectionDelays(Duration.ofMillis(100), Duration.ofMillis(500))),
                Modules.EMPTY_MODULE);
        bob = TestAgent.signIn(TestDesks.url(config), "bob", "bob-token");
        browser = Browser.start();
    }

    @AfterAll
    static void stop() {
        long ms = (System.nanoTime() - started) / 1_000_000;
        System.out.println("ConsoleBrowserTest: " + ms + " ms in all");
        if (browser != null) browser.close();
        if (johan != null) johan.close();
        if (bob != null) bob.close();
        if (runtime != null) runtime.conversations().close(conversation);
        if (desk != null) desk.stop();
        if (proxy != null) proxy.close();
    }

    // ---------------------------------------------------------------- the shift

    @Test
    @Order(1)
    void aWrongNameOrPasswordGetsOneMessageAfterADelayThatNeverSaysWhichHalfWasWrong() {
        browser.open(console + "/");
        String wrongPassword = signInExpectingError("ann", "not-her-password");
        String unknownName = signInExpectingError("nobody", "ann-secret");
        assertThat(wrongPassword).isEqualTo("Wrong name or password.");
        assertThat(unknownName).isEqualTo(wrongPassword);
    }

    /** Signs in with wrong credentials; the message, once it came (at least the desk's one-second delay). */
    private static String signInExpectingError(String name, String password) {
        type("signin-name", name);
        type("signin-password", password);
        long t0 = System.nanoTime();
        browser.byId("signin-submit").click();
        WebElement error = browser.until(d -> {
            WebElement e = d.findElement(By.id("signin-error"));
            return e.isDisplayed() && !e.getText().isEmpty() ? e : null;
        });
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(ms).as("the answer to a wrong sign-in waits about a second").isGreaterThanOrEqualTo(900);
        return error.getText();
    }

    private static void type(String id, String text) {
        WebElement field = browser.byId(id);
        field.clear();
        field.sendKeys(text);
    }

    @Test
    @Order(2)
    void anAgentSignsInAndSeesTheWaitingChatsOfHerDepartmentsOldestFirstWithALiveWaitTime() {
        type("signin-name", "ann");
        type("signin-password", "ann-secret");
        browser.byId("signin-submit").click();
        browser.until(d -> d.findElement(By.id("my-name")).getText().equals("ann"));
        assertThat(browser.byId("tab-queue").getDomAttribute("aria-current")).isEqualTo("page");
        // status and language: changed in the header, confirmed by the desk
        new org.openqa.selenium.support.ui.Select(browser.byId("my-status")).selectByValue("away");
        browser.until(
                d -> d.findElement(By.id("my-dot")).getDomAttribute("class").equals("dot away"));
        new org.openqa.selenium.support.ui.Select(browser.byId("my-status")).selectByValue("online");
        browser.until(
                d -> d.findElement(By.id("my-dot")).getDomAttribute("class").equals("dot online"));
        new org.openqa.selenium.support.ui.Select(browser.byId("my-language")).selectByValue("zu");

        johan = TestBot.connect(
                TestDesks.url(config),
                "conv-johan",
                Map.of("department", "sales", "language", "af", "contact", Map.of("name", "Johan Botha")),
                List.<String[]>of(new String[] {"user", "Hallo"}));
        johan.events.await(LiveAgentEvents.MESSAGES);
        browser.shown("#queue-rows .contact-name", "Johan Botha");

        handOffNomsa();
        WebElement nomsa = browser.shown("#queue-rows .contact-name", "Nomsa Dlamini");
        List<String> order = browser.all("#queue-rows .contact-name").stream()
                .map(WebElement::getText)
                .toList();
        assertThat(order).containsExactly("Johan Botha", "Nomsa Dlamini");
        WebElement row = nomsa.findElement(By.xpath("./ancestor::tr"));
        assertThat(row.getText()).contains("sales").contains("isiZulu");
        String wait = row.findElement(By.cssSelector(".wait")).getText();
        browser.until(d -> !row.findElement(By.cssSelector(".wait")).getText().equals(wait));
        assertThat(browser.byId("badge-queue").getText()).isEqualTo("2");
        browser.screenshot("console-queue");
    }

    /** The user talks to the bot in isiZulu, asks for a person, gives a name and an email: handed off. */
    private static void handOffNomsa() {
        Bot bot =
                runtime.bot(runtime.botLoader().loadOrThrow("console-bot.yaml", BOT.formatted(TestDesks.url(config))));
        runtime.conversations().open(conversation, bot, "zu", (id, reply) -> userSees.add(reply));
        say("sawubona");
        say("ngifuna ukukhuluma nomuntu");
        say("1");
        say("Nomsa Dlamini");
        say("nomsa@example.com");
        awaitUser(
                "the handoff to connect",
                r -> r instanceof Reply.SystemNotice n && n.progress() != null); // waiting, in the queue
    }

    private static void say(String text) {
        runtime.conversations().send(conversation, text);
    }

    private static Reply awaitUser(String what, java.util.function.Predicate<Reply> matching) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            for (Reply r : userSees) if (matching.test(r)) return r;
            sleep(20);
        }
        throw new AssertionError("the user never got " + what + "; got " + userSees);
    }

    @Test
    @Order(3)
    void takingAChatOpensItWithTheContactPanelAndTheBotHistoryMarkedBeforeTheHandoff() {
        WebElement row =
                browser.shown("#queue-rows .contact-name", "Nomsa Dlamini").findElement(By.xpath("./ancestor::tr"));
        row.findElement(By.cssSelector("button.take")).click();
        browser.until(d -> d.findElement(By.id("chat-title")).getText().equals("Nomsa Dlamini"));
        assertThat(browser.byId("tab-live").getDomAttribute("aria-current")).isEqualTo("page");
        String contact = browser.byId("contact-details").getText();
        assertThat(contact)
                .contains("Nomsa Dlamini")
                .contains("nomsa@example.com")
                .contains("isiZulu (zu)")
                .contains("sales")
                .contains("connected");
        browser.shown("#messages .divider", "Before the handoff: the conversation with the bot");
        browser.shown("#messages .msg-user.history .text", "sawubona");
        browser.shown("#messages .msg-bot.history .text", "Sawubona! Ngingakusiza kanjani?");
        assertThat(browser.byId("badge-queue").getText()).isEqualTo("1");
    }

    @Test
    @Order(4)
    void messagesGoBothWaysWithinASecondEnterSendsAndShiftEnterStartsANewLine() {
        long t0 = System.nanoTime();
        say("Ngidinga usizo nge-oda lami");
        browser.until(
                Duration.ofSeconds(1),
                d -> browser.count("#messages .msg-user .text", "Ngidinga usizo nge-oda lami") == 1);
        long userToAgent = (System.nanoTime() - t0) / 1_000_000;
        browser.shown("#messages .msg-user .who", "Nomsa Dlamini");

        WebElement composer = browser.byId("composer");
        composer.sendKeys("Sawubona Nomsa");
        t0 = System.nanoTime();
        composer.sendKeys(Keys.ENTER);
        awaitUser(
                "the agent's answer",
                r -> r instanceof Reply.AgentText t && t.text().equals("Sawubona Nomsa"));
        long agentToUser = (System.nanoTime() - t0) / 1_000_000;
        browser.shown("#messages .msg-agent .text", "Sawubona Nomsa");
        browser.shown("#messages .msg-agent .who", "ann");
        assertThat(composer.getDomProperty("value")).isEmpty();

        composer.sendKeys("line one");
        composer.sendKeys(Keys.chord(Keys.SHIFT, Keys.ENTER));
        composer.sendKeys("line two", Keys.ENTER);
        awaitUser(
                "two lines in one message",
                r -> r instanceof Reply.AgentText t && t.text().equals("line one\nline two"));
        System.out.println(
                "console: user -> agent shown in " + userToAgent + " ms, agent -> user in " + agentToUser + " ms");
    }

    @Test
    @Order(5)
    void aQuickReplyPickedWithASlashIsSentInTheUsersLanguageAndTheSubjectIsSaved() {
        WebElement composer = browser.byId("composer");
        composer.sendKeys("/wa");
        WebElement option = browser.shown("#quick-popup li.active .quick-text", "Sicela ume kancane.");
        assertThat(option).isNotNull();
        composer.sendKeys(Keys.ENTER);
        assertThat(composer.getDomProperty("value")).isEqualTo("Sicela ume kancane.");
        composer.sendKeys(Keys.ENTER);
        awaitUser(
                "the quick reply in isiZulu",
                r -> r instanceof Reply.AgentText t && t.text().equals("Sicela ume kancane."));

        browser.byId("quick-button").click();
        browser.shown("#quick-popup .quick-text", "Sawubona, ngingakusiza ngani?")
                .click();
        assertThat(composer.getDomProperty("value")).isEqualTo("Sawubona, ngingakusiza ngani?");
        composer.clear();

        WebElement subject = browser.byId("subject");
        subject.sendKeys("Order 1042 is late", Keys.ENTER);
        browser.until(d -> d.findElement(By.id("contact-details")).getText().contains("Order 1042 is late"));
        browser.screenshot("console-chat");
    }

    @Test
    @Order(6)
    void afterADroppedConnectionAndAReloadEveryMessageIsShownOnceAndNoneIsMissed() {
        proxy.cutAll();
        browser.until(d -> d.findElement(By.id("banner")).isDisplayed());
        say("Ngisekhona");
        browser.until(d -> !d.findElement(By.id("banner")).isDisplayed());
        browser.until(d -> browser.count("#messages .msg-user .text", "Ngisekhona") == 1);
        assertOnce();

        browser.driver.navigate().refresh();
        browser.until(d -> d.findElement(By.id("my-name")).getText().equals("ann"));
        assertThat(browser.byId("my-language").getDomProperty("value"))
                .as("the language chosen before, as the desk keeps it")
                .isEqualTo("zu");
        browser.byId("tab-live").click();
        browser.click("#chat-list .contact-name", "Nomsa Dlamini");
        browser.until(d -> browser.count("#messages .msg-user .text", "Ngisekhona") == 1);
        say("Ngiyabonga");
        browser.until(d -> browser.count("#messages .msg-user .text", "Ngiyabonga") == 1);
        assertOnce();
    }

    private static void assertOnce() {
        for (String text : List.of("sawubona", "Ngidinga usizo nge-oda lami", "Ngisekhona")) {
            assertThat(browser.count("#messages .msg-user .text", text))
                    .as(text)
                    .isEqualTo(1);
        }
        for (String text : List.of("Sawubona Nomsa", "line one\nline two", "Sicela ume kancane.")) {
            assertThat(browser.count("#messages .msg-agent .text", text))
                    .as(text)
                    .isEqualTo(1);
        }
    }

    @Test
    @Order(7)
    void aChatTransferredToAnotherAgentLeavesTheConsoleAndReachesThatAgent() {
        browser.byId("tab-queue").click();
        browser.shown("#queue-rows .contact-name", "Johan Botha")
                .findElement(By.xpath("./ancestor::tr"))
                .findElement(By.cssSelector("button.take"))
                .click();
        browser.until(d -> d.findElement(By.id("chat-title")).getText().equals("Johan Botha"));
        assertThat(browser.all("#chat-list .contact-name")).hasSize(2);
        say("Ngisalindile"); // to the chat that is not open: counted unread, in the list and the title
        browser.until(d -> d.getTitle().equals("(1) Live Chats · handoff"));
        browser.until(d -> browser.count("#chat-list .unread", "1") == 1);
        new org.openqa.selenium.support.ui.Select(browser.byId("transfer-to")).selectByVisibleText("bob");
        browser.byId("transfer").click();
        Object assigned = bob.events.await(AgentEvents.ASSIGNED, v -> ((JSONObject) v)
                .optJSONObject("chat")
                .optString("conversationId")
                .equals("conv-johan"));
        assertThat(assigned).isNotNull();
        browser.until(d -> browser.all("#chat-list .contact-name").size() == 1);
        browser.shown(".toast", "Johan Botha: transferred");
    }

    @Test
    @Order(8)
    void resolvingWithAltRGivesTheUserBackToTheBotAndTheChatIsInTheArchiveReadOnly() {
        browser.click("#chat-list .contact-name", "Nomsa Dlamini");
        browser.until(d -> d.findElement(By.id("chat-title")).getText().equals("Nomsa Dlamini"));
        browser.until(d -> d.getTitle().equals("handoff · Agents' console"));
        assertThat(browser.all("#chat-list .unread")).as("read once open").isEmpty();
        browser.alt("r");
        browser.until(d -> browser.all("#chat-list .contact-name").isEmpty());
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!runtime.conversations().route(conversation).name().equals("NLP_PIPELINE")) {
            assertThat(System.nanoTime()).as("the user is back with the bot").isLessThan(deadline);
            sleep(20);
        }
        userSees.clear();
        say("sawubona");
        awaitUser(
                "the bot's answer",
                r -> r instanceof Reply.BotText t && t.text().startsWith("Sawubona!"));

        browser.alt("3");
        type("archive-query", "NOMSA");
        browser.byId("archive-query").sendKeys(Keys.ENTER);
        browser.click("#archive-rows button", "Nomsa Dlamini");
        browser.until(d -> d.findElement(By.id("archived-title")).getText().equals("Nomsa Dlamini"));
        browser.until(d -> browser.count("#archived-messages .msg-user .text", "Ngiyabonga") == 1);
        assertThat(browser.count("#archived-messages .msg-agent .text", "Sicela ume kancane."))
                .isEqualTo(1);
        assertThat(browser.all("#archived-chat textarea, #archived-chat input"))
                .as("read-only")
                .isEmpty();
        assertThat(browser.byId("archived-details").getText())
                .contains("Order 1042 is late")
                .contains("chat archived");
        assertThat(browser.all("#archive-rows tr")).hasSize(1);
        browser.screenshot("console-archive");
    }

    @Test
    @Order(9)
    void theKeyboardReachesEveryViewAndQuestionMarkListsTheShortcuts() {
        browser.byId("archived-close").click();
        browser.js("document.activeElement.blur()");
        browser.keys("?");
        WebElement help = browser.byId("help");
        browser.until(d -> help.isDisplayed());
        assertThat(help.getText()).contains("Resolve the open chat").contains("Next / previous live chat");
        assertThat(browser.driver.switchTo().activeElement().getDomAttribute("id"))
                .isEqualTo("help-close");
        browser.driver.switchTo().activeElement().sendKeys(Keys.ESCAPE);
        browser.until(d -> !help.isDisplayed());

        browser.alt("1");
        browser.until(d -> "page".equals(d.findElement(By.id("tab-queue")).getDomAttribute("aria-current")));
        browser.alt("2");
        browser.until(d -> "page".equals(d.findElement(By.id("tab-live")).getDomAttribute("aria-current")));

        // Tab from the page's start reaches the header's controls and the views, each visibly focused
        browser.js("document.activeElement.blur()");
        List<String> reached = new java.util.ArrayList<>();
        for (int i = 0; i < 14; i++) {
            browser.keys(Keys.TAB);
            WebElement focused = browser.driver.switchTo().activeElement();
            if (focused.getTagName().equals("body")) continue; // the page itself, before its first control
            reached.add(focused.getDomAttribute("id"));
            String outline = (String) browser.js("return getComputedStyle(arguments[0]).outlineStyle", focused);
            assertThat(outline)
                    .as(
                            "focus on %s is visible",
                            focused.getTagName() + " " + focused.getDomAttribute("class") + " " + focused.getText())
                    .isNotEqualTo("none");
        }
        assertThat(reached).contains("tab-queue", "tab-live", "tab-archive", "my-status", "my-language", "signout");
    }

    @Test
    @Order(10)
    void anSlaReminderAndAUserWhoLeavesAndComesBackShowWithoutAReload() {
        johan.close();
        johan = TestBot.connect(
                TestDesks.url(config),
                "conv-lindiwe",
                Map.of("department", "sales", "language", "zu", "contact", Map.of("name", "Lindiwe")),
                List.<String[]>of(new String[] {"user", "Sawubona"}));
        browser.byId("tab-queue").click();
        browser.shown("#queue-rows .contact-name", "Lindiwe")
                .findElement(By.xpath("./ancestor::tr"))
                .findElement(By.cssSelector("button.take"))
                .click();
        browser.until(d -> d.findElement(By.id("chat-title")).getText().equals("Lindiwe"));
        // sla is 3 s: unanswered, the chat is marked and the agent told
        browser.until(Duration.ofSeconds(8), d -> browser.count(".chat-item.sla .contact-name", "Lindiwe") == 1);

        long t0 = System.nanoTime();
        johan.disconnect();
        browser.until(
                Duration.ofSeconds(1),
                d -> d.findElement(By.id("chat-presence")).getText().equals("gone"));
        long gone = (System.nanoTime() - t0) / 1_000_000;
        t0 = System.nanoTime();
        johan.open();
        browser.until(
                Duration.ofSeconds(2),
                d -> d.findElement(By.id("chat-presence")).getText().equals("connected"));
        long back = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("console: the user's leaving shown in " + gone + " ms, coming back in " + back + " ms");
    }

    @Test
    @Order(11)
    void onAPhoneTheConsoleIsOneColumnWithNothingWiderThanTheScreen() {
        browser.phone(390, 844);
        try {
            assertThat(browser.js("return window.innerWidth + 'x' + window.innerHeight"))
                    .isEqualTo("390x844");
            browser.byId("tab-live").click();
            browser.until(d -> d.findElement(By.id("chat-title")).getText().equals("Lindiwe"));
            assertThat(browser.byId("back").isDisplayed())
                    .as("the open chat fills the screen")
                    .isTrue();
            assertThat(browser.driver.findElement(By.cssSelector(".chat-list")).isDisplayed())
                    .isFalse();
            assertThat(browser.byId("composer").isDisplayed()).isTrue();
            Number overflow = (Number)
                    browser.js("return document.documentElement.scrollWidth - document.documentElement.clientWidth");
            assertThat(overflow.intValue()).as("no sideways scrolling").isLessThanOrEqualTo(0);
            browser.screenshot("console-phone");
            browser.byId("back").click();
            browser.until(d -> d.findElement(By.cssSelector(".chat-list")).isDisplayed());
            assertThat(browser.byId("chat-open").isDisplayed()).isFalse();
            browser.click("#chat-list .contact-name", "Lindiwe");
            browser.until(d -> d.findElement(By.id("composer")).isDisplayed());
        } finally {
            browser.desktop();
        }
    }

    @Test
    @Order(12)
    void aPageOnAnotherOriginCannotOpenTheAgentsNamespaceEvenWithTheSessionCookie() {
        // Engine.IO 4 and Socket.IO 5 by hand, so the page needs nothing but the browser's WebSocket
        String script =
                """
                const [url, done] = arguments;
                const ws = new WebSocket(url.replace('http', 'ws') + '/socket.io/?EIO=4&transport=websocket');
                let settled = false;
                const finish = (r) => { if (!settled) { settled = true; try { ws.close(); } catch (e) {} done(r); } };
                ws.onmessage = (e) => {
                  const d = String(e.data);
                  if (d.startsWith('0')) ws.send('40/agents,');
                  else if (d === '2') ws.send('3');
                  else if (d.startsWith('42/agents,')) {
                    const [name, payload] = JSON.parse(d.slice('42/agents,'.length));
                    if (name === 'signed_in') finish('signed in as ' + payload.name);
                    else if (name === 'desk_error') finish('refused: ' + payload.code);
                  } else if (d.startsWith('44/agents,')) finish('refused: ' + d);
                };
                ws.onerror = () => finish('refused: no websocket');
                ws.onclose = (e) => finish('closed: ' + e.code);
                setTimeout(() => finish('no answer'), 5000);
                """;
        // from the console's own origin, the session cookie opens /agents
        assertThat(browser.asyncJs(script, console)).isEqualTo("signed in as ann");
        // from another origin (the desk's own port, not listed in security.origins.agents): refused
        String foreign = TestDesks.url(config);
        browser.open(foreign + "/nothing-here");
        assertThat(browser.driver.getPageSource()).contains("Not found");
        assertThat((String) browser.asyncJs(script, console)).startsWith("refused");
        browser.open(console + "/");
        browser.until(d -> d.findElement(By.id("my-name")).getText().equals("ann"));
    }

    @Test
    @Order(13)
    void signingOutEndsTheSessionAndItsCookieNoLongerOpensTheAgentsNamespace() {
        Cookie cookie = browser.driver.manage().getCookieNamed("handoff_session");
        assertThat(cookie).isNotNull();
        assertThat(cookie.isHttpOnly()).isTrue();
        assertThat(cookie.getSameSite()).isEqualTo("Strict");
        Map<String, List<String>> headers = Map.of("Cookie", List.of("handoff_session=" + cookie.getValue()));
        try (TestAgent before = TestAgent.connectWithHeaders(TestDesks.url(config), "ann", headers)) {
            assertThat(((JSONObject) before.events.await(AgentEvents.SIGNED_IN)).optString("name"))
                    .isEqualTo("ann");
            browser.byId("signout").click();
            browser.until(d -> d.findElement(By.id("signin")).isDisplayed());
            assertThat(browser.byId("signin-error").getText()).isEqualTo("You signed out.");
            before.events.await(io.socket.client.Socket.EVENT_DISCONNECT);
        }
        try (TestAgent after = TestAgent.connectWithHeaders(TestDesks.url(config), "ann", headers)) {
            // refused in the handshake (connect_error), as a wrong token is
            Object refused = after.events.await(io.socket.client.Socket.EVENT_CONNECT_ERROR);
            assertThat(((JSONObject) refused).optString("code")).isEqualTo("invalid_token");
            assertThat(after.events.all(AgentEvents.SIGNED_IN)).isEmpty();
        }
        browser.open(console + "/");
        browser.until(d -> d.findElement(By.id("signin")).isDisplayed());
        assertThat(browser.dialogOpen()).isFalse();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
