package io.github.mfaenroll.oidc;

import java.net.URI;
import java.util.Set;

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
        if (staffAcr != null && ONE_FACTOR_ACR.contains(staffAcr.strip())) {
            // Staff always sign in with two factors: a level a password alone reaches would let it into the console.
            throw new IllegalArgumentException("MFA_OIDC_STAFF_ACR=" + staffAcr + " is a level a password alone reaches"
                    + " (Keycloak: 0 is a remembered session, 1 a password); set the acr your provider sends only after"
                    + " a second factor, or leave it unset so that staff prove MFA with amr or the app's own code");
        }
    }

    /** acr values that name one factor at most: Keycloak's levels 0 and 1, and the spec's "no assurance" level. */
    private static final Set<String> ONE_FACTOR_ACR = Set.of("0", "1");

    public boolean enabled() {
        return issuer != null;
    }

    @Override
    public String toString() {
        return "OidcSettings[issuer=" + issuer + ", clientId=" + clientId + ", mapping=" + mapping + "]";
    }
}
