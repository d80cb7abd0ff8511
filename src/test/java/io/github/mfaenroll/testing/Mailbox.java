package io.github.mfaenroll.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.store.FolderException;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real SMTP server (GreenMail) on loopback for a whole test class, read as a person reads mail: by recipient,
 * subject and text. Register it as {@code @RegisterExtension static final Mailbox mailbox = Mailbox.onLoopback();}
 * and give the app {@link #appSettings()} ({@code TestAppExtension.withEnv(mailbox::appSettings)}).
 */
public final class Mailbox extends OncePerClass implements BeforeEachCallback {

    /** How long a test waits for a mail the app sends in the background. */
    private static final int WAIT_MILLIS = 10_000;

    private final boolean emptiedBeforeEachTest;
    private GreenMail server;

    private Mailbox(boolean emptiedBeforeEachTest) {
        this.emptiedBeforeEachTest = emptiedBeforeEachTest;
    }

    /**
     * One server for the class and its nested classes, on one port (the app under test is configured once with it;
     * GreenMail's own JUnit extension would restart it, on another port, for each nested class).
     */
    public static Mailbox onLoopback() {
        return new Mailbox(false);
    }

    /** The same server, its mail deleted before each test, so a test sees only what it sent. */
    public Mailbox emptiedBeforeEachTest() {
        return new Mailbox(true);
    }

    @Override
    protected void startIfStopped() {
        server();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (emptiedBeforeEachTest) {
            try {
                server().purgeEmailFromAllMailboxes();
            } catch (FolderException e) {
                throw new IllegalStateException("could not empty the mailbox", e);
            }
        }
    }

    @Override
    protected synchronized void stop() {
        server.stop();
        server = null;
    }

    /**
     * The running GreenMail server (for accounts and raw messages). Started on first use, so an app extension
     * registered before this one can already read {@link #appSettings()}.
     */
    public synchronized GreenMail server() {
        if (server == null) {
            server = new GreenMail(ServerSetup.SMTP.createCopy("127.0.0.1").dynamicPort());
            server.start();
        }
        return server;
    }

    /** The SMTP port on 127.0.0.1. */
    public int port() {
        return server().getSmtp().getPort();
    }

    /** The app's settings to send through this server (plain SMTP, from {@code mfa@example.com}). */
    public Map<String, String> appSettings() {
        return Map.of("MFA_SMTP_HOST", "127.0.0.1", "MFA_SMTP_PORT", String.valueOf(port()),
                "MFA_SMTP_SECURITY", "none", "MFA_SMTP_FROM", "mfa@example.com");
    }

    /** Every mail received so far, oldest first. */
    public List<ReceivedMail> received() {
        return ReceivedMail.all(server().getReceivedMessages());
    }

    /** Every mail to this address so far, oldest first. */
    public List<ReceivedMail> to(String address) {
        return received().stream().filter(mail -> mail.to().equals(address)).toList();
    }

    /** Waits until {@code count} mails have arrived (failing if they do not) and returns all received. */
    public List<ReceivedMail> waitFor(int count) {
        assertThat(server().waitForIncomingEmail(WAIT_MILLIS, count)).as("%d mail(s) arrive", count).isTrue();
        return received();
    }

    /** Waits for a mail and returns the first one received. */
    public ReceivedMail firstMail() {
        return waitFor(1).get(0);
    }

    /** Waits for a mail and returns it, failing if more than one was received. */
    public ReceivedMail onlyMail() {
        List<ReceivedMail> mails = waitFor(1);
        assertThat(mails).hasSize(1);
        return mails.get(0);
    }
}
