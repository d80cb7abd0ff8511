package io.github.mfaenroll.testing;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.MultiFormatReader;
import com.google.zxing.NotFoundException;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;

/**
 * A person going through the enrollment wizard in a real browser: the pages are clicked and typed into as a
 * person would; their phone reads the QR code off a screenshot of the page.
 */
public final class Wizard {

    private final Chromium browser;

    public Wizard(Chromium browser) {
        this.browser = browser;
    }

    /** Opens an onboarding link and presses its button; the browser is then signed in as the link's IAM user. */
    public void claim(URI link) {
        browser.open(link.toString());
        browser.find("form[action='/onboard'] button").click();
        expectPath("/enroll");
    }

    /** On the start page: presses the start button; the scan page is then shown. */
    public void startSetup() {
        browser.find("form[action='/enroll/start'] button").click();
        expectPath("/enroll/scan");
    }

    /** The phone scans the QR code shown on the page (a screenshot of the page, cut to the image, decoded). */
    public Authenticator scanQrCode(Clock clock) {
        return Authenticator.fromSeed(secretOf(qrCodeText()), clock);
    }

    /** What the QR code on the page says (an {@code otpauth://} URI). */
    public String qrCodeText() {
        BufferedImage shot = screenshotOf(browser.find("figure.qr img"));
        try {
            return decodeQr(shot);
        } catch (AssertionError firstLook) {
            // A busy machine may hand over a frame painted before the scroll: look again, as a camera would.
            shot = screenshotOf(browser.find("figure.qr img"));
        }
        try {
            return decodeQr(shot);
        } catch (AssertionError e) {
            try {
                ImageIO.write(shot, "png", java.nio.file.Path.of("target", "qr-not-found.png").toFile());
            } catch (IOException ignored) {
                // Only for looking at afterwards.
            }
            throw new AssertionError(e.getMessage() + " (the screenshot is in target/qr-not-found.png)", e);
        }
    }

    /** The person types the key shown in groups of four into their phone instead. */
    public Authenticator typeKey(Clock clock) {
        String grouped = browser.find("#setup-key").getText();
        return Authenticator.fromSeed(grouped.replace(" ", ""), clock);
    }

    /** From the scan page to the verify page, by its "next" link. */
    public void next() {
        browser.find("a[href='/enroll/verify']").click();
        expectPath("/enroll/verify");
    }

    /**
     * Types two codes on the verify page, submits them, and waits until the answer's page has replaced this one. A
     * mistaken pair comes back to the same address, so waiting for the path alone could let a test read the page it
     * just left.
     */
    public void submitCodes(String code1, String code2) {
        browser.find("#code1").sendKeys(code1);
        browser.find("#code2").sendKeys(code2);
        // A mark on this document's window: the next document starts without it. (Waiting for the button to go stale
        // trips over ChromeDriver, which may answer "node does not belong to the document" mid-navigation instead.)
        browser.script("window.leftByTheTest = true;");
        browser.find("form[action='/enroll/verify'] button").click();
        browser.waitUpTo(Duration.ofSeconds(10)).until(driver -> {
            try {
                return Boolean.TRUE.equals(browser.script(
                        "return window.leftByTheTest === undefined && document.readyState === 'complete';"));
            } catch (WebDriverException stillNavigating) {
                return false;
            }
        });
    }

    /** Link to start, scan, verify with two good codes: the done page is then shown. */
    public Authenticator enrollFromLink(URI link, Clock clock) {
        claim(link);
        startSetup();
        Authenticator phone = scanQrCode(clock);
        next();
        submitCodes(phone.code(-1), phone.code(0));
        expectPath("/enroll/done");
        return phone;
    }

    /** Waits until the page at {@code path} is shown and loaded (deferred scripts have run). */
    public void expectPath(String path) {
        expectPath(path::equals);
    }

    /** Waits until the page at a path {@code wanted} accepts has loaded (a path with an id in it, say). */
    public void expectPath(java.util.function.Predicate<String> wanted) {
        browser.waitUpTo(java.time.Duration.ofSeconds(10)).until(d -> wanted.test(browser.path())
                && "complete".equals(browser.script("return document.readyState")));
    }

