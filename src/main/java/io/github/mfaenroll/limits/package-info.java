/**
 * Limits on guessing and flooding, counted in the database so that several instances share them: failed
 * verifications per IAM user in a rolling hour and the lockout they lead to ({@link io.github.mfaenroll.limits.UserLockouts}),
 * and requests per client address ({@link io.github.mfaenroll.limits.AddressLimits}). The helpdesk sees and lifts both.
 */
package io.github.mfaenroll.limits;
