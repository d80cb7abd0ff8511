package io.github.mfaenroll.store;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts MFA seeds at rest with AES-256-GCM. The enrollment id is bound in as associated data, so a ciphertext
 * copied onto another row does not decrypt. Output: base64(12-byte nonce || ciphertext+tag).
 *
 * <p>The key comes from {@code MFA_SECRET_KEY} (base64 of 32 bytes) or, failing that, from a key file in the
 * data directory created with owner-only permissions on first start.
 */
public final class SeedCipher {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKey key;
    private final SecureRandom random;

    public SeedCipher(byte[] key, SecureRandom random) {
        if (key.length != 32) {
            throw new IllegalArgumentException("The seed encryption key must be 32 bytes (AES-256), got " + key.length);
        }
        this.key = new SecretKeySpec(key.clone(), "AES");
        this.random = random;
    }

    /** Parses {@code MFA_SECRET_KEY}: base64 of exactly 32 bytes. */
    public static byte[] parseKey(String base64) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("MFA_SECRET_KEY is not valid base64");
        }
        if (key.length != 32) {
            throw new IllegalArgumentException("MFA_SECRET_KEY must decode to 32 bytes (try: openssl rand -base64 32)");
        }
        return key;
    }

    /** Reads the key file in {@code dataDir}, creating it (mode 0600) with a fresh random key if absent. */
    public static byte[] loadOrCreateKeyFile(Path dataDir, SecureRandom random) {
        return parseKey(OwnerOnlyFiles.readOrCreateSecret(dataDir.resolve("secret.key"), random));
    }

    public String encrypt(String plaintext, String associatedData) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        byte[] input = plaintext.getBytes(StandardCharsets.UTF_8);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, nonce, associatedData);
            byte[] sealed = cipher.doFinal(input);
            byte[] out = new byte[NONCE_BYTES + sealed.length];
            System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
            System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
            return Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Seed encryption failed", e);
        } finally {
            Arrays.fill(input, (byte) 0);
        }
    }

    public String decrypt(String ciphertext, String associatedData) {
        byte[] in = Base64.getDecoder().decode(ciphertext);
        try {
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, Arrays.copyOf(in, NONCE_BYTES), associatedData);
            byte[] plain = cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES);
            String text = new String(plain, StandardCharsets.UTF_8);
            Arrays.fill(plain, (byte) 0);
            return text;
        } catch (GeneralSecurityException e) {
            // Wrong key (MFA_SECRET_KEY changed?) or tampered row; never include the ciphertext.
            throw new IllegalStateException("Seed decryption failed: wrong key or tampered data", e);
        }
    }

    private Cipher cipher(int mode, byte[] nonce, String associatedData) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
        return cipher;
    }
}
