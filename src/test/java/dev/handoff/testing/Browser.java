package dev.handoff.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's Chromium, headless, driven by Debian's chromedriver: both named by path, so Selenium
 * Manager never looks for (nor downloads) a browser or a driver. A fresh profile in a temporary
 * directory; no background networking, no component updates, no sync. One per test class.
 */
public final class Browser implements AutoCloseable {
    public static final String CHROMIUM = "/usr/bin/chromium";
    public static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    public static final Duration WAIT = Duration.ofSeconds(10);

    public final ChromeDriver driver;
    private final Path profile;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    public static Browser start() {
        assertThat(new File(CHROMIUM))
                .as("Chromium is needed for the console's browser tests (apt-get install chromium chromium-driver;"
                        + " .ci/run installs them)")
                .exists();
        assertThat(new File(CHROMEDRIVER))
                .as("chromedriver (apt-get install chromium-driver)")
                .exists();
        try {
            Path profile = Files.createTempDirectory("handoff-chromium-");
            System.setProperty("webdriver.chrome.driver", CHROMEDRIVER);
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM);
            options.addArguments(
                    "--headless=new",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-quic",
                    "--no-first-run",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--disable-dev-shm-usage",
                    "--disable-default-apps",
                    "--disable-extensions",
                    "--user-data-dir=" + profile,
                    "--window-size=1280,800");
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(new File(CHROMEDRIVER))
                    .usingAnyFreePort()
                    .build();
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
            Browser browser = new Browser(driver, profile);
            browser.size(1280, 800);
            return browser;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void open(String url) {
        driver.get(url);
    }

    /** Makes the page's viewport {@code width} × {@code height} CSS pixels (the window is larger by its frame). */
    public void size(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
        Number frameWidth = (Number) js("return window.outerWidth - window.innerWidth");
        Number frameHeight = (Number) js("return window.outerHeight - window.innerHeight");
        if (frameWidth.intValue() > 0 || frameHeight.intValue() > 0) {
            driver.manage()
                    .window()
                    .setSize(new Dimension(width + frameWidth.intValue(), height + frameHeight.intValue()));
        }
    }

    /**
     * Emulates a phone's screen, {@code width} × {@code height} CSS pixels (a window cannot be made
     * narrower than 500 pixels); {@link #desktop()} ends it.
     */
    public void phone(int width, int height) {
        driver.executeCdpCommand(
                "Emulation.setDeviceMetricsOverride",
                java.util.Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", true));
    }

    public void desktop() {
        driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", java.util.Map.of());
    }

    public WebElement byId(String id) {
        return until(d -> {
            List<WebElement> found = d.findElements(By.id(id));
            return found.isEmpty() ? null : found.get(0);
        });
    }

    public List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    public <T> T until(Function<WebDriver, T> condition) {
        return until(WAIT, condition);
    }

    public <T> T until(Duration patience, Function<WebDriver, T> condition) {
        // the pages re-render lists as events come: an element found a moment ago may be gone, so look again
        return new WebDriverWait(driver, patience, Duration.ofMillis(50))
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(condition);
    }

    /** The element shown with exactly {@code text}, under {@code css}. */
    public WebElement shown(String css, String text) {
        return until(d -> d.findElements(By.cssSelector(css)).stream()
                .filter(e -> e.isDisplayed() && e.getText().equals(text))
                .findFirst()
                .orElse(null));
    }

    /** Clicks the element shown with exactly {@code text} under {@code css}, again if the page redrew it meanwhile. */
    public void click(String css, String text) {
        until(d -> {
            try {
                shown(css, text).click();
                return true;
            } catch (org.openqa.selenium.StaleElementReferenceException redrawn) {
                return null;
            }
        });
    }

    /** Types keys into whatever has the focus (the page itself when nothing has). */
    public void keys(CharSequence... keys) {
        new org.openqa.selenium.interactions.Actions(driver).sendKeys(keys).perform();
    }

    /** Alt and a key, as a shortcut. */
    public void alt(CharSequence key) {
        new org.openqa.selenium.interactions.Actions(driver)
                .keyDown(org.openqa.selenium.Keys.ALT)
                .sendKeys(key)
                .keyUp(org.openqa.selenium.Keys.ALT)
                .perform();
    }

    public Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    public Object asyncJs(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeAsyncScript(script, args);
    }

    /** How many elements under {@code css} have exactly {@code text} as their text content. */
    public long count(String css, String text) {
        Object n = js(
                "return [...document.querySelectorAll(arguments[0])].filter(e => e.textContent === arguments[1]).length",
                css,
                text);
        return ((Number) n).longValue();
    }

    /** True when a JavaScript dialog (alert, confirm, prompt) is open. */
    public boolean dialogOpen() {
        try {
            driver.switchTo().alert();
            return true;
        } catch (NoAlertPresentException e) {
            return false;
        }
    }

    /** Saves a screenshot of the page as {@code target/NAME.png}, without the passing notes (toasts) nor a focus ring. */
    public Path screenshot(String name) {
        js("document.querySelectorAll('.toast').forEach(t => t.remove()); document.activeElement.blur()");
        try {
            File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
            Path out = Path.of("target", name + ".png");
            Files.createDirectories(out.getParent());
            Files.copy(shot.toPath(), out, StandardCopyOption.REPLACE_EXISTING);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            deleteQuietly(profile);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a temporary profile left behind is harmless
        }
    }
}
