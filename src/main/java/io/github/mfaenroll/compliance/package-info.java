/**
 * The compliance view of each account the app serves: IAM's credential report fetched and parsed, each user put in a
 * category (console password without MFA, with MFA, no console password), filtered, and shown as a page, CSV or JSON
 * (also {@code report}); the organization view over every account; and coverage over time (a snapshot per account per
 * day, drawn as a 90-day chart).
 */
package io.github.mfaenroll.compliance;
