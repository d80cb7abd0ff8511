/**
 * The app's view of AWS IAM: {@link io.github.mfaenroll.iam.IamGateway} and its SDK v2 implementation, with
 * every SDK error turned into a typed {@link io.github.mfaenroll.iam.IamFailure}. The SDK stays in this package, and
 * so do the IAM call budgets, one per account ({@link io.github.mfaenroll.iam.IamBudgets}).
 */
package io.github.mfaenroll.iam;
