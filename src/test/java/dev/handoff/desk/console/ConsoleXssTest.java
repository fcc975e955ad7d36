package dev.handoff.desk.console;

import static org.assertj.core.api.Assertions.assertThat;

import at.favre.lib.crypto.bcrypt.BCrypt;
import dev.handoff.desk.config.DeskConfig;
import dev.handoff.desk.config.DeskConfigLoader;
import dev.handoff.desk.server.DeskService;
import dev.handoff.desk.support.Sockets;
import dev.handoff.desk.support.TestAgent;
import dev.handoff.desk.support.TestBot;
import dev.handoff.desk.support.TestDesks;
import dev.handoff.desk.support.TestTranslator;
import dev.handoff.protocol.LiveAgentEvents;
import dev.handoff.testing.Browser;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * OWASP XSS payloads through every field the console shows: the user's messages and the bot history,
 * the contact's name, email and phone, the conversation id and language a bot sends, the subject, the
 * agent's own name and a colleague's, a department, a quick reply's id and texts, and the translations an
 * engine returns (of the user's messages, and of the agent's reply as the user got it). In a real browser,
 * at every step: no payload runs (no {@code window.__xss}, no dialog, no Content-Security-Policy
 * violation, which an inline handler the page had created would cause), none becomes an element, and
 * each appears as the literal text it is.
 */
class ConsoleXssTest {
    static final String[] P = {
        "<img src=x onerror=\"window.__xss='P0'\">",
        "<script>window.__xss='P1'</script>",
        "\"><svg onload=\"window.__xss='P2'\">",
        "javascript:window.__xss='P3'",
        "<a href=\"javascript:window.__xss='P4'\">click me</a>",
        "<iframe srcdoc=\"<script>parent.__xss='P5'</script>\"></iframe>",
        "'><details open ontoggle=\"window.__xss='P6'\">",
        "<img src=x onerror=alert('P7')>",
        "{{constructor.constructor('window.__xss=8')()}}<style>*{display:none}</style>",
    };

    static final String AGENT = P[2];
    static final String COLLEAGUE = P[7];
    static final String DEPARTMENT = P[0];

    @org.junit.jupiter.api.io.TempDir
    static Path data;

    /**
     * An engine whose every translation is a payload in front of the text, between English and the user's payload
     * of a language (which desk_info lists, so the language pickers show it).
     */
    static final TestTranslator TRANSLATOR = new TestTranslator(dev.handoff.translate.LanguagePairs.allOf(
                    java.util.Set.of("en", P[3].toLowerCase(java.util.Locale.ROOT))))
            .otherwise(t -> P[0] + t);

    static DeskService desk;
    static DeskConfig config;
    static String url;
    static Browser browser;
    static TestBot bot;
    static TestAgent colleague;

    @BeforeAll
    static void start() throws Exception {
        String hash = BCrypt.withDefaults().hashToString(4, "xss-secret".toCharArray());
        String yaml = String.join(
                "\n",
                "host: 127.0.0.1",
                "departments: [sales, " + q(DEPARTMENT) + "]",
                "autoAssign: false",
                "autoReply: {every: 0s}",
                "agents:",
                "  - {name: " + q(AGENT) + ", password: " + q(hash) + ", maxChats: 5}",
                "  - {name: " + q(COLLEAGUE) + ", token: colleague-token, maxChats: 5}",
                "quickReplies:",
                "  - {id: " + q(P[1]) + ", texts: {en: " + q(P[4]) + ", zu: " + q(P[5]) + "}}",
                "");
        config = DeskConfigLoader.parse(yaml, "xss test").withDataDir(data).withPort(Sockets.freePort());
        desk = TestDesks.start(config, TRANSLATOR);
        url = TestDesks.url(config);
        colleague = TestAgent.signIn(url, "colleague", "colleague-token");
        browser = Browser.start();
    }

