/** The append-only audit trail: who did what to which IAM user, when, and how it ended. Never a secret. */
package io.github.mfaenroll.audit;
