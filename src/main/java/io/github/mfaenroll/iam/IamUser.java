package io.github.mfaenroll.iam;

/** An IAM user as the app needs it. */
public record IamUser(String userName, String userId, String arn) {
}
