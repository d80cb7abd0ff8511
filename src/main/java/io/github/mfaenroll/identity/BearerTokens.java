package io.github.mfaenroll.identity;

import java.util.Optional;

/**
 * Checks a bearer token presented to the API. The web layer asks; the token store above it answers (the store is a
 * feature with its own command line, so it stands on the feature floor).
 */
@FunctionalInterface
public interface BearerTokens {

    /**
     * The caller the token belongs to; empty when it is unknown, expired or revoked (deliberately one answer: the
     * caller learns nothing about tokens it does not hold).
     */
    Optional<ApiCaller> authenticate(String token);
}
