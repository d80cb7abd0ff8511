package io.github.mfaenroll.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeedCipherTest {

    private static final String SEED = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

    @TempDir
    Path dir;

    @Test
    void roundTripsAndNeverShowsThePlaintext() {
        SeedCipher cipher = new SeedCipher(new byte[32], new SecureRandom());

        String sealed = cipher.encrypt(SEED, "enrollment-1");

        assertThat(sealed).doesNotContain(SEED);
        assertThat(cipher.decrypt(sealed, "enrollment-1")).isEqualTo(SEED);
        assertThat(cipher.encrypt(SEED, "enrollment-1")).as("fresh nonce each time").isNotEqualTo(sealed);
    }

    @Test
    void aCiphertextMovedToAnotherEnrollmentDoesNotDecrypt() {
        SeedCipher cipher = new SeedCipher(new byte[32], new SecureRandom());
        String sealed = cipher.encrypt(SEED, "enrollment-1");

        assertThatThrownBy(() -> cipher.decrypt(sealed, "enrollment-2")).hasMessageNotContaining(sealed);
    }

    @Test
    void anotherKeyCannotDecrypt() {
        String sealed = new SeedCipher(new byte[32], new SecureRandom()).encrypt(SEED, "e");
        byte[] otherKey = new byte[32];
        otherKey[0] = 1;

        assertThatThrownBy(() -> new SeedCipher(otherKey, new SecureRandom()).decrypt(sealed, "e"))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theGeneratedKeyFileIsOwnerOnlyAndStable() throws Exception {
        byte[] first = SeedCipher.loadOrCreateKeyFile(dir, new SecureRandom());
        byte[] second = SeedCipher.loadOrCreateKeyFile(dir, new SecureRandom());

        assertThat(second).isEqualTo(first).hasSize(32);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("secret.key"))))
                .isEqualTo("rw-------");
    }

    @Test
    void aConfiguredKeyMustBe32BytesOfBase64() {
        assertThatThrownBy(() -> SeedCipher.parseKey("c2hvcnQ=")).hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> SeedCipher.parseKey("not base64!")).hasMessageContaining("base64");
    }
}