    /** A YAML double-quoted string (JSON's escapes). */
    static String q(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    @AfterAll
    static void stop() {
        if (browser != null) browser.close();
        if (bot != null) bot.close();
        if (colleague != null) colleague.close();
        if (desk != null) desk.stop();
    }

    @Test
    void noPayloadInAnyFieldRunsOrBecomesAnElementAndEachIsShownAsItsText() {
        browser.open(url + "/");
        browser.js(
                "window.__violations = [];"
                        + " document.addEventListener('securitypolicyviolation', e => window.__violations.push(e.violatedDirective));");
        browser.byId("signin-name").sendKeys(AGENT);
        browser.byId("signin-password").sendKeys("xss-secret", Keys.ENTER);
        browser.until(d -> d.findElement(By.id("my-name")).getText().equals(AGENT));
        assertSafe("signed in with a payload for a name");

        bot = TestBot.connect(
                url,
                P[6],
                Map.of(
                        "department",
                        DEPARTMENT,
                        "language",
                        P[3],
                        "contact",
                        Map.of("name", P[0], "email", P[2], "phone", P[7])),
                List.<String[]>of(new String[] {"user", P[1]}, new String[] {"bot", P[5]}));
        bot.events.await(LiveAgentEvents.MESSAGES);
        WebElement name = browser.shown("#queue-rows .contact-name", P[0]);
        String row = name.findElement(By.xpath("./ancestor::tr")).getText();
        assertThat(row).contains(DEPARTMENT).contains(P[3].toLowerCase(java.util.Locale.ROOT)); // codes are lower case
        assertSafe("the queue");

        name.findElement(By.xpath("./ancestor::tr"))
                .findElement(By.cssSelector("button.take"))
                .click();
        browser.until(d -> d.findElement(By.id("chat-title")).getText().equals(P[0]));
        browser.shown(".toast", "New chat: " + P[0]);
        assertThat(browser.byId("contact-details").getText())
                .contains(P[2])
                .contains(P[7])
                .contains(P[6])
                .contains(DEPARTMENT);
        browser.until(d -> browser.count("#messages .msg-user.history .text", P[1]) == 1);
        assertThat(browser.count("#messages .msg-bot.history .text", P[5])).isEqualTo(1);
        assertSafe("the open chat with its bot history and contact panel");

        bot.say(P[8]);
        bot.say(P[6]);
        browser.until(d -> browser.count("#messages .msg-user .text", P[6]) == 1);
        assertThat(browser.count("#messages .msg-user .text", P[8])).isEqualTo(1);
        assertThat(browser.count("#chat-list .line2", P[0] + ": " + P[6])).isEqualTo(1);
        browser.until(d -> browser.count("#messages .msg-user .translation", P[0] + P[6]) == 1);
        assertThat(browser.count("#messages .msg-user .translation", P[0] + P[8]))
                .isEqualTo(1);
        browser.all("#messages .msg-user button.toggle-original").forEach(WebElement::click);
        assertSafe("the user's messages, their translations and originals, and the chat list");

        WebElement composer = browser.byId("composer");
        composer.sendKeys("/");
        browser.shown("#quick-popup .quick-id", P[1]);
        browser.shown("#quick-popup .quick-text", P[4]);
        composer.sendKeys(Keys.ENTER);
        assertThat(composer.getDomProperty("value")).isEqualTo(P[4]);
        composer.sendKeys(Keys.ENTER);
        browser.until(d -> browser.count("#messages .msg-agent .text", P[4]) == 1);
        assertThat(browser.count("#messages .msg-agent .who", AGENT)).isEqualTo(1);
        assertThat(bot.nextToUser()).isEqualTo(P[0] + P[4]);
        browser.until(d -> browser.count("#messages .msg-agent .sent-text", P[0] + P[4]) == 1);
        assertSafe("a quick reply, the agent's echo and what the user got");

        browser.byId("subject").sendKeys(P[3] + P[1], Keys.ENTER);
        browser.until(d -> d.findElement(By.id("contact-details")).getText().contains(P[3] + P[1]));
        List<String> targets = new Select(browser.byId("transfer-to"))
                .getOptions().stream().map(WebElement::getText).toList();
        assertThat(targets).contains(COLLEAGUE, DEPARTMENT).doesNotContain(AGENT);
        assertSafe("the subject and the transfer targets");

        browser.alt("r");
        browser.until(d -> browser.all("#chat-list .contact-name").isEmpty());
        browser.alt("3");
        browser.byId("archive-query").sendKeys(P[6], Keys.ENTER);
        browser.click("#archive-rows button", P[0]);
        browser.until(d -> d.findElement(By.id("archived-title")).getText().equals(P[0]));
        browser.until(d -> browser.count("#archived-messages .msg-user .text", P[8]) == 1);
        assertThat(browser.count("#archive-rows .mono", P[6])).isEqualTo(1);
        assertSafe("the archive and an archived chat");

        assertThat(browser.dialogOpen()).isFalse();
    }

    /** Nothing ran, nothing became an element, and the page broke no CSP rule. */
    private static void assertSafe(String where) {
        assertThat(browser.dialogOpen()).as("a dialog opened at %s", where).isFalse();
        assertThat(browser.js("return window.__xss === undefined ? null : String(window.__xss)"))
                .as("a payload ran at %s", where)
                .isNull();
        Object injected = browser.js(
                "return [...document.querySelectorAll('#app img, #app svg, #app script, #app iframe, #app details,"
                        + " #app a, #app style, #toasts *')]"
                        + ".filter(e => !e.closest('.brand') && !e.matches('a.skip, .toast'))"
                        + ".map(e => e.outerHTML).join(' | ')");
        assertThat(injected).as("elements a payload made at %s", where).isEqualTo("");
        assertThat(browser.js("return window.__violations.join(',')"))
                .as("Content-Security-Policy violations at %s", where)
                .isEqualTo("");
    }
}
