package io.github.mfaenroll.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's Chromium, headless, driven through its own chromedriver (given explicitly, so Selenium Manager downloads
 * nothing: the build machines reach only package registries), with a
 * fresh profile deleted on {@link #close()}. One per test class: a start costs about 5 s.
 */
public final class Chromium implements AutoCloseable {

    /** A window size: what the page's layout sees (CSS pixels), and whether it is a phone (meta viewport applies). */
    public enum Viewport {
        DESKTOP(1280, 800, false),
        PHONE(390, 844, true);

        public final int width;
        public final int height;
        public final boolean mobile;

        Viewport(int width, int height, boolean mobile) {
            this.width = width;
            this.height = height;
            this.mobile = mobile;
        }
    }

    /**
     * Selenium warns at every start that it has no CDP binding for this Chromium version; the tests only send raw
     * commands ({@code executeCdpCommand}), which need none. Held in a field: JUL keeps loggers weakly.
     */
    private static final java.util.logging.Logger CDP_VERSION_WARNING =
            java.util.logging.Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

    static {
        CDP_VERSION_WARNING.setLevel(java.util.logging.Level.SEVERE);
    }

    private static final String BINARY = "/usr/bin/chromium";
    private static final String DRIVER = "/usr/bin/chromedriver";

    private final ChromeDriver driver;
    private final Path profile;
    private URI baseUrl;

    private Chromium(URI baseUrl) {
        this.baseUrl = baseUrl;
        if (!Files.isExecutable(Path.of(BINARY)) || !Files.isExecutable(Path.of(DRIVER))) {
            throw new IllegalStateException("The browser tests need " + BINARY + " and " + DRIVER
                    + ": apt-get install chromium chromium-driver (.ci/run does), or leave them out with -DexcludedGroups=browser");
        }
        try {
            this.profile = Files.createTempDirectory("mfa-enroll-chromium");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BINARY);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-quic", "--hide-scrollbars", "--window-size=1280,800", "--user-data-dir=" + profile);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, java.util.logging.Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(DRIVER)).usingAnyFreePort().build();
        this.driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        resize(Viewport.DESKTOP);
    }

    /** A new browser whose relative paths resolve against {@code baseUrl}. */
    public static Chromium start(URI baseUrl) {
        return new Chromium(baseUrl);
    }

    /**
     * Hands the browser to the next test class: relative paths now resolve against {@code baseUrl}, no cookies (they
     * are per host, not per port), desktop size, English.
     */
    public void useApp(URI baseUrl) {
        this.baseUrl = baseUrl;
        clearCookies();
        resize(Viewport.DESKTOP);
        acceptLanguage("en");
    }

    public ChromeDriver driver() {
        return driver;
    }

    /** Opens a path of the app (or a full URL). */
    public void open(String pathOrUrl) {
        driver.get(pathOrUrl.startsWith("http") ? pathOrUrl : baseUrl.resolve(pathOrUrl).toString());
    }

    /** The path of the page shown now. */
    public String path() {
        return URI.create(driver.getCurrentUrl()).getPath();
    }

    public WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    public List<WebElement> findAll(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    public Object script(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    public WebDriverWait waitUpTo(Duration timeout) {
        return new WebDriverWait(driver, timeout);
    }

    /**
     * Lays the page out at {@code viewport} (device metrics emulation: the same sizes in CSS pixels whatever the
     * host's screen; a phone honours the page's meta viewport and has touch).
     */
    public void resize(Viewport viewport) {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", viewport.width,
                "height", viewport.height, "deviceScaleFactor", 1, "mobile", viewport.mobile));
    }

    /** Sends {@code Accept-Language: language} from now on (what a person's browser language setting does). */
    public void acceptLanguage(String language) {
        String userAgent = (String) script("return navigator.userAgent");
        driver.executeCdpCommand("Emulation.setUserAgentOverride",
                Map.of("userAgent", userAgent, "acceptLanguage", language));
    }

    /** Puts a session cookie (e.g. a staff session started by the test) into this browser for the app's origin. */
    public void addSessionCookie(String value) {
        open("/healthz");
        driver.manage().addCookie(new Cookie.Builder("mfa_session", value).path("/").isHttpOnly(true).build());
    }

    /** Forgets every cookie of the app's origin: the next person to use this browser starts signed out. */
    public void clearCookies() {
        open("/healthz");
        driver.manage().deleteAllCookies();
    }

    /** Console messages since the last call (e.g. Content-Security-Policy violations). */
    public List<String> consoleMessages() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::getMessage).toList();
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
            } catch (IOException ignored) {
                // A temp directory left behind is harmless.
            }
        }
    }
}
