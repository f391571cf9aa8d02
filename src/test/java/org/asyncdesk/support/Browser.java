package org.asyncdesk.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.function.Function;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium from the Debian packages ({@code /usr/bin/chromium},
 * {@code /usr/bin/chromedriver}; nothing is downloaded), with a fresh profile, waits and
 * numbered screenshots under {@code target/screenshots/}. Close it after the test: it
 * ends the browser and the driver process.
 */
public class Browser implements AutoCloseable {

    public static final Path CHROMIUM = Path
        .of(System.getenv().getOrDefault("ASYNCDESK_CHROMIUM", "/usr/bin/chromium"));

    public static final Path CHROMEDRIVER = Path
        .of(System.getenv().getOrDefault("ASYNCDESK_CHROMEDRIVER", "/usr/bin/chromedriver"));

    private final WebDriver driver;

    private final Path profile;

    private final Path screenshots;

    private final String name;

    private int shot;

    public Browser(String name) {
        this.name = name;
        try {
            profile = Files.createTempDirectory("asyncdesk-chromium-");
            screenshots = Files.createDirectories(Path.of("target", "screenshots"));
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new IllegalStateException("the browser tests need Debian's chromium and chromium-driver (" + CHROMIUM
                    + ", " + CHROMEDRIVER + "); .ci/run installs them");
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1440,1000", "--lang=en-US", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
    }

    public WebDriver driver() {
        return driver;
    }

    public void open(String url) {
        driver.get(url);
    }

    /**
     * Waits (up to 30 s) until the condition holds; on timeout the screenshot shows what
     * the page looked like.
     */
    public <T> T until(String what, Function<WebDriver, T> condition) {
        return until(what, Duration.ofSeconds(30), condition);
    }

    public <T> T until(String what, Duration timeout, Function<WebDriver, T> condition) {
        try {
            return new WebDriverWait(driver, timeout, Duration.ofMillis(200)).withMessage(what).until(condition);
        }
        catch (RuntimeException e) {
            Path png = screenshot("timeout-" + what.replaceAll("[^A-Za-z0-9]+", "-"));
            try {
                Files.writeString(Path.of(png.toString().replace(".png", ".html")), driver.getPageSource());
            }
            catch (IOException | RuntimeException ignored) {
                // best effort, as the screenshot
            }
            throw e;
        }
    }

    public WebElement visible(By by) {
        return until(by + " visible", ExpectedConditions.visibilityOfElementLocated(by));
    }

    public WebElement clickable(By by) {
        return until(by + " clickable", ExpectedConditions.elementToBeClickable(by));
    }

    public void click(By by) {
        WebElement e = clickable(by);
        scrollTo(e);
        e.click();
    }

    public void type(By by, String text) {
        WebElement e = visible(by);
        scrollTo(e);
        e.clear();
        e.sendKeys(text);
    }

    public void scrollTo(WebElement e) {
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'});", e);
    }

    /** Saves {@code target/screenshots/<browser>-NN-<step>.png}. */
    public Path screenshot(String step) {
        Path file = screenshots.resolve("%s-%02d-%s.png".formatted(name, ++shot, step));
        try {
            File png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
            Files.copy(png.toPath(), file, StandardCopyOption.REPLACE_EXISTING);
        }
        catch (IOException | RuntimeException e) {
            // a screenshot is a debugging aid; never the reason a test fails
        }
        return file;
    }

    @Override
    public void close() {
        try {
            driver.quit();
        }
        finally {
            try (var files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
            catch (IOException ignored) {
                // a temporary profile left behind is harmless
            }
        }
    }

}
