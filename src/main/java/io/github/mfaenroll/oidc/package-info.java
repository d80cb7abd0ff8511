/**
 * Sign-in with the company identity provider: the OpenID Connect authorization code flow with PKCE, state and
 * nonce (Nimbus OIDC SDK), and the rule that maps the signed-in person to exactly one IAM user. Only
 * {@link io.github.mfaenroll.oidc.OidcController} knows about HTTP requests.
 */
package io.github.mfaenroll.oidc;
