package io.github.mfaenroll.mail;

import static io.github.mfaenroll.mail.MailFixtures.HELPDESK;
import static io.github.mfaenroll.mail.MailFixtures.WHEN;
import static io.github.mfaenroll.testing.TestUsers.user;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.mfaenroll.audit.AuditAction;
import io.github.mfaenroll.audit.AuditEntry;
import io.github.mfaenroll.onboarding.OnboardingLinks.IssuedLink;
import io.github.mfaenroll.testing.Mailbox;
import io.github.mfaenroll.testing.ReceivedMail;
import io.github.mfaenroll.testing.Secrets;
import io.github.mfaenroll.testing.TestApp;
import io.github.mfaenroll.testing.TestAppExtension;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The three mails end to end, as received: the demo app's real IAM gateway (simulator), audit log and renderer,
 * sending over SMTP to GreenMail on loopback. Failures are in {@link NotificationFailuresTest}.
 */
class NotificationsTest {

    @RegisterExtension
    static final Mailbox mailbox = Mailbox.onLoopback().emptiedBeforeEachTest();

    @RegisterExtension
    static final TestAppExtension app = TestAppExtension.demo();

    Notifications notifications() {
        return MailFixtures.notifications(app.get(), MailFixtures.plainSmtp(mailbox.port()), "email");
    }

    IssuedLink issueLink(String iamUser) {
        return MailFixtures.issueLink(app.get(), iamUser);
    }

    @Nested
    class Invitation {

        @Test
        void goesToTheEmailTagWithSubjectAndTextAndHtmlParts() {
            IssuedLink link = issueLink("alice");

            Notifications.Delivery delivery = notifications().sendInvitation(user("alice"), null, null, link.url(),
                    link.expiresAt(), "maria");

            ReceivedMail mail = mailbox.onlyMail();
            assertThat(delivery.received()).isTrue();
            assertThat(delivery.tagAddress()).as("the tag's address, for the link to remember")
                    .isEqualTo("alice@example.com");
            assertThat(mail.to()).isEqualTo("alice@example.com");
            assertThat(mail.subject()).isEqualTo("Set up MFA for your AWS user alice");
            assertThat(mail.contentType()).startsWith("multipart/alternative");
            assertThat(mail.text()).contains("for your AWS user alice.", "This invitation was sent by maria.",
                    "your phone with an authenticator app", "about five minutes",
                    "The link works once and is valid until Nov 26, 2026", "UTC", HELPDESK);
            assertThat(mail.html()).contains("<html lang=\"en\">", "for your AWS user alice.",
                    "This invitation was sent by maria.", "<li>about five minutes</li>",
                    "The link works once and is valid until Nov 26, 2026");
        }

        @Test
        void carriesTheExactLinkAsTextAsAnHrefAndAsAVisibleAddress() {
            IssuedLink link = issueLink("alice");

            notifications().sendInvitation(user("alice"), null, null, link.url(), link.expiresAt(), "maria");

            ReceivedMail mail = mailbox.onlyMail();
            String url = link.url().toString();
            assertThat(mail.text()).contains("\n" + url + "\n");
            assertThat(mail.html()).contains("<a href=\"" + url + "\">", "<br>" + url + "</p>");
        }

        @Test
        void itsLinkOpensTheLandingPageForThatUser() {
            IssuedLink link = issueLink("bob");
            notifications().sendInvitation(user("bob"), null, null, link.url(), link.expiresAt(), "maria");
            Matcher inMail = Pattern.compile("https?://\\S+/onboard/\\S+").matcher(mailbox.onlyMail().text());
            assertThat(inMail.find()).isTrue();

            var landing = app.browser().get(inMail.group());

            assertThat(landing.status()).isEqualTo(200);
            assertThat(landing.body()).contains("for the AWS user bob");
        }

        @Test
        void anExplicitAddressIsUsedInsteadOfTheTag() {
            IssuedLink link = issueLink("alice");

            Notifications.Delivery delivery = notifications().sendInvitation(user("alice"), "alice.home@example.org", null,
                    link.url(), link.expiresAt(), "maria");

            assertThat(delivery.received()).isTrue();
            assertThat(delivery.tagAddress()).as("an address typed in is never taken for the owner's tag").isNull();
            assertThat(mailbox.onlyMail().to()).isEqualTo("alice.home@example.org");
        }

        @Test
        void theHtmlPartEscapesWhatItQuotesAndTheTextPartDoesNot() {
            IssuedLink link = issueLink("alice");

            notifications().sendInvitation(user("alice"), null, null, link.url(), link.expiresAt(), "Mallory <b>&</b>");

            ReceivedMail mail = mailbox.onlyMail();
            assertThat(mail.html()).contains("sent by Mallory &lt;b&gt;&amp;&lt;/b&gt;.").doesNotContain("<b>");
            assertThat(mail.text()).contains("sent by Mallory <b>&</b>.");
        }

