package io.github.mfaenroll.oidc;

/**
 * The company identity provider cannot be used as configured: its discovery document or signing keys could not be
 * fetched, or they do not fit {@code MFA_OIDC_ISSUER}. The message is one sentence for an operator: the setting and
 * its value, the URL that was tried, what went wrong and what to check. It holds no secret (the only setting it
 * quotes is the issuer, a public URL). {@code serve} stops with it; {@code /readyz} reports it as {@code oidc down}.
 */
public final class OidcDiscoveryFailure extends RuntimeException {

    OidcDiscoveryFailure(String message) {
        // No stack trace: an expected outcome, reported as one sentence.
        super(message, null, false, false);
    }
}
