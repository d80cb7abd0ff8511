package io.github.mfaenroll.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.github.mfaenroll.testing.ReceivedMail;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Implicit TLS ({@code security=tls}) against GreenMail's SMTPS, with a certificate made for this test by keytool
 * for the name {@code localhost} only. Trusting it means what it means in production: the JVM's default trust
 * (here the default {@link SSLContext}, swapped for one that trusts this certificate and restored afterwards).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MailSenderTlsTest {

    private static final String STORE_PASSWORD = "changeit";

    @TempDir
    static Path dir;

    private Path keystore;
    private GreenMail greenMail;
    private SSLContext jvmDefault;

    @BeforeAll
    void startSmtpsWithOurCertificate() throws Exception {
        keystore = dir.resolve("smtps.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "smtps", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", STORE_PASSWORD, "-keypass", STORE_PASSWORD)
                .redirectErrorStream(true).start();
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(new String(keytool.getInputStream().readAllBytes())).isZero();
        // GreenMail reads these once per JVM, when its first TLS server starts; no other test class starts one.
        System.setProperty("greenmail.tls.keystore.file", keystore.toString());
        System.setProperty("greenmail.tls.keystore.password", STORE_PASSWORD);
        System.setProperty("greenmail.tls.key.password", STORE_PASSWORD);
        greenMail = new GreenMail(ServerSetup.SMTPS.createCopy("127.0.0.1").dynamicPort());
        greenMail.start();
        jvmDefault = SSLContext.getDefault();
    }

    @AfterAll
    void stop() {
        if (greenMail != null) {
            greenMail.stop();
        }
        System.clearProperty("greenmail.tls.keystore.file");
        System.clearProperty("greenmail.tls.keystore.password");
        System.clearProperty("greenmail.tls.key.password");
    }

    @BeforeEach
    void emptyMailbox() throws Exception {
        greenMail.purgeEmailFromAllMailboxes();
    }

    MailSender senderTo(String host) {
        return new MailSender(new SmtpSettings(host, greenMail.getSmtps().getPort(), "tls", null, null,
                MailFixtures.FROM));
    }

    static OutgoingMail mail() {
        return new OutgoingMail("alice@example.com", "Over TLS", "text", "<p>html</p>");
    }

    /** Sending fails with a MailFailure that says {@code why}, and the server received nothing. */
    void assertRefusedAndNothingSent(MailSender sender, String why) {
        assertThatThrownBy(() -> sender.send(mail())).isInstanceOf(MailFailure.class).hasMessageContaining(why);
        assertThat(greenMail.getReceivedMessages()).isEmpty();
    }

    @Nested
    class WhenTheJvmTrustsTheServersCertificate {

        @BeforeEach
        void trustIt() throws Exception {
            SSLContext.setDefault(trusting(keystore));
        }

        @AfterEach
        void restoreTheJvmDefault() {
            SSLContext.setDefault(jvmDefault);
        }

        @Test
        void theMailIsDeliveredOverImplicitTls() {
            MailSender sender = senderTo("localhost");

            sender.send(mail());

            assertThat(greenMail.waitForIncomingEmail(5_000, 1)).isTrue();
            assertThat(ReceivedMail.of(greenMail.getReceivedMessages()[0]).subject()).isEqualTo("Over TLS");
        }

        @Test
        void aHostNameTheCertificateDoesNotNameIsRefused() {
            MailSender sender = senderTo("127.0.0.1");

            assertRefusedAndNothingSent(sender, "No subject alternative names matching IP address 127.0.0.1");
        }
    }

    @Nested
    class WhenTheJvmDoesNotTrustIt {

        @Test
        void nothingIsSent() {
            MailSender sender = senderTo("localhost");

            assertRefusedAndNothingSent(sender, "PKIX path building failed");
        }
    }

    /** A TLS context whose only trust anchor is the certificate in {@code keystore}. */
    private static SSLContext trusting(Path keystore) throws IOException, GeneralSecurityException {
        KeyStore source = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            source.load(in, STORE_PASSWORD.toCharArray());
        }
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        for (String alias : List.copyOf(java.util.Collections.list(source.aliases()))) {
            trust.setCertificateEntry(alias, source.getCertificate(alias));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }
}
