package io.github.mfaenroll.helpdesk;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.mfaenroll.testing.Browser.Page;
import io.github.mfaenroll.testing.Staff;
import io.github.mfaenroll.testing.TestAppExtension;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** "Send link" without a mail server (log-only mail, as in the demo): the link shown once says why it was not mailed. */
class LinkNotMailedTest {

    @RegisterExtension
    static final TestAppExtension app = TestAppExtension.demo();

    @Test
    void inLogOnlyModeTheLinkShownOnceNamesTheMissingMailSetting() {
        String name = app.newUser("user", true, true);

        Page answer = Staff.helpdeskOnUserPage(app.get(), "hanna", name)
                .post("/helpdesk/accounts/123456789012/users/" + name + "/links", Map.of("confirm", "yes"));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).contains("no mail server configured").contains("MFA_SMTP_HOST")
                .doesNotContain("no email address is known");
    }
}
