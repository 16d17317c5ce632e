package io.askflow.dev.ui;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Debian's headless Chromium driven by its chromedriver, both named by path so that Selenium Manager never looks
 * for (or downloads) a browser; a fresh profile, no network of its own (no updates, sync or background requests).
 */
final class Browser implements AutoCloseable {

    static final String CHROMIUM = "/usr/bin/chromium";
    static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    private final Path profile;
    private final ChromeDriver driver;
    private final String baseUrl;
    private final Path screenshots;

    Browser(String baseUrl, Path screenshots) {
        this.baseUrl = baseUrl;
        this.screenshots = screenshots;
        try {
            this.profile = Files.createTempDirectory("askflow-chromium");
            Files.createDirectories(screenshots);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM).addArguments("--headless", "--no-sandbox",
                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                "--user-data-dir=" + profile, "--window-size=1280,900");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        this.driver = new ChromeDriver(service, options);
    }

    static boolean installed() {
        return new File(CHROMIUM).canExecute() && new File(CHROMEDRIVER).canExecute();
    }

    /** Opens a page of the dashboard ({@code index.html}, {@code jobs.html?q=...}). */
    void open(String page) {
        driver.get(baseUrl + "/ui/" + page);
    }

    /** Opens a page and signs in with {@code key} through its form (forgetting the key the tab held). */
    void openSignedIn(String page, String key) {
        open(page);
        script("sessionStorage.clear()");
        driver.navigate().refresh();
        WebElement field = waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("api-key")));
        field.sendKeys(key);
        driver.findElement(By.id("sign-in-button")).click();
        waitUntilLoaded();
    }

    void signOut() {
        driver.findElement(By.id("sign-out")).click();
        waitFor(By.id("api-key"));
    }

    void waitUntilLoaded() {
        waiting().until(d -> "true".equals(driver.findElement(By.tagName("body")).getDomAttribute("data-loaded")));
    }

    WebElement waitFor(By by) {
        return waiting().until(ExpectedConditions.presenceOfElementLocated(by));
    }

    WebDriverWait waiting() {
        return new WebDriverWait(driver, Duration.ofSeconds(30), Duration.ofMillis(100));
    }

    WebElement find(By by) {
        return driver.findElement(by);
    }

    List<WebElement> findAll(By by) {
        return driver.findElements(by);
    }

    String text(By by) {
        return driver.findElement(by).getText();
    }

    Object script(String javascript) {
        return ((JavascriptExecutor) driver).executeScript(javascript);
    }

    ChromeDriver driver() {
        return driver;
    }

    void size(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
    }

    /** Saves what the browser shows as {@code <name>.png} under the screenshots directory. */
    Path screenshot(String name) {
        Path file = screenshots.resolve(name + ".png");
        try {
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    @Override
    public void close() {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException e) {
            // a profile left in the temp directory harms nothing
        }
    }
}
