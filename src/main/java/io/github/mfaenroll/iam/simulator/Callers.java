package io.github.mfaenroll.iam.simulator;

import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who sent a request, told by the access key id in its SigV4 {@code Authorization} header
 * ({@code Credential=AKID/date/region/service/aws4_request}), as AWS tells it (signatures are not checked). A key
 * {@code AssumeRole} handed out belongs to the member account whose role was assumed; every other key, the static
 * local one included, belongs to the management account, so clients that predate several accounts keep working.
 *
 * <p>Temporary keys live in this process's memory only: a client talks to the simulator that issued its key.
 */
final class Callers {

    /** The caller an access key stands for. */
    record Caller(String accountId, String arn, String userId) {
    }

    private static final Pattern CREDENTIAL = Pattern.compile("Credential=([A-Za-z0-9]+)/");
    private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    private final Caller management;
    private final Map<String, Caller> temporary = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    Callers(String managementAccountId) {
        this.management = new Caller(managementAccountId, "arn:aws:iam::" + managementAccountId + ":user/mfa-enroll",
                "AIDA" + randomText(17));
    }

    /** The caller of a request with this {@code Authorization} header (null: the management account). */
    Caller of(String authorization) {
        if (authorization == null) {
            return management;
        }
        Matcher matcher = CREDENTIAL.matcher(authorization);
        return matcher.find() ? temporary.getOrDefault(matcher.group(1), management) : management;
    }

    /** A new temporary access key id (AWS's start with ASIA) standing for {@code caller}. */
    String issueKey(Caller caller) {
        String key = "ASIA" + randomText(16);
        temporary.put(key, caller);
        return key;
    }

    /** Random text in base32's alphabet, the shape of AWS's key and principal ids. */
    String randomText(int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(BASE32.charAt(random.nextInt(BASE32.length())));
        }
        return text.toString();
    }
}
