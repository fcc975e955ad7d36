package dev.handoff.desk.console;

import static org.assertj.core.api.Assertions.assertThat;

import at.favre.lib.crypto.bcrypt.BCrypt;
import dev.handoff.desk.config.DeskConfig;
import dev.handoff.desk.config.DeskConfigLoader;
import dev.handoff.desk.server.DeskService;
import dev.handoff.desk.support.Sockets;
import dev.handoff.desk.support.TestBot;
import dev.handoff.desk.support.TestDesks;
import dev.handoff.desk.support.TestTranslator;
import dev.handoff.protocol.LiveAgentEvents;
import dev.handoff.testing.Browser;
import dev.handoff.translate.LanguagePairs;
import dev.handoff.translate.TranslationException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * An agent who reads English chats in the console with a user who writes Spanish: the agent reads the user in
 * English with the Spanish original one click (or one key) away and the engine named, and the user gets the
 * agent's reply in Spanish. The engine is the tests' deterministic one (between en, es and xh only).
 */
class ConsoleTranslationBrowserTest {
    static final String DESK =
            """
            host: 127.0.0.1
            departments: [sales]
            autoAssign: true
            autoReply: {every: 0s}
            agents:
              - {name: ann, password: "%s", departments: [sales], maxChats: 5, language: en}
            """;

    @org.junit.jupiter.api.io.TempDir
    static Path data;

    static DeskService desk;
    static String url;
    static Browser browser;
    static final TestTranslator translator = new TestTranslator(LanguagePairs.allOf(Set.of("en", "es", "xh")))
            .translates("es", "en", "Hola, necesito ayuda con mi pedido", "Hello, I need help with my order")
            .translates("en", "es", "Of course, what is the order number?", "Claro, ¿cuál es el número de pedido?");

    @BeforeAll
    static void start() {
        String hash = BCrypt.withDefaults().hashToString(4, "ann-secret".toCharArray());
        DeskConfig config = DeskConfigLoader.parse(DESK.formatted(hash), "translation console test")
                .withDataDir(data)
                .withPort(Sockets.freePort());
        desk = TestDesks.start(config, translator);
        url = TestDesks.url(config);
        browser = Browser.start();
    }

    @AfterAll
    static void stop() {
        if (browser != null) browser.close();
        if (desk != null) desk.stop();
    }

    @Test
    void anEnglishAgentReadsASpanishUserTranslatedWithTheOriginalOneClickAwayAndTheUserGetsSpanish() {
        browser.open(url + "/");
        browser.byId("signin-name").sendKeys("ann");
        browser.byId("signin-password").sendKeys("ann-secret", Keys.ENTER);
        browser.until(d -> d.findElement(By.id("my-name")).getText().equals("ann"));

        try (TestBot user =
                TestBot.connect(url, "conv-es", Map.of("department", "sales", "language", "es"), List.<String[]>of())) {
            user.events.await(LiveAgentEvents.MESSAGES);
            browser.alt("2");
            browser.click("#chat-list .contact-name", "Unknown user");
            user.say("Hola, necesito ayuda con mi pedido");

            browser.shown("#messages .msg-user .translation", "Hello, I need help with my order");
            WebElement message = browser.shown("#messages .msg-user .translation", "Hello, I need help with my order")
                    .findElement(By.xpath("./ancestor::li"));
            assertThat(message.findElement(By.cssSelector(".translated-by")).getText())
                    .startsWith("translated by test");
            WebElement original = message.findElement(By.cssSelector(".original"));
            assertThat(original.isDisplayed()).isFalse();

            WebElement toggle = message.findElement(By.cssSelector("button.toggle-original"));
            toggle.click();
            browser.until(d -> original.isDisplayed());
            assertThat(original.getText()).isEqualTo("Hola, necesito ayuda con mi pedido");
            assertThat(toggle.getDomAttribute("aria-expanded")).isEqualTo("true");
            toggle.sendKeys(Keys.ENTER); // a button: reachable and usable from the keyboard
            browser.until(d -> !original.isDisplayed());

            List<String> picker = new org.openqa.selenium.support.ui.Select(browser.byId("my-language"))
                    .getOptions().stream().map(WebElement::getText).toList();
            assertThat(picker)
                    .contains("English (en)")
                    .anyMatch(o -> o.startsWith("isiZulu (zu) — not translated from es"));

            WebElement composer = browser.byId("composer");
            composer.sendKeys("Of course, what is the order number?", Keys.ENTER);
            assertThat(user.nextToUser()).isEqualTo("Claro, ¿cuál es el número de pedido?");
            browser.shown("#messages .msg-agent .sent-text", "Claro, ¿cuál es el número de pedido?");
            assertThat(browser.count("#messages .msg-agent .text", "Of course, what is the order number?"))
                    .isEqualTo(1);

            translator.failWith(TranslationException.Reason.UNAVAILABLE);
            user.say("Es el 4711");
            browser.shown("#messages .msg-user .not-translated", "Not translated (unavailable) — Retry");
            translator.answer();
            browser.click("#messages .msg-user .not-translated button.retry", "Retry");
            browser.shown("#messages .msg-user .translation", "[es→en] Es el 4711");

            // the agent says the user writes isiXhosa after all: the chat's translations are redone from it
            new org.openqa.selenium.support.ui.Select(browser.byId("chat-language")).selectByValue("xh");
            browser.shown("#messages .msg-user .translation", "[xh→en] Hola, necesito ayuda con mi pedido");
        }
    }
}
