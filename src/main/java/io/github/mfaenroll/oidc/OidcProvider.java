package io.github.mfaenroll.oidc;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.LogoutRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCScopeValue;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import io.github.mfaenroll.oidc.OidcSignInFailure.Kind;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The identity provider as this app uses it: discovery (checked at start-up by {@code serve}, or fetched on first use,
 * and kept), the authorization URL, the code exchange at the token endpoint and ID token validation. Every call has
 * a 5-second connect and read timeout, so a slow provider shows an error page instead of holding request threads.
 */
public final class OidcProvider {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(OidcProvider.class);

    static final int TIMEOUT_MILLIS = 5_000;
    /** Tolerated difference between the provider's clock and ours when checking exp and iat. */
    static final int MAX_CLOCK_SKEW_SECONDS = 60;
    private static final int MAX_JWKS_BYTES = 256 * 1024;
    /** Readiness probes are short: a load balancer waits for the answer, and a down provider should say so fast. */
    static final int PROBE_TIMEOUT_MILLIS = 2_000;

    private final URI configuredIssuer;
    private final ClientID clientId;
    private final Secret clientSecret;
    private final URI callback;
    private volatile Discovered discovered;

    /** @param callback the redirect URI registered at the provider (built from the base URL, never a request) */
    public OidcProvider(OidcSettings config, URI callback) {
        this.configuredIssuer = config.issuer();
        this.clientId = new ClientID(config.clientId());
        this.clientSecret = config.clientSecret() == null ? null : new Secret(config.clientSecret());
        this.callback = callback;
    }

    /**
     * What the provider told us about the signed-in person: validated ID token claims, completed from UserInfo. The
     * ID token itself is not kept: nothing needs it after this (signing out names the app by its client id).
     */
    record Identity(String subject, Map<String, Object> claims, Map<String, Object> idTokenClaims) {
        @Override
        public String toString() {
            return "Identity[" + subject + "]";
        }

        /** A claim of the validated ID token alone (not filled in from UserInfo). */
        Object idTokenClaim(String name) {
            return idTokenClaims.get(name);
        }

        Object claim(String name) {
            return claims.get(name);
        }

        String stringClaim(String name) {
            Object value = claims.get(name);
            return value instanceof String s && !s.isBlank() ? s : null;
        }
    }

    private record Discovered(OIDCProviderMetadata metadata, IDTokenValidator validator) {
    }

    /** The URL that sends the browser to the provider with PKCE (S256), state and nonce. */
    URI authorizationUrl(Scope scope, State state, Nonce nonce, CodeVerifier verifier) {
        Scope withOpenId = new Scope(scope);
        withOpenId.add(OIDCScopeValue.OPENID);
        return new AuthenticationRequest.Builder(new ResponseType(ResponseType.Value.CODE), withOpenId, clientId,
                callback)
                .endpointURI(discovered().metadata().getAuthorizationEndpointURI())
                .state(state)
                .nonce(nonce)
                .codeChallenge(verifier, CodeChallengeMethod.S256)
                .build()
                .toURI();
    }

    /**
     * Exchanges the code (with the PKCE verifier) for tokens, validates the ID token (signature against the
     * provider's JWKS, issuer, audience, expiry and issue time, nonce) and, when the token lacks one of
     * {@code wantedClaims}, asks UserInfo for it.
     */
    Identity redeem(String code, CodeVerifier verifier, Nonce nonce, Set<String> wantedClaims) {
        Discovered provider = discovered();
        OIDCTokens tokens = exchange(provider.metadata(), code, verifier);
        IDTokenClaimsSet idClaims;
        try {
            idClaims = provider.validator().validate(tokens.getIDToken(), nonce);
        } catch (KeySourceException e) {
            throw new OidcSignInFailure(Kind.UNAVAILABLE, "provider keys unavailable (" + e.getClass().getSimpleName()
                    + ")");
        } catch (BadJOSEException | JOSEException e) {
            // Nimbus messages can quote claim values (the nonce among them): only a category reaches the log.
            throw new OidcSignInFailure(Kind.TOKEN_REJECTED, "ID token rejected: " + rejectionReason(e));
        }
        Map<String, Object> idTokenClaims = Map.copyOf(idClaims.toJSONObject());
        Map<String, Object> claims = new HashMap<>(idTokenClaims);
        if (!claims.keySet().containsAll(wantedClaims)) {
            UserInfoClaims.fetch(provider.metadata().getUserInfoEndpointURI(), tokens.getBearerAccessToken(),
                    idClaims.getSubject()).forEach(claims::putIfAbsent);
        }
        return new Identity(idClaims.getSubject().getValue(), Map.copyOf(claims), idTokenClaims);
    }

