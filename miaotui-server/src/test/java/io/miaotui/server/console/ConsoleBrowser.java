package io.miaotui.server.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven by its ChromeDriver, against the test service. Selenium Manager is kept
 * offline (it would download a browser otherwise). Without Chromium the tests are skipped on a developer's
 * machine and fail under CI=true, where .ci/run installs it.
 */
final class ConsoleBrowser implements AutoCloseable {
    static final Path CHROMIUM = Path.of(System.getProperty("console.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("console.chromedriver", "/usr/bin/chromedriver"));
    static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
    /** How long a step may take before the test gives up: generous, the machine may be busy (no speed is asserted). */
    private static final Duration WAIT = Duration.ofSeconds(45);

    private final WebDriver driver;
    private final Path profile;
    private final String base;

    private ConsoleBrowser(WebDriver driver, Path profile, String base) {
        this.driver = driver;
        this.profile = profile;
        this.base = base;
    }

    /** A fresh browser (own profile, English unless {@code acceptLanguage} says otherwise) for the service on {@code port}. */
    static ConsoleBrowser open(int port, String acceptLanguage) {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!present) {
            String why = "Chromium or ChromeDriver is missing (" + CHROMIUM + ", " + CHROMEDRIVER
                    + "): apt-get install -y chromium chromium-driver";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail(why);
            }
            Assumptions.abort(why);
        }
        System.setProperty("se.offline", "true");
        try {
            Path profile = Files.createTempDirectory("miaotui-chromium-");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM.toFile());
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                    "--window-size=1280,900", "--user-data-dir=" + profile, "--lang=" + acceptLanguage);
            options.setExperimentalOption("prefs", java.util.Map.of("intl.accept_languages", acceptLanguage));
            ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                    .usingAnyFreePort().build();
            return new ConsoleBrowser(new ChromeDriver(service, options), profile, "http://127.0.0.1:" + port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    WebDriver driver() {
        return driver;
    }

    void go(String path) {
        driver.get(base + path);
    }

    String url() {
        return driver.getCurrentUrl();
    }

    /** Signs in on the sign-in page by pasting {@code token}, as a person would. */
    void signIn(String token) {
        go("/console/signin");
        find("#token-input").sendKeys(token);
        find("#signin-submit").click();
        // The page checks the token with the service, then leaves for the role's home or says why not.
        until(d -> !d.getCurrentUrl().endsWith("/console/signin")
                || d.findElements(By.cssSelector("#signin-message")).stream().anyMatch(WebElement::isDisplayed)
                ? true : null, "the sign-in to finish");
        if (!url().endsWith("/console/signin")) {
            until(d -> d.findElements(By.cssSelector("body[data-ready='true'], #not-for-role")).isEmpty() ? null : true,
                    "the home page to start");
        }
    }

    /** Opens the link the token command prints ({@code /console/#token=...}). */
    void openLink(String token) {
        go("/console/#token=" + token);
    }

    WebElement find(String css) {
        return until(d -> d.findElements(By.cssSelector(css)).stream().filter(WebElement::isDisplayed).findFirst()
                .orElse(null), "a visible " + css);
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    String text(String css) {
        return find(css).getText();
    }

    /** Waits until {@code css} shows text containing {@code expected}; returns that text. */
    String awaitText(String css, String expected) {
        until(d -> d.findElements(By.cssSelector(css)).stream().anyMatch(e -> e.getText().contains(expected)) ? true : null,
                css + " showing '" + expected + "'");
        return driver.findElements(By.cssSelector(css)).stream().map(WebElement::getText)
                .filter(text -> text.contains(expected)).findFirst().orElseThrow();
    }

    <T> T until(Function<WebDriver, T> condition, String what) {
        // A page that navigates while we look leaves stale elements behind: look again.
        try {
            return new WebDriverWait(driver, WAIT).withMessage(() -> "waiting for " + what + " on " + driver.getCurrentUrl())
                    .ignoring(StaleElementReferenceException.class).until(condition);
        } catch (TimeoutException e) {
            // What the page showed instead: a screenshot and its text, for whoever reads the failure.
            Path shot = screenshot("timeout-" + what.replaceAll("[^A-Za-z0-9]+", "-"));
            String text = driver.findElement(By.tagName("body")).getText();
            throw new TimeoutException(e.getMessage() + "\npage text (screenshot " + shot + "):\n"
                    + text.substring(0, Math.min(text.length(), 2000)), e);
        }
    }

    Object script(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** What the page holds in sessionStorage under the console's token key. */
    String storedToken() {
        return (String) script("return sessionStorage.getItem('miaotui.console.token');");
    }

    /** Saves the page as target/console-screenshots/{name}.png. */
    Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                // a temporary profile left behind is harmless
            }
        }
    }
}
