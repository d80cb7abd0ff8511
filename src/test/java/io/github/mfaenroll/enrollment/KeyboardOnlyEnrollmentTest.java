package io.github.mfaenroll.enrollment;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mfaenroll.testing.Authenticator;
import io.github.mfaenroll.testing.BrowserTest;
import io.github.mfaenroll.testing.Chromium;
import io.github.mfaenroll.testing.TestAppExtension;
import io.github.mfaenroll.testing.Wizard;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.interactions.Actions;

/**
 * The whole enrollment with the keyboard alone: Tab, Shift-Tab, Enter and typing into whatever has focus, never a
 * click. Also: a mistake is announced (an alert that takes focus, links to the fields, fields marked invalid and
 * described by the message), and the QR code's text alternative is the typed key.
 */
@BrowserTest
class KeyboardOnlyEnrollmentTest {

    @RegisterExtension
    static final TestAppExtension app = TestAppExtension.demo().inSharedChromium();
    private final Chromium browser = app.chromium();

    @Test
    void anEnrollmentCanBeFinishedWithTheKeyboardAloneAndItsMistakeIsAnnouncedAndLinkedToTheFields() {
        Wizard wizard = new Wizard(browser);
        app.simulator().addUser("kim", true, Map.of());
        browser.open(app.linkFor("kim").toString());

        List<String> landing = tabUntil("form[action='/onboard'] button");
        press(Keys.ENTER);
        wizard.expectPath("/enroll");
        tabUntil("form[action='/enroll/start'] button");
        press(Keys.ENTER);
        wizard.expectPath("/enroll/scan");
        assertQrCodeIsDescribedByTheKey();
        Authenticator phone = wizard.typeKey(app.clock());
        List<String> scan = tabUntil("a[href='/enroll/verify']");
        press(Keys.ENTER);
        wizard.expectPath("/enroll/verify");
        List<String> verify = tabUntil("#code1");
        type(phone.code(0));
        press(Keys.TAB);
        String afterFirst = focused();
        type(phone.code(-1));
        new Actions(browser.driver()).keyDown(Keys.SHIFT).sendKeys(Keys.TAB).keyUp(Keys.SHIFT).perform();
        String backwards = focused();
        press(Keys.TAB);
        press(Keys.TAB);
        String afterSecond = focused();
        press(Keys.ENTER);

        wizard.expectPath("/enroll/verify");
        assertThat(landing.get(0)).isEqualTo("a.skip");
        assertThat(scan).containsSubsequence("button in .copy-key", "a[href^=otpauth:]", "a[href=/enroll/verify]");
        assertThat(verify).endsWith("#code1");
        assertThat(List.of(afterFirst, backwards, afterSecond))
                .containsExactly("#code2", "#code1", "button in form[action=/enroll/verify]");
        assertThat(focused()).as("the error summary takes focus when the page opens").isEqualTo("#verify-error");
        assertThat(browser.find("#verify-error").getAttribute("role")).isEqualTo("alert");
        assertThat(browser.driver().getTitle()).startsWith("Error:");
        for (String field : List.of("#code1", "#code2")) {
            assertThat(browser.find(field).getAttribute("aria-invalid")).isEqualTo("true");
            assertThat(browser.find(field).getAttribute("aria-describedby")).contains("verify-error-message");
        }
        assertThat(browser.find("#verify-error-message").getText()).contains("The codes are in the wrong order");

        press(Keys.TAB);
        assertThat(focused()).isEqualTo("a[href=#code1]");
        press(Keys.ENTER);
        assertThat(focused()).as("the link in the error summary moves focus to the first code").isEqualTo("#code1");
        app.clock().advance(java.time.Duration.ofSeconds(30));
        type(phone.code(-1));
        press(Keys.TAB);
        type(phone.code(0));
        press(Keys.TAB);
        assertThat(focused()).isEqualTo("button in form[action=/enroll/verify]");
        press(Keys.ENTER);

        wizard.expectPath("/enroll/done");
        assertThat(app.simulator().assignedSerials("kim")).hasSize(1);
    }

    private void assertQrCodeIsDescribedByTheKey() {
        var image = browser.find("figure.qr img");
        String key = browser.find("#setup-key").getText();
        assertThat(image.getAccessibleName()).contains("QR code").contains("type the key");
        assertThat(image.getAttribute("aria-describedby")).isEqualTo("setup-key");
        assertThat(key).matches("([A-Z2-7]{4} )+[A-Z2-7]{1,4}");
    }

    /** Presses Tab until the element matching {@code css} has focus; returns where focus went on the way. */
    private List<String> tabUntil(String css) {
        List<String> visited = new ArrayList<>();
        for (int presses = 0; presses < 20; presses++) {
            press(Keys.TAB);
            visited.add(focused());
            if (Boolean.TRUE.equals(browser.script("return document.activeElement.matches(arguments[0])", css))) {
                return visited;
            }
        }
        throw new AssertionError("Tab never reached " + css + "; focus went " + visited);
    }

    /** Names the focused element: #id, a link by its href, or a button by where it is. */
    private String focused() {
        return (String) browser.script("""
                const e = document.activeElement;
                if (e.id) return '#' + e.id;
                if (e.matches('a.skip')) return 'a.skip';
                if (e.tagName === 'A') {
                  const href = e.getAttribute('href');
                  return href.startsWith('otpauth:') ? 'a[href^=otpauth:]' : 'a[href=' + href + ']';
                }
                const form = e.closest('form');
                if (form) return e.tagName.toLowerCase() + ' in form[action=' + form.getAttribute('action') + ']';
                const box = e.parentElement.closest('[class]');
                return e.tagName.toLowerCase() + (box ? ' in .' + box.className.split(' ')[0] : '');
                """);
    }

    private void press(CharSequence keys) {
        new Actions(browser.driver()).sendKeys(keys).perform();
    }

    private void type(String text) {
        new Actions(browser.driver()).sendKeys(text).perform();
    }
}