    private OIDCTokens exchange(OIDCProviderMetadata metadata, String code, CodeVerifier verifier) {
        AuthorizationCodeGrant grant = new AuthorizationCodeGrant(new AuthorizationCode(code), callback, verifier);
        URI endpoint = metadata.getTokenEndpointURI();
        TokenRequest request = clientSecret == null ? new TokenRequest(endpoint, clientId, grant)
                : new TokenRequest(endpoint, clientAuthentication(metadata), grant);
        HTTPResponse answer;
        try {
            answer = send(request.toHTTPRequest());
        } catch (IOException e) {
            throw new OidcSignInFailure(Kind.UNAVAILABLE, "token endpoint unreachable (" + e.getClass().getSimpleName()
                    + ")");
        }
        TokenResponse response;
        try {
            response = OIDCTokenResponseParser.parse(answer);
        } catch (ParseException e) {
            throw refusal(answer.getStatusCode(), null, null).orElseGet(
                    () -> new OidcSignInFailure(Kind.TOKEN_REJECTED, "token response unreadable"));
        }
        if (!response.indicatesSuccess()) {
            ErrorObject error = response.toErrorResponse().getErrorObject();
            throw refusal(answer.getStatusCode(), error.getCode(), error.getDescription()).orElseGet(
                    () -> new OidcSignInFailure(Kind.TOKEN_REJECTED, "token endpoint refused the code: "
                            + safeCode(error.getCode())));
        }
        if (!(response instanceof OIDCTokenResponse oidc) || oidc.getOIDCTokens().getIDToken() == null) {
            throw new OidcSignInFailure(Kind.TOKEN_REJECTED, "token response without an ID token");
        }
        return oidc.getOIDCTokens();
    }

    /**
     * A token endpoint refusal of this app's settings (client id, secret, redirect URI), not of the person's code: the
     * failure names the settings to check; the log gets it through the error page's log line. Never the secret.
     */
    private static Optional<OidcSignInFailure> refusal(int status, String code, String description) {
        return ClientSetupProblem.of(status, code, description).map(problem -> new OidcSignInFailure(Kind.MISCONFIGURED,
                "token endpoint: " + problem.explanation("HTTP " + status + ", " + safeCode(code))));
    }