        @Test
        void isAuditedWithTheMaskedAddressAndWithoutTheLink() {
            IssuedLink link = issueLink("alice");

            notifications().sendInvitation(user("alice"), null, null, link.url(), link.expiresAt(), "maria");

            AuditEntry entry = app.lastAuditEntry("alice");
            assertThat(entry.action()).isEqualTo(AuditAction.MAIL_SENT);
            assertThat(entry.outcome()).isEqualTo(AuditEntry.Outcome.SUCCESS);
            assertThat(entry.actor()).isEqualTo("maria");
            assertThat(entry.detail()).isEqualTo("invitation to a***@example.com")
                    .doesNotContain(TestApp.tokenOf(link.url()));
        }
    }

    @Nested
    class DeviceBound {

        @Test
        void saysWhichUserGotWhichDeviceWhenAndWhomToCall() {
            String serial = app.simulator().addAssignedVirtualDevice("bob", "bob-phone");

            boolean sent = notifications().sendDeviceBound(user("bob"), serial, WHEN);

            ReceivedMail mail = mailbox.onlyMail();
            assertThat(sent).isTrue();
            assertThat(mail.to()).isEqualTo("bob@example.com");
            assertThat(mail.subject()).isEqualTo("A new MFA device was added to your AWS user bob");
            for (String part : List.of(mail.text(), mail.html())) {
                assertThat(part).contains("A new MFA device was added to your AWS user bob.", "Device: " + serial,
                        "When: Nov 23, 2026", "If this wasn’t you, contact " + HELPDESK + " now");
            }
            assertThat(app.lastAuditEntry("bob").detail()).isEqualTo("device-bound notice to b***@example.com");
        }
    }

    @Nested
    class DeviceRemoved {

        @Test
        void saysWhoRemovedItWhyAndWhen() {
            boolean sent = notifications().sendDeviceRemoved(user("carol"), "arn:aws:iam::123456789012:mfa/carol-old",
                    "helpdesk:maria", "phone lost", WHEN);

            ReceivedMail mail = mailbox.onlyMail();
            assertThat(sent).isTrue();
            assertThat(mail.subject()).isEqualTo("An MFA device was removed from your AWS user carol");
            for (String part : List.of(mail.text(), mail.html())) {
                assertThat(part).contains("An MFA device was removed from your AWS user carol.",
                        "Device: arn:aws:iam::123456789012:mfa/carol-old", "Removed by: helpdesk:maria",
                        "Reason: phone lost", "When: Nov 23, 2026", "contact " + HELPDESK + " now");
            }
            assertThat(app.lastAuditEntry("carol").actor()).isEqualTo("helpdesk:maria");
        }

        @Test
        void leavesTheReasonOutWhenThereIsNone() {
            notifications().sendDeviceRemoved(user("carol"), "arn:aws:iam::123456789012:mfa/carol-old", "sweeper", null,
                    WHEN);

            ReceivedMail mail = mailbox.onlyMail();
            assertThat(mail.text()).doesNotContain("Reason:").contains("Removed by: sweeper\nWhen: ");
            assertThat(mail.html()).doesNotContain("Reason:");
        }
    }

    @Nested
    class NoSecretsInAnyMail {

        @Test
        void noPartHoldsASeedACodeOrAQrCode() {
            String serial = app.simulator().addAssignedVirtualDevice("dave", "dave-phone");
            String seed = Secrets.register(app.simulator().seedOf(serial).orElseThrow());
            IssuedLink link = issueLink("dave");
            Notifications notifications = notifications();

            notifications.sendInvitation(user("dave"), null, null, link.url(), link.expiresAt(), "maria");
            notifications.sendDeviceBound(user("dave"), serial, WHEN);
            notifications.sendDeviceRemoved(user("dave"), serial, "helpdesk:maria", "replaced", WHEN);

            List<ReceivedMail> mails = mailbox.waitFor(3);
            assertThat(mails).hasSize(3);
            for (ReceivedMail mail : mails) {
                for (String part : mail.visibleParts()) {
                    assertThat(part).as(mail.subject()).doesNotContain(seed, "otpauth:", "<img", "data:image");
                    assertThat(ReceivedMail.SEED_SHAPE.matcher(part).find()).as(mail.subject() + ": seed shape")
                            .isFalse();
                    assertThat(ReceivedMail.CODE_SHAPE.matcher(part).find()).as(mail.subject() + ": code shape")
                            .isFalse();
                }
            }
        }
    }
}
