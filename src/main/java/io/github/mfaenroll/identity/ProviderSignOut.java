package io.github.mfaenroll.identity;

import java.net.URI;
import java.util.Optional;

/**
 * Where to send the browser after its session here has ended, so that the identity provider ends its own session too
 * (OpenID Connect RP-initiated logout). Empty when there is nothing to end there: no company sign-in, or a provider
 * that offers no end-session endpoint.
 */
@FunctionalInterface
public interface ProviderSignOut {

    /** No identity provider: signing out ends the session here only. */
    ProviderSignOut NONE = Optional::empty;

    /** The provider's end-session URL, naming this app by its client id (never by a token: the URL is seen). */
    Optional<URI> signOutUrl();
}
