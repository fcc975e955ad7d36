package dev.handoff.desk.console;

import static org.assertj.core.api.Assertions.assertThat;

import at.favre.lib.crypto.bcrypt.BCrypt;
import dev.handoff.desk.config.DeskConfig;
import dev.handoff.desk.config.DeskConfigLoader;
import dev.handoff.desk.report.ChatFacts;
import dev.handoff.desk.server.DeskService;
import dev.handoff.desk.support.Sockets;
import dev.handoff.desk.support.TestDesks;
import dev.handoff.testing.Browser;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The console's Reports view in a real browser against a real desk on H2 with hand-made chat facts: a
 * supervisor sees the figures, the chart and the CSV; an agent without the role never sees the view.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleReportsBrowserTest {
    static final String DESK =
            """
            host: 127.0.0.1
            departments: [sales, support]
            autoAssign: false
            autoReply: {every: 0s}
            agents:
              - {name: sue, password: "%1$s", role: supervisor, departments: [support]}
              - {name: ann, password: "%1$s", departments: [sales]}
            security:
              origins:
                agents: ["%2$s"]
            """;

    @org.junit.jupiter.api.io.TempDir
    static Path data;

    static DeskService desk;
    static String console;
    static Browser browser;

    @BeforeAll
    static void start() {
        int port = Sockets.freePort();
        console = "http://127.0.0.1:" + port;
        String hash = BCrypt.withDefaults().hashToString(4, "secret".toCharArray());
        DeskConfig config = DeskConfigLoader.parse(DESK.formatted(hash, console), "reports browser test")
                .withDataDir(data)
                .withPort(port);
        desk = TestDesks.start(config);
        seed(config.jdbcUrl());
        browser = Browser.start();
    }

    /**
     * 2 November: three chats of sales (waits 10, 20, 60 s; one resolved after 2 min, rated 5); 3 November:
     * one of support nobody took (abandoned), and a department name a spreadsheet would run.
     */
    static void seed(String url) {
        try (ChatFacts facts = ChatFacts.at(url)) {
            Instant nov2 = Instant.parse("2026-11-02T09:00:00Z");
            facts.chat("sales", nov2)
                    .assigned("ann", Duration.ofSeconds(10))
                    .firstReply(Duration.ofSeconds(30))
                    .resolved(Duration.ofMinutes(2))
                    .rated(5)
                    .save();
            facts.chat("sales", nov2.plusSeconds(600))
                    .assigned("ann", Duration.ofSeconds(20))
                    .save();
            facts.chat("sales", nov2.plusSeconds(1200))
                    .assigned("sue", Duration.ofSeconds(60))
                    .save();
            facts.chat("support", nov2.plus(Duration.ofDays(1)))
                    .archived(Duration.ofSeconds(40))
                    .save();
            facts.chat("=cmd", nov2.plus(Duration.ofDays(1)))
                    .archived(Duration.ofSeconds(40))
                    .save();
        }
    }

    @AfterAll
    static void stop() {
        if (browser != null) browser.close();
        if (desk != null) desk.stop();
    }

    static void signIn(String name) {
        browser.open(console + "/");
        browser.byId("signin-name").sendKeys(name);
        browser.byId("signin-password").sendKeys("secret");
        browser.byId("signin-submit").click();
        browser.until(d -> d.findElement(By.id("tab-queue")).isDisplayed());
    }

    static void signOut() {
        browser.byId("signout").click();
        browser.until(d -> d.findElement(By.id("signin")).isDisplayed());
    }

    static void showNovember(String by) {
        browser.js(
                "document.getElementById('report-from').value = '2026-11-01';"
                        + "document.getElementById('report-to').value = '2026-11-04';"
                        + "document.getElementById('report-by').value = arguments[0];",
                by);
        browser.byId("report-show").click();
    }

    static List<String> rows(String tbody) {
        return browser.all("#" + tbody + " tr").stream()
                .map(WebElement::getText)
                .toList();
    }

    @Test
    @Order(1)
    void aSupervisorOpensReportsWithAltFourAndSeesEachDaysFiguresAndTheChart() {
        signIn("sue");
        assertThat(browser.byId("tab-reports").isDisplayed()).isTrue();
        browser.alt("4");
        browser.until(d -> d.findElement(By.id("view-reports")).isDisplayed());
        assertThat(browser.byId("tab-reports").getDomAttribute("aria-current")).isEqualTo("page");

        showNovember("day");
        browser.until(d ->
                rows("report-rows").size() == 4 && rows("report-rows").get(1).startsWith("2026-11-02"));
        assertThat(rows("report-rows"))
                .containsExactly(
                        "2026-11-01 0 — — — — — — 0 (—) 0 — —",
                        "2026-11-02 3 20 s 52 s 30 s 30 s 2 min 00 s 2 min 00 s 0 (0 %) 1 5.00 100 %",
                        "2026-11-03 2 — — — — — — 2 (100 %) 0 — —",
                        "2026-11-04 0 — — — — — — 0 (—) 0 — —");
        assertThat(rows("report-totals"))
                .containsExactly(
                        "Department =cmd 1 — — — — — — 1 (100 %) 0 — —",
                        "Department sales 3 20 s 52 s 30 s 30 s 2 min 00 s 2 min 00 s 0 (0 %) 1 5.00 100 %",
                        "Department support 1 — — — — — — 1 (100 %) 0 — —",
                        "Total 2026-11-01 to 2026-11-04 5 20 s 52 s 30 s 30 s 2 min 00 s 2 min 00 s 2 (40 %) 1 5.00"
                                + " 100 %");
        assertThat(browser.byId("report-zone").getText()).isEqualTo("Days in UTC");

        assertThat(browser.all("#report-chart svg rect.bar"))
                .as("a bar per day")
                .hasSize(4);
        assertThat(browser.all("#report-chart svg polyline.wait-line"))
                .as("the median wait's line")
                .hasSize(1);
        assertThat(browser.js("return document.querySelector('#report-chart svg rect.bar:nth-of-type(2)')"
                        + ".getAttribute('height') > 0"))
                .isEqualTo(true);
        browser.screenshot("console-reports");
    }

    @Test
    @Order(2)
    void groupedByAgentTheChatNobodyTookHasItsOwnRow() {
        showNovember("agent");
        browser.until(d -> rows("report-rows").size() == 3);
        List<String> rows = rows("report-rows");
        assertThat(rows.get(0)).startsWith("(no agent) 2 — ");
        assertThat(rows.get(1)).startsWith("ann 2 15 s ");
        assertThat(rows.get(2)).startsWith("sue 1 1 min 00 s ");
    }

    @Test
    @Order(3)
    void exportCsvIsTheDesksCsvAsAnAttachmentWithFormulasDefused() {
        showNovember("day");
        @SuppressWarnings("unchecked")
        Map<String, Object> csv = (Map<String, Object>) browser.asyncJs("const done = arguments[arguments.length - 1];"
                + "fetch('/api/report.csv?from=2026-11-01&to=2026-11-04&by=department')"
                + ".then(async r => done({status: r.status, disposition: r.headers.get('Content-Disposition'),"
                + " body: await r.text()}));");
        assertThat(csv.get("status")).isEqualTo(200L);
        assertThat(csv.get("disposition"))
                .isEqualTo("attachment; filename=\"handoff-report-2026-11-01-2026-11-04.csv\"");
        assertThat((String) csv.get("body"))
                .startsWith("scope,day,department,agent,chats,")
                .contains("\r\nrow,,'=cmd,,1,")
                .contains("\r\nrow,,sales,,3,20.000,52.000,30.000,30.000,120.000,120.000,0,0.0000,1,5.00,1.0000\r\n");
        String before = browser.driver.getCurrentUrl();
        browser.byId("report-export").click();
        assertThat(browser.byId("view-reports").isDisplayed())
                .as("the download leaves the console where it was")
                .isTrue();
        assertThat(browser.driver.getCurrentUrl()).isEqualTo(before);
    }

    @Test
    @Order(4)
    void onAPhoneTheReportFitsTheScreenAndItsTableScrollsInsideIt() {
        browser.phone(390, 844);
        try {
            showNovember("day");
            browser.until(d -> rows("report-rows").size() == 4);
            assertThat(browser.byId("report-chart").isDisplayed()).isTrue();
            Number overflow = (Number)
                    browser.js("return document.documentElement.scrollWidth - document.documentElement.clientWidth");
            assertThat(overflow.intValue())
                    .as("no sideways scrolling of the page")
                    .isLessThanOrEqualTo(0);
            browser.screenshot("console-reports-phone");
        } finally {
            browser.desktop();
        }
    }

    @Test
    @Order(5)
    void anAgentWithoutTheSupervisorRoleNeverSeesReports() {
        signOut();
        signIn("ann");
        assertThat(browser.byId("tab-reports").isDisplayed()).isFalse();
        browser.alt("4");
        assertThat(browser.byId("view-reports").isDisplayed())
                .as("Alt+4 does nothing")
                .isFalse();
        assertThat(browser.byId("view-queue").isDisplayed()).isTrue();
        @SuppressWarnings("unchecked")
        Map<String, Object> res = (Map<String, Object>) browser.asyncJs("const done = arguments[arguments.length - 1];"
                + "fetch('/api/report?from=2026-11-01&to=2026-11-04').then(r => done({status: r.status}));");
        assertThat(res.get("status")).as("and the desk refuses her the report").isEqualTo(403L);
    }
}
