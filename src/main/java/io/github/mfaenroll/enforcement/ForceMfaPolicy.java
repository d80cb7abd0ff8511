package io.github.mfaenroll.enforcement;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Policies that make MFA a must in AWS. {@link #json()} is AWS's published example, which denies every action except
 * MFA self-management until the caller signed in with MFA (statement {@code BlockMostAccessUnlessSignedInWithMFA}),
 * kept verbatim in {@code enforcement/aws-self-manage-mfa-policy.json} so administrators can compare it with the
 * source. {@link #appManagedJson()} is the stricter one for accounts where people enroll only through this app: its
 * Deny keeps no MFA actions open, so a leaked access key of someone without MFA cannot register the thief's device
 * (AWS's exemptions would let it, and the thief would then have MFA-authenticated sessions).
 */
public final class ForceMfaPolicy {

    /** Where the policy comes from: the IAM User Guide's example "IAM: Allows IAM users to self-manage an MFA device". */
    public static final String SOURCE_URL =
            "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_examples_iam_mfa-selfmanage.html";

    private static final String RESOURCE = "/enforcement/aws-self-manage-mfa-policy.json";
    private static final String APP_MANAGED = "/enforcement/app-managed-mfa-policy.json";

    private ForceMfaPolicy() {
    }

    /** AWS's policy JSON, as published (partition {@code aws}). */
    public static String json() {
        return read(RESOURCE);
    }

    /**
     * The policy for accounts where MFA is set up only through this app: without MFA, nothing but changing one's
     * password (the console's first sign-in may ask for it) and getting an MFA session (whose credentials are still
     * denied unless a code was given). No resource ARN in it, so it fits every partition.
     */
    public static String appManagedJson() {
        return read(APP_MANAGED);
    }

    private static String read(String resource) {
        try (InputStream in = ForceMfaPolicy.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
