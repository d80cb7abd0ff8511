package io.github.mfaenroll.staff;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id password hashes (RFC 9106) with BouncyCastle, stored as PHC strings:
 * {@code $argon2id$v=19$m=19456,t=2,p=1$SALT$HASH} (standard base64 without padding, as the reference
 * implementation writes them, so hashes move between implementations).
 *
 * <p>New hashes use {@link Parameters#OWASP} and a random 16-byte salt. Verification reads the parameters from the
 * stored string, so hashes made with other parameters still verify. Passwords are NFKC-normalized before hashing
 * (NIST SP 800-63B §5.1.1.2), so the same password typed on two keyboards that compose accents differently matches.
 */
public final class PasswordHasher {

    /**
     * Argon2id cost: memory in KiB, iterations, lanes.
     *
     * @param memoryKib memory per hash, in KiB (1 KiB blocks; at least 8 per lane)
     */
    public record Parameters(int memoryKib, int iterations, int parallelism) {

        /** OWASP Password Storage Cheat Sheet, first Argon2id option: 19 MiB, 2 iterations, 1 lane. */
        public static final Parameters OWASP = new Parameters(19 * 1024, 2, 1);

        public Parameters {
            // Upper bounds keep a tampered row from turning one sign-in into a gigabyte allocation.
            if (parallelism < 1 || parallelism > 16 || iterations < 1 || iterations > 100
                    || memoryKib < 8 * parallelism || memoryKib > 1024 * 1024) {
                throw new IllegalArgumentException("Argon2 parameters out of range: m=" + memoryKib + ", t="
                        + iterations + ", p=" + parallelism);
            }
        }
    }

    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final Pattern PHC = Pattern.compile(
            "\\$argon2id\\$v=19\\$m=(\\d{1,7}),t=(\\d{1,3}),p=(\\d{1,2})\\$([A-Za-z0-9+/]{11,86})\\$([A-Za-z0-9+/]{22,171})");
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64_DECODER = Base64.getDecoder();

    private final SecureRandom random;
    private final Parameters parameters;
    /** Verified against when a name is unknown, so that unknown names cost as much time as real ones. */
    private final String dummyHash;

    public PasswordHasher(SecureRandom random, Parameters parameters) {
        this.random = Objects.requireNonNull(random, "random");
        this.parameters = Objects.requireNonNull(parameters, "parameters");
        byte[] throwaway = new byte[32];
        random.nextBytes(throwaway);
        this.dummyHash = hash(Base64.getEncoder().encodeToString(throwaway));
    }

    /** The parameters new hashes get. */
    public Parameters parameters() {
        return parameters;
    }

    /** A PHC string for {@code password} with a fresh random salt. */
    public String hash(CharSequence password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] hash = argon2(password, salt, parameters, HASH_BYTES);
        try {
            return "$argon2id$v=19$m=" + parameters.memoryKib() + ",t=" + parameters.iterations() + ",p="
                    + parameters.parallelism() + '$' + B64.encodeToString(salt) + '$' + B64.encodeToString(hash);
        } finally {
            Arrays.fill(hash, (byte) 0);
        }
    }

    /**
     * Whether {@code password} matches the PHC string. A string that is not an Argon2id v19 PHC string within the
     * accepted parameter bounds never matches.
     */
    public boolean verify(CharSequence password, String phc) {
        Matcher m = phc == null ? null : PHC.matcher(phc);
        if (m == null || !m.matches()) {
            return false;
        }
        Parameters stored;
        byte[] salt;
        byte[] expected;
        try {
            stored = new Parameters(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3)));
            salt = B64_DECODER.decode(m.group(4));
            expected = B64_DECODER.decode(m.group(5));
        } catch (IllegalArgumentException e) {
            return false;
        }
        byte[] actual = argon2(password, salt, stored, expected.length);
        try {
            // Constant time: the comparison must not reveal how many leading bytes of a guess were right.
            return MessageDigest.isEqual(actual, expected);
        } finally {
            Arrays.fill(actual, (byte) 0);
        }
    }

    /** Spends the time of one verification and returns false: the answer for a name that has no account. */
    public boolean verifyAgainstDummy(CharSequence password) {
        verify(password, dummyHash);
        return false;
    }

    /** Whether the string is an Argon2id PHC string at least as strong as the current parameters. */
    public boolean isCurrent(String phc) {
        Matcher m = phc == null ? null : PHC.matcher(phc);
        return m != null && m.matches() && Integer.parseInt(m.group(1)) >= parameters.memoryKib()
                && Integer.parseInt(m.group(2)) >= parameters.iterations()
                && Integer.parseInt(m.group(3)) >= parameters.parallelism();
    }

    private static byte[] argon2(CharSequence password, byte[] salt, Parameters p, int length) {
        Argon2Parameters params = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(p.memoryKib())
                .withIterations(p.iterations())
                .withParallelism(p.parallelism())
                .withSalt(salt)
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(params);
        byte[] input = utf8(Normalizer.normalize(password, Normalizer.Form.NFKC));
        byte[] out = new byte[length];
        try {
            generator.generateBytes(input, out);
            return out;
        } finally {
            Arrays.fill(input, (byte) 0);
        }
    }

    private static byte[] utf8(CharSequence text) {
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(text));
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        // The encoder's buffer is ours alone: clear it rather than leave a copy of the password on the heap.
        Arrays.fill(encoded.array(), (byte) 0);
        return bytes;
    }
}