    /** The part of a viewport screenshot where {@code element} is (a camera pointed at the screen sees no more). */
    public BufferedImage screenshotOf(WebElement element) {
        // Scrolled into view only when needed, then two animation frames, so the screenshot shows the scrolled page.
        browser.driver().executeAsyncScript("""
                const done = arguments[arguments.length - 1], r = arguments[0].getBoundingClientRect();
                if (r.top < 0 || r.bottom > window.innerHeight) arguments[0].scrollIntoView({block: 'center'});
                requestAnimationFrame(() => requestAnimationFrame(() => done()));""", element);
        try {
            BufferedImage page = ImageIO.read(new ByteArrayInputStream(
                    browser.driver().getScreenshotAs(OutputType.BYTES)));
            Number scale = (Number) browser.script("return window.devicePixelRatio");
            @SuppressWarnings("unchecked")
            Map<String, Number> box = (Map<String, Number>) browser.script(
                    "const r = arguments[0].getBoundingClientRect(); "
                            + "return {x: r.left, y: r.top, width: r.width, height: r.height};", element);
            double s = scale.doubleValue();
            Rectangle crop = new Rectangle((int) (box.get("x").doubleValue() * s), (int) (box.get("y").doubleValue() * s),
                    (int) Math.ceil(box.get("width").doubleValue() * s), (int) Math.ceil(box.get("height").doubleValue() * s))
                    .intersection(new Rectangle(page.getWidth(), page.getHeight()));
            return page.getSubimage(crop.x, crop.y, crop.width, crop.height);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Decodes the QR code in an image (ZXing), as an authenticator app's scanner would. */
    public static String decodeQr(BufferedImage image) {
        // Twice the size, with a white margin: a screenshot scales the code's modules by a non-integer factor, which
        // left ZXing with a checksum error now and then (zbarimg read the same image); the margin restores a quiet
        // zone a tight crop may cut. The reading is still ZXing's own: nothing here knows what the code says.
        BufferedImage framed = new BufferedImage(image.getWidth() * 2 + 80, image.getHeight() * 2 + 80,
                BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = framed.createGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, framed.getWidth(), framed.getHeight());
        g.drawImage(image, 40, 40, image.getWidth() * 2, image.getHeight() * 2, null);
        g.dispose();
        BufferedImageLuminanceSource source = new BufferedImageLuminanceSource(framed);
        Map<DecodeHintType, Object> hints = Map.of(DecodeHintType.POSSIBLE_FORMATS, List.of(BarcodeFormat.QR_CODE),
                DecodeHintType.TRY_HARDER, Boolean.TRUE);
        for (BinaryBitmap bitmap : List.of(new BinaryBitmap(new HybridBinarizer(source)),
                new BinaryBitmap(new com.google.zxing.common.GlobalHistogramBinarizer(source)))) {
            try {
                return new MultiFormatReader().decode(bitmap, hints).getText();
            } catch (NotFoundException e) {
                // Try the next way of looking.
            }
        }
        // The crop holds the code and nothing else, so ZXing may also read it as a pure barcode: its finder-pattern
        // search missed screenshots now and then that zbarimg read (2 in about 30 runs).
        try {
            return new com.google.zxing.qrcode.QRCodeReader().decode(
                    new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image))),
                    Map.of(DecodeHintType.PURE_BARCODE, Boolean.TRUE)).getText();
        } catch (NotFoundException | com.google.zxing.ChecksumException | com.google.zxing.FormatException e) {
            // Not readable either way: reported below.
        }
        throw new AssertionError("no QR code found in the screenshot");
    }

    /** The {@code secret} parameter of an {@code otpauth://} URI. */
    public static String secretOf(String otpauthUri) {
        String query = URI.create(otpauthUri).getRawQuery();
        for (String pair : query.split("&")) {
            if (pair.startsWith("secret=")) {
                return URLDecoder.decode(pair.substring("secret=".length()), StandardCharsets.UTF_8);
            }
        }
        throw new AssertionError("QR code holds no secret");
    }
}
