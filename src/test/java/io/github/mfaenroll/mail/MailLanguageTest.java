package io.github.mfaenroll.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import io.github.mfaenroll.app.AppConfig;
import io.github.mfaenroll.testing.Authenticator;
import io.github.mfaenroll.testing.Browser;
import io.github.mfaenroll.testing.Browser.Page;
import io.github.mfaenroll.testing.Staff;
import io.github.mfaenroll.testing.TestApp;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Mail in the recipient's language: what someone else or the system sends (invitations, notices from the helpdesk,
 * reminders) goes out in {@code MFA_MAIL_LANGUAGE}; the notice that a device was bound, which the owner triggered on
 * the app's pages, goes out in the language of those pages.
 */
class MailLanguageTest {

    @RegisterExtension
    static final GreenMailExtension greenMail = new GreenMailExtension(
            ServerSetup.SMTP.createCopy("127.0.0.1").dynamicPort());

    private static Map<String, String> smtp(Map<String, String> more) {
        Map<String, String> env = new HashMap<>(Map.of("MFA_SMTP_HOST", "127.0.0.1",
                "MFA_SMTP_PORT", String.valueOf(greenMail.getSmtp().getPort()), "MFA_SMTP_SECURITY", "none",
                "MFA_SMTP_FROM", "mfa@example.com"));
        env.putAll(more);
        return env;
    }

    private static ReceivedMail onlyMail() {
        assertThat(greenMail.waitForIncomingEmail(10_000, 1)).isTrue();
        return ReceivedMail.of(greenMail.getReceivedMessages()[0]);
    }

    @Nested
    class WithTheMailLanguageSetToGerman {

        @Test
        void aHelpdeskInvitationIsGermanThroughoutWhateverTheAgentsPagesSay() {
            try (TestApp app = TestApp.start(smtp(Map.of("MFA_MAIL_LANGUAGE", "de")))) {
                Browser agent = Staff.helpdesk(app, "hanna");
                agent.get("/helpdesk/users/alice", Map.of("Accept-Language", "en-US"));

                Page sent = agent.post("/helpdesk/users/alice/links", Map.of("confirm", "yes"));
                ReceivedMail mail = onlyMail();

                assertThat(sent.status()).isEqualTo(303);
                assertThat(mail.to()).isEqualTo("alice@example.com");
                assertThat(mail.subject()).isEqualTo("MFA für Ihren AWS-Benutzer alice einrichten");
                assertThat(mail.text()).startsWith("Guten Tag,")
                        .contains("Multi-Faktor-Authentifizierung (MFA) für Ihren AWS-Benutzer alice")
                        .contains("Diese Einladung hat helpdesk:hanna gesendet.")
                        .contains("gültig bis 26.11.2026")
                        .contains("wenden Sie sich an Ihren IT-Helpdesk")
                        .doesNotContain("Hello").doesNotContain("valid until").doesNotContain("your IT helpdesk");
                assertThat(mail.html()).contains("<html lang=\"de\">").contains("MFA jetzt einrichten");
            }
        }
    }

    @Nested
    class WithoutAMailLanguage {

        @Test
        void theDeviceBoundNoticeFollowsTheLanguageTheOwnerChoseOnThePages() {
            try (TestApp app = TestApp.start(smtp(Map.of()))) {
                Browser alice = app.signedInAs("alice");
                alice.get("/enroll");
                Map<String, String> spanish = new LinkedHashMap<>();
                spanish.put("lang", "es");
                spanish.put("back", "/enroll");
                alice.post("/language", spanish);

                alice.get("/enroll");
                alice.post("/enroll/start", Map.of());
                Authenticator phone = Authenticator.fromScanPage(alice.get("/enroll/scan").body(), app.clock());
                alice.get("/enroll/verify");
                Page done = alice.post("/enroll/verify", Map.of("code1", phone.code(-1), "code2", phone.code(0)));
                ReceivedMail mail = onlyMail();

                assertThat(done.location()).isEqualTo("/enroll/done");
                assertThat(alice.get("/enroll/done").body()).contains("La MFA está activada");
                assertThat(mail.subject()).isEqualTo("Se ha añadido un nuevo dispositivo MFA a su usuario de AWS alice");
                assertThat(mail.text()).startsWith("Hola:").contains("contacte ahora mismo con su soporte de TI");
                assertThat(mail.html()).contains("<html lang=\"es\">");
            }
        }

        @Test
        void otherMailIsEnglish() {
            try (TestApp app = TestApp.start(smtp(Map.of()))) {
                Browser agent = Staff.helpdesk(app, "hanna");
                agent.get("/helpdesk/users/bob", Map.of("Accept-Language", "de"));

                agent.post("/helpdesk/users/bob/links", Map.of("confirm", "yes"));
                ReceivedMail mail = onlyMail();

                assertThat(mail.subject()).isEqualTo("Set up MFA for your AWS user bob");
                assertThat(mail.text()).startsWith("Hello,").contains("contact your IT helpdesk");
            }
        }
    }

    @Nested
    class TheSetting {

        @Test
        void acceptsTheLanguagesTheAppSpeaksAndDefaultsToEnglish() {
            assertThat(AppConfig.from(Map.of()).mailLanguage()).isEqualTo(Locale.ENGLISH);
            assertThat(AppConfig.from(Map.of("MFA_MAIL_LANGUAGE", "es")).mailLanguage().getLanguage()).isEqualTo("es");
            assertThat(AppConfig.from(Map.of("MFA_MAIL_LANGUAGE", " DE ")).mailLanguage()).isEqualTo(Locale.GERMAN);
        }

        @Test
        void refusesOneItDoesNotSpeakNamingTheVariable() {
            assertThatThrownBy(() -> AppConfig.from(Map.of("MFA_MAIL_LANGUAGE", "fr")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("MFA_MAIL_LANGUAGE must be one of en, de, es, got fr");
        }
    }
}