    /** client_secret_basic unless the provider only takes client_secret_post (no list means basic, RFC 8414). */
    private ClientAuthentication clientAuthentication(OIDCProviderMetadata metadata) {
        List<ClientAuthenticationMethod> methods = metadata.getTokenEndpointAuthMethods();
        if (methods != null && !methods.contains(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                && methods.contains(ClientAuthenticationMethod.CLIENT_SECRET_POST)) {
            return new ClientSecretPost(clientId, clientSecret);
        }
        return new ClientSecretBasic(clientId, clientSecret);
    }

    /**
     * Fetches and checks the provider's discovery document and signing keys now, and keeps them for sign-in.
     * {@code serve} calls this before it listens, so a wrong {@code MFA_OIDC_ISSUER} stops start-up with a message
     * naming it, instead of a first sign-in that looks like an outage.
     *
     * @throws OidcDiscoveryFailure saying what went wrong and which setting to check
     */
    public synchronized void discoverNow() {
        if (discovered == null) {
            discovered = discover(ProviderDiscovery.atStartUp(configuredIssuer, TIMEOUT_MILLIS));
        }
    }

    /**
     * Checks that the provider answers now: its discovery document (with the same issuer) and its signing keys, with
     * short timeouts. For {@code /readyz}, which caches the outcome.
     *
     * @throws OidcDiscoveryFailure saying what is wrong
     */
    public void probe() {
        ProviderDiscovery.whileRunning(configuredIssuer, PROBE_TIMEOUT_MILLIS).fetch();
    }

    /** Discovery is fetched once and kept; a failed fetch is not kept, so the next sign-in tries again. */
    private Discovered discovered() {
        Discovered current = discovered;
        if (current != null) {
            return current;
        }
        synchronized (this) {
            if (discovered == null) {
                try {
                    discovered = discover(ProviderDiscovery.whileRunning(configuredIssuer, TIMEOUT_MILLIS));
                } catch (OidcDiscoveryFailure e) {
                    throw new OidcSignInFailure(Kind.UNAVAILABLE, e.getMessage());
                }
            }
            return discovered;
        }
    }

    private Discovered discover(ProviderDiscovery discovery) {
        OIDCProviderMetadata metadata = discovery.fetch();
        if (!metadata.getIssuer().getValue().equals(configuredIssuer.toString())) {
            // The ID token's iss must then equal the provider's form, which the validator below is given.
            log.info("MFA_OIDC_ISSUER={} differs from the provider's issuer {} only by a trailing slash: using the"
                    + " provider's form", configuredIssuer, metadata.getIssuer());
        }
        JWKSource<SecurityContext> keys;
        try {
            keys = JWKSourceBuilder.create(metadata.getJWKSetURI().toURL(),
                    new DefaultResourceRetriever(TIMEOUT_MILLIS, TIMEOUT_MILLIS, MAX_JWKS_BYTES)).build();
        } catch (MalformedURLException | IllegalArgumentException | NullPointerException e) {
            throw new OidcDiscoveryFailure("MFA_OIDC_ISSUER=" + configuredIssuer + ": the provider's discovery"
                    + " document names no usable jwks_uri");
        }
        IDTokenValidator validator = new IDTokenValidator(metadata.getIssuer(), clientId,
                new JWSVerificationKeySelector<>(signatureAlgorithms(metadata), keys), null);
        validator.setMaxClockSkew(MAX_CLOCK_SKEW_SECONDS);
        return new Discovered(metadata, validator);
    }

    /**
     * The asymmetric signature algorithms the provider says it uses for ID tokens. Never "none", and no HMAC: the
     * key would be the client secret, which is not how this app expects a company provider to sign.
     */
    private static Set<JWSAlgorithm> signatureAlgorithms(OIDCProviderMetadata metadata) {
        List<JWSAlgorithm> advertised = metadata.getIDTokenJWSAlgs() == null ? List.of()
                : metadata.getIDTokenJWSAlgs();
        Set<JWSAlgorithm> asymmetric = advertised.stream().filter(JWSAlgorithm.Family.SIGNATURE::contains)
                .collect(Collectors.toSet());
        return asymmetric.isEmpty() ? Set.of(JWSAlgorithm.RS256) : asymmetric;
    }

    /** Which check an ID token failed, from Nimbus's fixed message texts; never the claim values they quote. */
    static String rejectionReason(Exception e) {
        String message = e.getMessage() == null ? "" : e.getMessage().toLowerCase(java.util.Locale.ROOT);
        for (String check : List.of("nonce", "issuer", "audience", "expired", "issue time", "signature", "key")) {
            if (message.contains(check)) {
                return check;
            }
        }
        return e.getClass().getSimpleName();
    }

    /**
     * The provider's end-session URL (RP-initiated logout) with {@code client_id} and {@code post_logout_redirect_uri},
     * when discovery names an {@code end_session_endpoint}; else empty. Signing out here never fails because of the
     * provider: an unreachable discovery also gives empty.
     */
    Optional<URI> endSessionUrl(URI postLogoutRedirect) {
        URI endpoint;
        try {
            endpoint = discovered().metadata().getEndSessionEndpointURI();
        } catch (OidcSignInFailure e) {
            log.warn("Signed out here only: {}", e.getMessage());
            return Optional.empty();
        }
        if (endpoint == null) {
            return Optional.empty();
        }
        return Optional.of(new LogoutRequest(endpoint, null, null, clientId, postLogoutRedirect, null, null).toURI());
    }

    static HTTPResponse send(HTTPRequest request) throws IOException {
        request.setConnectTimeout(TIMEOUT_MILLIS);
        request.setReadTimeout(TIMEOUT_MILLIS);
        return request.send();
    }

    /** An OAuth error code is a short ASCII word; anything else is replaced rather than echoed into logs. */
    static String safeCode(String code) {
        return code != null && code.matches("[a-z_]{1,40}") ? code : "unrecognised";
    }
}
