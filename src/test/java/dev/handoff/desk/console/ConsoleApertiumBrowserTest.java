package dev.handoff.desk.console;

import static org.assertj.core.api.Assertions.assertThat;

import at.favre.lib.crypto.bcrypt.BCrypt;
import com.google.inject.Guice;
import dev.handoff.desk.DeskModule;
import dev.handoff.desk.config.DeskConfig;
import dev.handoff.desk.config.DeskConfigLoader;
import dev.handoff.desk.server.DeskService;
import dev.handoff.desk.support.Sockets;
import dev.handoff.desk.support.TestBot;
import dev.handoff.desk.support.TestDesks;
import dev.handoff.protocol.LiveAgentEvents;
import dev.handoff.testing.Browser;
import dev.handoff.translate.apertium.LocalApy;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The whole translation path with a real engine, in a real browser: the desk built as the {@code desk} command
 * builds it ({@link DeskModule}: desk.yaml's {@code translation: {engine: apertium}}, the memory, the cache), a
 * real Apertium APY with Debian's English–Spanish pair, an agent who reads English in headless Chromium and a
 * user whose bot says she writes Spanish. She reads him in Spanish, he reads her in English.
 */
class ConsoleApertiumBrowserTest {
    static final String DESK =
            """
            host: 127.0.0.1
            departments: [sales]
            autoAssign: true
            autoReply: {every: 0s}
            agents:
              - {name: ann, password: "%s", departments: [sales], maxChats: 5, language: en}
            translation:
              engine: apertium
              url: %s
              timeout: 10s
              languages: [en, es]
            """;

    @org.junit.jupiter.api.io.TempDir
    static Path data;

    static LocalApy apy;
    static DeskService desk;
    static String url;
    static Browser browser;

    @BeforeAll
    static void start() throws Exception {
        apy = LocalApy.start("eng-spa", "spa-eng");
        String hash = BCrypt.withDefaults().hashToString(4, "ann-secret".toCharArray());
        DeskConfig config = DeskConfigLoader.parse(DESK.formatted(hash, apy.uri()), "apertium console test")
                .withDataDir(data)
                .withPort(Sockets.freePort());
        desk = Guice.createInjector(new DeskModule(config))
                .getInstance(DeskService.class)
                .start();
        url = TestDesks.url(config);
        browser = Browser.start();
    }

    @AfterAll
    static void stop() {
        if (browser != null) browser.close();
        if (desk != null) desk.stop();
        if (apy != null) apy.close();
    }

    @Test
    void anEnglishAgentReadsASpanishUserThroughApertiumAndTheUserGetsHisReplyInSpanish() {
        browser.open(url + "/");
        browser.byId("signin-name").sendKeys("ann");
        browser.byId("signin-password").sendKeys("ann-secret", Keys.ENTER);
        browser.until(d -> d.findElement(By.id("my-name")).getText().equals("ann"));

        try (TestBot user = TestBot.connect(
                url, "conv-apertium", Map.of("department", "sales", "language", "es"), List.<String[]>of())) {
            user.events.await(LiveAgentEvents.MESSAGES);
            browser.alt("2");
            browser.click("#chat-list .contact-name", "Unknown user");
            user.say("Buenos días");

            WebElement translation = browser.shown("#messages .msg-user .translation", "Good morning");
            WebElement message = translation.findElement(By.xpath("./ancestor::li"));
            assertThat(message.findElement(By.cssSelector(".translated-by")).getText())
                    .startsWith("translated by apertium");
            message.findElement(By.cssSelector("button.toggle-original")).click();
            browser.until(d ->
                    message.findElement(By.cssSelector(".original")).getText().equals("Buenos días"));

            browser.byId("composer").sendKeys("Thank you", Keys.ENTER);
            assertThat(user.nextToUser()).isEqualTo("Gracias");
            browser.shown("#messages .msg-agent .sent-text", "Gracias");
        }
    }
}
