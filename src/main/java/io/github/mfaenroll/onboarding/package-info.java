/**
 * Onboarding links: random, hashed at rest, bound to one IAM user, single use, expiring and revocable
 * ({@link io.github.mfaenroll.onboarding.OnboardingLinks}), and {@code /onboard}, where a GET only shows the link and a
 * POST claims it and starts the employee's session ({@link io.github.mfaenroll.onboarding.OnboardingController}).
 */
package io.github.mfaenroll.onboarding;
