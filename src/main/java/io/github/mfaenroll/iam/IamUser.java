package io.github.mfaenroll.iam;

import java.time.Instant;

/**
 * An IAM user as the app needs it.
 *
 * @param createDate when IAM created the user ({@code CreateDate} of ListUsers and GetUser); null where the caller
 *     built the user without one
 */
public record IamUser(String userName, String userId, String arn, Instant createDate) {

    /** A user whose creation time nobody asked for. */
    public IamUser(String userName, String userId, String arn) {
        this(userName, userId, arn, null);
    }
}
