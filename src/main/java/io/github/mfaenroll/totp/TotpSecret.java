package io.github.mfaenroll.totp;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Objects;
import org.apache.commons.codec.binary.Base32;

/**
 * The shared key of a TOTP authenticator (RFC 6238), immutable and never printed.
 *
 * <p>{@link #toString()} is redacted so that a secret passed to a logger, an exception message or a template by
 * mistake does not leak. Only {@link #base32()}, {@link #base32Grouped()}, {@link #keyBytes()} and
 * {@link #otpauthUri(String, String)} reveal the key, and each is meant for one place: the enrollment page, the
 * QR code, or the HMAC.
 */
public final class TotpSecret {

    /** 160 bits: the key length RFC 4226 §4 recommends and the one AWS uses for virtual MFA devices. */
    private static final int GENERATED_KEY_BYTES = 20;

    private static final Base32 BASE32 = new Base32();

    private final byte[] key;

    private TotpSecret(byte[] key) {
        this.key = key;
    }

    /** A new random 160-bit key. */
    public static TotpSecret generate(SecureRandom random) {
        Objects.requireNonNull(random, "random");
        byte[] key = new byte[GENERATED_KEY_BYTES];
        random.nextBytes(key);
        return new TotpSecret(key);
    }

    /**
     * Parses base32 (RFC 4648) leniently: whitespace, hyphens, {@code '='} padding and case are ignored, since
     * people copy secrets from pages that group, pad or lower-case them.
     *
     * @throws IllegalArgumentException if nothing is left, a character is outside the base32 alphabet, or the text
     *     is not what an encoder could have produced (an impossible length or non-zero unused bits, which point to
     *     a truncated or mistyped secret). The message never contains the input.
     */
    public static TotpSecret fromBase32(String base32) {
        Objects.requireNonNull(base32, "base32");
        StringBuilder normalized = new StringBuilder(base32.length());
        for (int i = 0; i < base32.length(); i++) {
            char c = base32.charAt(i);
            if (c == '-' || c == '=' || Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                continue;
            }
            // ASCII only: Character.toUpperCase would turn the dotless 'ı' into 'I' and the long 'ſ' into 'S'.
            char upper = c >= 'a' && c <= 'z' ? (char) (c - 'a' + 'A') : c;
            if (!(upper >= 'A' && upper <= 'Z' || upper >= '2' && upper <= '7')) {
                throw new IllegalArgumentException("Secret is not base32: invalid character at position " + i);
            }
            normalized.append(upper);
        }
        if (normalized.length() == 0) {
            throw new IllegalArgumentException("Secret is empty");
        }
        byte[] key = BASE32.decode(normalized.toString());
        // The codec silently drops a dangling last character and unused bits; re-encoding exposes both.
        if (key.length == 0 || !encode(key).contentEquals(normalized)) {
            throw new IllegalArgumentException("Secret is not base32: truncated or mistyped (length or last character)");
        }
        return new TotpSecret(key);
    }

    /** A secret holding a copy of {@code key}, which must not be empty. */
    public static TotpSecret fromBytes(byte[] key) {
        Objects.requireNonNull(key, "key");
        if (key.length == 0) {
            throw new IllegalArgumentException("Secret is empty");
        }
        return new TotpSecret(key.clone());
    }

    /** A copy of the raw key. */
    public byte[] keyBytes() {
        return key.clone();
    }

    /** The key in base32, upper case, without padding (what authenticator apps and the key URI expect). */
    public String base32() {
        return encode(key);
    }

    /** {@link #base32()} in groups of four separated by single spaces, which is easier to type by hand. */
    public String base32Grouped() {
        String plain = base32();
        StringBuilder grouped = new StringBuilder(plain.length() + plain.length() / 4);
        for (int i = 0; i < plain.length(); i += 4) {
            if (i > 0) {
                grouped.append(' ');
            }
            grouped.append(plain, i, Math.min(i + 4, plain.length()));
        }
        return grouped.toString();
    }

    /**
     * The key URI an authenticator app scans: {@code otpauth://totp/ISSUER:ACCOUNT?secret=BASE32&issuer=ISSUER}.
     *
     * <p>Both parts are NFC-normalized and percent-encoded as UTF-8 (RFC 3986: a space becomes {@code %20}, never
     * {@code +}, which apps would show literally). Only the unreserved characters and {@code @} stay literal;
     * {@code @} is allowed in a path and keeps {@code alice@example.com} readable for apps that do not decode.
     *
     * <p>A colon inside the issuer or the account is replaced by a space (runs of spaces collapsed), not encoded
     * as {@code %3A}: apps decode the label first and then split it at the first colon, so an encoded colon
     * would still cut "Acme:Prod" into a wrong issuer and account. The same cleaned issuer goes into the
     * {@code issuer} parameter, because apps compare it with the label prefix.
     *
     * <p>Algorithm, digits and period are left out on purpose: they are the defaults (SHA-1, 6, 30 s), and many
     * apps ignore or mishandle other values.
     *
     * @throws IllegalArgumentException if issuer or account is blank (after removing colons)
     */
    public String otpauthUri(String issuer, String accountName) {
        String cleanIssuer = labelPart(Objects.requireNonNull(issuer, "issuer"), "issuer");
        String cleanAccount = labelPart(Objects.requireNonNull(accountName, "accountName"), "accountName");
        return "otpauth://totp/" + percentEncode(cleanIssuer) + ':' + percentEncode(cleanAccount)
                + "?secret=" + base32() + "&issuer=" + percentEncode(cleanIssuer);
    }

    /** Redacted: the key is never part of a string that may end up in a log. */
    @Override
    public String toString() {
        return "TotpSecret[" + key.length * 8 + " bits, redacted]";
    }

    private static String encode(byte[] key) {
        String padded = BASE32.encodeAsString(key);
        int end = padded.length();
        while (end > 0 && padded.charAt(end - 1) == '=') {
            end--;
        }
        return padded.substring(0, end);
    }

    private static String labelPart(String value, String name) {
        String cleaned = Normalizer.normalize(value, Normalizer.Form.NFC)
                .replace(':', ' ')
                .replaceAll("\\s+", " ")
                .strip();
        if (cleaned.isEmpty()) {
            throw new IllegalArgumentException(name + " is blank");
        }
        return cleaned;
    }

    private static String percentEncode(String value) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || "-._~@".indexOf(c) >= 0) {
                encoded.append(c);
            } else {
                encoded.append('%').append(String.format(Locale.ROOT, "%02X", b & 0xff));
            }
        }
        return encoded.toString();
    }
}
