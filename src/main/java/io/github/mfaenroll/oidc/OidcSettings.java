package io.github.mfaenroll.oidc;

import java.net.URI;

/**
 * Sign-in with the company identity provider. {@code issuer == null} disables it. {@code mapping}:
 * {@code user-name} (the {@code userClaim} value is the IAM user name) or {@code email-tag} (the IAM user whose
 * {@code emailTagKey} tag equals the {@code email} claim). Group claim values grant helpdesk or admin.
 *
 * @param staffAcr the ID token's {@code acr} value that proves the provider asked for MFA (null: only {@code amr}
 *                 counts); staff without such proof use the app's own second factor
 * @param trustEmail whether the provider's email addresses are trusted without {@code email_verified: true}
 */
public record OidcSettings(URI issuer, String clientId, String clientSecret, String scopes, String userClaim,
                           String mapping, String emailTagKey, String groupsClaim, String helpdeskGroup,
                           String adminGroup, String staffAcr, boolean trustEmail) {
    public OidcSettings {
        if (issuer != null && clientId == null) {
            throw new IllegalArgumentException("MFA_OIDC_CLIENT_ID must be set when MFA_OIDC_ISSUER is set");
        }
    }

    public boolean enabled() {
        return issuer != null;
    }

    @Override
    public String toString() {
        return "OidcSettings[issuer=" + issuer + ", clientId=" + clientId + ", mapping=" + mapping + "]";
    }
}
