package io.github.mfaenroll.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.mfaenroll.app.AppConfig;
import io.github.mfaenroll.testing.Authenticator;
import io.github.mfaenroll.testing.Browser.Page;
import io.github.mfaenroll.testing.Browser;
import io.github.mfaenroll.testing.HttpWizard;
import io.github.mfaenroll.testing.Mailbox;
import io.github.mfaenroll.testing.ReceivedMail;
import io.github.mfaenroll.testing.Staff;
import io.github.mfaenroll.testing.TestAppExtension;
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
    static final Mailbox mailbox = Mailbox.onLoopback().emptiedBeforeEachTest();

    @Nested
    class WithTheMailLanguageSetToGerman {

        @RegisterExtension
        static final TestAppExtension app = TestAppExtension.withEnv(() -> {
            Map<String, String> env = new HashMap<>(mailbox.appSettings());
            env.put("MFA_MAIL_LANGUAGE", "de");
            return env;
        });

        @Test
        void aHelpdeskInvitationIsGermanThroughoutWhateverTheAgentsPagesSay() {
            Browser agent = Staff.helpdesk(app.get(), "hanna");
            agent.get("/helpdesk/accounts/123456789012/users/alice", Map.of("Accept-Language", "en-US"));

            Page sent = agent.post("/helpdesk/accounts/123456789012/users/alice/links", Map.of("confirm", "yes"));
            ReceivedMail mail = mailbox.firstMail();

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

    @Nested
    class WithoutAMailLanguage {

        @RegisterExtension
        static final TestAppExtension app = TestAppExtension.withEnv(mailbox::appSettings);

        @Test
        void theDeviceBoundNoticeFollowsTheLanguageTheOwnerChoseOnThePages() {
            Browser alice = app.signedInAs("alice");
            alice.get("/enroll");
            Map<String, String> spanish = new LinkedHashMap<>();
            spanish.put("lang", "es");
            spanish.put("back", "/enroll");
            alice.post("/language", spanish);

            Authenticator phone = HttpWizard.startAndReadKey(alice, app.clock());
            Page done = HttpWizard.submitCodes(alice, phone.code(-1), phone.code(0));
            ReceivedMail mail = mailbox.firstMail();

            assertThat(done.location()).isEqualTo("/enroll/done");
            assertThat(alice.get("/enroll/done").body()).contains("La MFA está activada");
            assertThat(mail.subject()).isEqualTo("Se ha añadido un nuevo dispositivo MFA a su usuario de AWS alice");
            assertThat(mail.text()).startsWith("Hola:").contains("contacte ahora mismo con su soporte de TI");
            assertThat(mail.html()).contains("<html lang=\"es\">");
        }

        @Test
        void otherMailIsEnglish() {
            Browser agent = Staff.helpdesk(app.get(), "hanna");
            agent.get("/helpdesk/accounts/123456789012/users/bob", Map.of("Accept-Language", "de"));

            agent.post("/helpdesk/accounts/123456789012/users/bob/links", Map.of("confirm", "yes"));
            ReceivedMail mail = mailbox.firstMail();

            assertThat(mail.subject()).isEqualTo("Set up MFA for your AWS user bob");
            assertThat(mail.text()).startsWith("Hello,").contains("contact your IT helpdesk");
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
