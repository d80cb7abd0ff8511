package io.github.mfaenroll.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Random bearer tokens (256 bits, URL-safe) and the SHA-256 digests under which they are stored. */
public final class SecretTokens {

    private final SecureRandom random;

    public SecretTokens(SecureRandom random) {
        this.random = random;
    }

    /** 32 random bytes, base64url without padding (43 characters). */
    public String newToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Hex SHA-256: what the database keeps instead of the token itself. */
    public static String sha256(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    /** Whether a string could be a token we issued: cheap shape check before any database work. */
    public static boolean plausible(String token) {
        return token != null && token.length() == 43 && token.chars().allMatch(
                c -> (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_');
    }
}
