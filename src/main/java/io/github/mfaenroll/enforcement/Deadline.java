package io.github.mfaenroll.enforcement;

import io.github.mfaenroll.iam.AccountUser;
import java.time.Instant;
import java.time.LocalDate;

/**
 * The date by which a user must have MFA. {@code lastReminderAt} is the last reminder mail; {@code mfaSeenAt} when
 * the reminder job found the user with MFA (null until then).
 */
public record Deadline(AccountUser iamUser, LocalDate enrollBy, String setBy, Instant setAt, Instant lastReminderAt,
                       Instant mfaSeenAt) {
}
