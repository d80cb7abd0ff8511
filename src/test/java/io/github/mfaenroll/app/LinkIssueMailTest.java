package io.github.mfaenroll.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMailUtil;
import io.github.mfaenroll.testing.Mailbox;
import io.github.mfaenroll.testing.Secrets;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code link issue --email} sends the invitation with the very link it prints. */
class LinkIssueMailTest {

    @RegisterExtension
    static final Mailbox mailbox = Mailbox.onLoopback().emptiedBeforeEachTest();

    @TempDir
    Path dataDir;

    @Test
    void theInvitationCarriesTheWorkingLinkTheCommandPrints() throws Exception {
        Map<String, String> env = Map.of("MFA_DATA_DIR", dataDir.toString(), "MFA_BASE_URL", "https://mfa.example.com",
                "MFA_SMTP_HOST", "127.0.0.1", "MFA_SMTP_PORT", String.valueOf(mailbox.port()),
                "MFA_SMTP_SECURITY", "none");
        PrintStream originalOut = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            exit = Main.run(env, "link", "issue", "bob", "--demo", "--email", "bob.personal@example.org");
        } finally {
            System.setOut(originalOut);
        }

        String[] lines = out.toString(StandardCharsets.UTF_8).strip().split("\\R");
        String url = lines[lines.length - 1];
        Secrets.register(url.substring(url.lastIndexOf('/') + 1));
        assertThat(exit).isZero();
        var invitation = mailbox.firstMail().raw();
        assertThat(invitation.getAllRecipients()[0].toString()).isEqualTo("bob.personal@example.org");
        assertThat(GreenMailUtil.getWholeMessage(invitation)).contains(url);
    }
}
