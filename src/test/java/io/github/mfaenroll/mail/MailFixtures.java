package io.github.mfaenroll.mail;

import static io.github.mfaenroll.testing.TestUsers.user;

import io.github.mfaenroll.onboarding.OnboardingLinks.IssuedLink;
import io.github.mfaenroll.testing.LogHygiene;
import io.github.mfaenroll.testing.Secrets;
import io.github.mfaenroll.testing.TestApp;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** What the mail tests share: building the real objects, issuing real links, reading the log lines of one step. */
final class MailFixtures {

    static final String HELPDESK = "the IT helpdesk (ext. 4357)";
    static final String FROM = "mfa-enroll@example.com";
    /** When the notifications under test are sent (their dates and deadlines are computed from it). */
    static final Instant WHEN = Instant.parse("2026-11-23T10:15:00Z");

    private MailFixtures() {
    }

    /** Plain SMTP to a server on loopback (GreenMail). */
    static SmtpSettings plainSmtp(int port) {
        return new SmtpSettings("127.0.0.1", port, "none", null, null, FROM);
    }

    /** No SMTP host: log-only mode. */
    static SmtpSettings noSmtp() {
        return new SmtpSettings(null, 587, "starttls", null, null, FROM);
    }

    /** Notifications on the demo app's real IAM gateway (simulator), audit log and renderer. */
    static Notifications notifications(TestApp app, SmtpSettings smtp, String emailTagKey) {
        return new Notifications(new MailSender(smtp), app.components().renderer(), app.components().accounts(),
                app.components().audit(), emailTagKey, HELPDESK, Locale.ENGLISH);
    }

    /** A real onboarding link from the app, its token registered so the log check looks for it. */
    static IssuedLink issueLink(TestApp app, String iamUser) {
        IssuedLink link = app.components().links().issue(user(iamUser), null, "maria");
        Secrets.register(TestApp.tokenOf(link.url()));
        return link;
    }

    /** The log lines written while {@code step} ran. */
    static List<String> loggedDuring(Runnable step) {
        int before = LogHygiene.lines().size();
        step.run();
        List<String> all = LogHygiene.lines();
        return all.subList(before, all.size());
    }
}
