package io.github.mfaenroll.oidc;

import io.github.mfaenroll.identity.ProviderSignOut;
import java.net.URI;
import java.util.Optional;

/**
 * Signing out of the company provider as well (RP-initiated logout): the browser goes to the provider's
 * {@code end_session_endpoint} with the app's {@code client_id}, and comes back to {@code postLogoutRedirect} (the
 * signed-out page, from the configured base URL; register it at the provider). Not with {@code id_token_hint}: the ID
 * token would sit in a URL, in the browser's history and the provider's access log. Some providers then ask the
 * person to confirm the sign-out.
 */
public record OidcSignOut(OidcProvider provider, URI postLogoutRedirect) implements ProviderSignOut {

    @Override
    public Optional<URI> signOutUrl() {
        return provider.endSessionUrl(postLogoutRedirect);
    }
}
