/**
 * The compliance view: IAM's credential report fetched and parsed, each user put in a category (console password
 * without MFA, with MFA, no console password), filtered, and shown as a page, CSV or JSON (also {@code report}).
 */
package io.github.mfaenroll.compliance;
