package io.github.mfaenroll.enrollment;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mfaenroll.testing.Authenticator;
import io.github.mfaenroll.testing.BrowserTest;
import io.github.mfaenroll.testing.Chromium;
import io.github.mfaenroll.testing.Screenshots;
import io.github.mfaenroll.testing.TestAppExtension;
import io.github.mfaenroll.testing.Wizard;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The wizard in Debian's Chromium, as a person uses it: a phone reads the QR code off the screen (a screenshot
 * decoded with ZXing), or the person types the key; a mistaken pair is explained; cancelling removes the device.
 */
@BrowserTest
class EnrollmentInBrowserTest {

    private static final AtomicInteger PEOPLE = new AtomicInteger();

    @RegisterExtension
    static final TestAppExtension app = TestAppExtension.demo().inSharedChromium();
    private final Chromium browser = app.chromium();
    private Wizard wizard;

    @BeforeEach
    void nextPerson() {
        browser.clearCookies();
        browser.acceptLanguage("en");
        wizard = new Wizard(browser);
    }

    /** A new IAM user with a console password and no MFA, so every test starts from the same place. */
    private String newEmployee() {
        String name = "employee" + PEOPLE.incrementAndGet();
        app.simulator().addUser(name, true, Map.of());
        return name;
    }

    /** A new employee who opened their link and pressed "start" in the browser: the scan page is showing. */
    private String newEmployeeOnTheScanPage() {
        String user = newEmployee();
        wizard.claim(app.linkFor(user));
        wizard.startSetup();
        return user;
    }

    @Test
    void aPhoneScansTheQrCodeOnTheScreenAndTheDeviceIsBound() {
        String user = newEmployee();
        browser.open(app.linkFor(user).toString());
        Screenshots.take(browser, "landing");
        browser.find("form[action='/onboard'] button").click();
        wizard.expectPath("/enroll");
        Screenshots.take(browser, "start");
        wizard.startSetup();
        Screenshots.take(browser, "scan");
        String qrText = wizard.qrCodeText();
        Authenticator phone = wizard.scanQrCode(app.clock());
        String openInApp = browser.find("a[href^='otpauth:']").getAttribute("href");
        wizard.next();

        wizard.submitCodes(phone.code(-1), phone.code(0));

        wizard.expectPath("/enroll/done");
        Screenshots.take(browser, "done");
        assertThat(qrText).startsWith("otpauth://totp/").contains(user).isEqualTo(openInApp);
        assertThat(browser.find("[role=status]").getText()).contains("Your AWS user " + user + " now asks for a code");
        assertThat(app.simulator().assignedSerials(user)).hasSize(1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            de | Diesen QR-Code scannen | Sehen Sie diese Seite auf Ihrem Smartphone? | Schließen Sie die Einrichtung bis
            es | Escanee este código QR | ¿Está viendo esta página en su teléfono?    | Termine antes del
            """)
    void theScanPageSpeaksTheLanguageOfTheBrowser(String language, String title, String onPhone, String deadline) {
        browser.acceptLanguage(language);

        newEmployeeOnTheScanPage();

        Screenshots.takeWholePage(browser, "scan-" + language);
        assertThat(browser.find("html").getAttribute("lang")).isEqualTo(language);
        assertThat(browser.find("h1").getText()).isEqualTo(title);
        assertThat(browser.find("main").getText()).contains(onPhone).contains(deadline).doesNotContain("Scan this");
    }

    @Test
    void theKeyTypedInGroupsOfFourWorksAsWellAsTheQrCode() {
        String user = newEmployeeOnTheScanPage();
        String shown = browser.find("#setup-key").getText();
        Authenticator phone = wizard.typeKey(app.clock());
        String qrSecret = Wizard.secretOf(wizard.qrCodeText());
        wizard.next();

        wizard.submitCodes(phone.code(-1), phone.code(0));

        wizard.expectPath("/enroll/done");
        assertThat(shown).matches("([A-Z2-7]{4} )+[A-Z2-7]{1,4}");
        assertThat(phone.base32()).isEqualTo(qrSecret);
        assertThat(app.simulator().assignedSerials(user)).hasSize(1);
    }

    @Test
    void aPairInTheWrongOrderIsExplainedNextToTheFieldsAndTheRightPairThenWorks() {
        String user = newEmployeeOnTheScanPage();
        Authenticator phone = wizard.scanQrCode(app.clock());
        wizard.next();

        wizard.submitCodes(phone.code(0), phone.code(-1));

        wizard.expectPath("/enroll/verify");
        Screenshots.take(browser, "verify-error");
        assertThat(browser.find("[role=alert]").getText()).contains("The codes are in the wrong order")
                .contains("Attempts left: 4.");
        assertThat(browser.find("#code1").getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(browser.find("#code1").getAttribute("value")).isEmpty();
        assertThat(app.simulator().assignedSerials(user)).isEmpty();

        app.clock().advance(java.time.Duration.ofSeconds(30));
        wizard.submitCodes(phone.code(-1), phone.code(0));

        wizard.expectPath("/enroll/done");
        assertThat(app.simulator().assignedSerials(user)).hasSize(1);
    }

    @Test
    void cancellingAsksFirstThenRemovesTheUnfinishedDevice() {
        String user = newEmployeeOnTheScanPage();
        assertThat(app.simulator().virtualDeviceSerials()).anyMatch(serial -> serial.contains(user));

        browser.find("a[href='/enroll/cancel']").click();
        wizard.expectPath("/enroll/cancel");
        browser.find("form[action='/enroll/cancel'] button").click();

        wizard.expectPath("/enroll");
        assertThat(browser.find("[role=status]").getText()).contains("Setup cancelled");
        assertThat(app.simulator().virtualDeviceSerials()).noneMatch(serial -> serial.contains(user));
        assertThat(browser.findAll("form[action='/enroll/start'] button")).hasSize(1);
    }
}
