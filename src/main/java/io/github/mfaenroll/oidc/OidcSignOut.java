package io.github.mfaenroll.oidc;

import io.github.mfaenroll.identity.ProviderSignOut;
import java.net.URI;
import java.util.Optional;

/**
 * Signing out of the company provider as well (RP-initiated logout): the browser goes to the provider's
 * {@code end_session_endpoint} with the session's ID token as {@code id_token_hint}, and comes back to
 * {@code postLogoutRedirect} (the signed-out page, from the configured base URL; register it at the provider).
 */
public record OidcSignOut(OidcProvider provider, URI postLogoutRedirect) implements ProviderSignOut {

    @Override
    public Optional<URI> signOutUrl(String idToken) {
        return provider.endSessionUrl(idToken, postLogoutRedirect);
    }
}
