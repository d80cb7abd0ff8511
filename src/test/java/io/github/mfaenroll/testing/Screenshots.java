package io.github.mfaenroll.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.openqa.selenium.OutputType;

/**
 * The README's pictures of the wizard, taken by the browser tests when asked ({@code -Dscreenshots.update=true} or
 * {@code SCREENSHOTS_UPDATE=true}): {@code mvn -o test -Dtest='EnrollmentInBrowserTest,PhoneEnrollmentTest'
 * -Dscreenshots.update=true}, then commit {@code static/screenshots/}. Otherwise nothing is written. The English
 * pictures show the viewport, as a person sees the page first; the translated ones the whole page, so a reviewer
 * reads every string in place.
 */
public final class Screenshots {

    private static final Path FOLDER = Path.of("static", "screenshots");

    private Screenshots() {
    }

    public static boolean wanted() {
        return Boolean.getBoolean("screenshots.update") || "true".equalsIgnoreCase(System.getenv("SCREENSHOTS_UPDATE"));
    }

    /** Saves what the browser shows now (the viewport) as {@code static/screenshots/NAME.png}, when wanted. */
    public static void take(Chromium browser, String name) {
        if (!wanted()) {
            return;
        }
        settle(browser);
        save(name, browser.driver().getScreenshotAs(OutputType.BYTES));
    }

    /** Saves the whole page, at the viewport's width and as tall as the page, as {@code NAME.png}, when wanted. */
    @SuppressWarnings("unchecked")
    public static void takeWholePage(Chromium browser, String name) {
        if (!wanted()) {
            return;
        }
        settle(browser);
        Map<String, Object> metrics = browser.driver().executeCdpCommand("Page.getLayoutMetrics", Map.of());
        Number width = (Number) ((Map<String, Object>) metrics.get("cssLayoutViewport")).get("clientWidth");
        Number height = (Number) ((Map<String, Object>) metrics.get("cssContentSize")).get("height");
        Map<String, Object> shot = browser.driver().executeCdpCommand("Page.captureScreenshot", Map.of(
                "format", "png", "captureBeyondViewport", true,
                "clip", Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1)));
        save(name, Base64.getDecoder().decode((String) shot.get("data")));
    }

    /** No focus ring, scrolled to the top: the page as it first appears. */
    private static void settle(Chromium browser) {
        browser.script("document.activeElement && document.activeElement.blur && document.activeElement.blur();"
                + " window.scrollTo(0, 0);");
    }

    private static void save(String name, byte[] png) {
        try {
            Files.createDirectories(FOLDER);
            Files.write(FOLDER.resolve(name + ".png"), png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
