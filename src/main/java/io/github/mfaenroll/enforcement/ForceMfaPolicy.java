package io.github.mfaenroll.enforcement;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * AWS's published example policy that denies every action except MFA self-management until the caller signed in
 * with MFA (statement {@code BlockMostAccessUnlessSignedInWithMFA}), as the IAM User Guide prints it. It is kept
 * verbatim in {@code enforcement/aws-self-manage-mfa-policy.json}, so administrators can compare it with the source.
 */
public final class ForceMfaPolicy {

    /** Where the policy comes from: the IAM User Guide's example "IAM: Allows IAM users to self-manage an MFA device". */
    public static final String SOURCE_URL =
            "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_examples_iam_mfa-selfmanage.html";

    private static final String RESOURCE = "/enforcement/aws-self-manage-mfa-policy.json";

    private ForceMfaPolicy() {
    }

    /** The policy JSON, as published (partition {@code aws}). */
    public static String json() {
        try (InputStream in = ForceMfaPolicy.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
