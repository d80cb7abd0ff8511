package io.github.mfaenroll.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.openqa.selenium.OutputType;

/**
 * The README's pictures of the wizard, taken by the browser tests when asked ({@code -Dscreenshots.update=true} or
 * {@code SCREENSHOTS_UPDATE=true}): {@code mvn -o test -Dtest='EnrollmentInBrowserTest,PhoneEnrollmentTest'
 * -Dscreenshots.update=true}, then commit {@code static/screenshots/}. Otherwise nothing is written.
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
        try {
            browser.script("document.activeElement && document.activeElement.blur && document.activeElement.blur();"
                    + " window.scrollTo(0, 0);");
            Files.createDirectories(FOLDER);
            Files.write(FOLDER.resolve(name + ".png"), browser.driver().getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
