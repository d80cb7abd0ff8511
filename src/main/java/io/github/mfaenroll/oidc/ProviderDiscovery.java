package io.github.mfaenroll.oidc;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Map;
import javax.net.ssl.SSLException;

/**
 * Fetches the provider's discovery document (OpenID Connect Discovery 1.0 §4) and its signing keys, and checks that
 * they fit {@code MFA_OIDC_ISSUER}; anything else is an {@link OidcDiscoveryFailure} that says which setting to
 * check. Nimbus's {@code OIDCProviderMetadata.resolve} does the fetch too, but its failures are one generic
 * exception, and it refuses an issuer that differs from the provider's by a trailing slash, the commonest slip.
 *
 * @param whileDown what a provider that is down means at this moment, told after what to check
 */
record ProviderDiscovery(URI configured, int timeoutMillis, String whileDown) {

    static final String WELL_KNOWN_PATH = "/.well-known/openid-configuration";
    private static final int MAX_QUOTED = 200;

    /**
     * For {@code serve} before it listens. It does not wait for a provider that is down: a supervisor restarts the
     * app, which then tries again.
     *
     * @param timeoutMillis for connecting and for reading, each
     */
    static ProviderDiscovery atStartUp(URI configured, int timeoutMillis) {
        return new ProviderDiscovery(configured, timeoutMillis, "mfa-enroll does not start without it (it waits "
                + seconds(timeoutMillis) + " at most): start it again once the provider answers");
    }

    /** For the running app: a first sign-in without the start-up check, and readiness probes. */
    static ProviderDiscovery whileRunning(URI configured, int timeoutMillis) {
        return new ProviderDiscovery(configured, timeoutMillis, "company sign-in fails until it answers");
    }

    /** Where the document is: the issuer without a trailing slash, then the well-known path (Discovery §4.1). */
    static URI documentUrl(URI issuer) {
        return URI.create(withoutTrailingSlash(issuer.toString()) + WELL_KNOWN_PATH);
    }

    /** Whether the provider's issuer is the configured one, a trailing slash on either side aside. */
    static boolean sameIssuer(String providers, URI configured) {
        return withoutTrailingSlash(providers).equals(withoutTrailingSlash(configured.toString()));
    }

    /**
     * The provider's metadata, after checking that its issuer is the configured one (up to a trailing slash), that
     * it names the endpoints this app uses, and that its signing keys can be fetched.
     */
    OIDCProviderMetadata fetch() {
        URI url = documentUrl(configured);
        String document = "the provider's discovery document at " + url;
        Map<String, Object> json = fetchJson(url, document, "check the realm or tenant in MFA_OIDC_ISSUER (the issuer"
                + " URL itself, without " + WELL_KNOWN_PATH + ")");
        OIDCProviderMetadata metadata;
        try {
            metadata = OIDCProviderMetadata.parse(new net.minidev.json.JSONObject(json));
        } catch (ParseException e) {
            throw failure(document + " is not an OpenID Connect discovery document (" + quoted(e.getMessage())
                    + "); check that MFA_OIDC_ISSUER is an OpenID Connect provider's issuer");
        }
        String issuer = metadata.getIssuer().getValue();
        if (!sameIssuer(issuer, configured)) {
            throw failure(document + " names the issuer \"" + quoted(issuer) + "\"; set MFA_OIDC_ISSUER to exactly the"
                    + " provider's issuer (ID tokens carry it, and are checked against it)");
        }
        requireEndpoint(document, "authorization_endpoint", metadata.getAuthorizationEndpointURI());
        requireEndpoint(document, "token_endpoint", metadata.getTokenEndpointURI());
        requireEndpoint(document, "jwks_uri", metadata.getJWKSetURI());
        checkKeys(metadata.getJWKSetURI());
        return metadata;
    }

    private void requireEndpoint(String document, String name, URI endpoint) {
        if (endpoint == null) {
            throw failure(document + " names no " + name + ", which sign-in needs; check that MFA_OIDC_ISSUER is an"
                    + " OpenID Connect provider's issuer");
        }
    }

    /** The signing keys must be there before anyone signs in: without them no ID token can be checked. */
    private void checkKeys(URI jwksUri) {
        String keys = "the provider's signing keys at " + jwksUri + " (the jwks_uri of its discovery document)";
        Map<String, Object> json = fetchJson(jwksUri, keys, "the provider names that address itself: check its"
                + " public URL (hostname) settings");
        try {
            if (JWKSet.parse(json).getKeys().isEmpty()) {
                throw failure(keys + " hold no key; check the provider's key settings");
            }
        } catch (java.text.ParseException e) {
            throw failure(keys + " are not a JSON Web Key Set (" + quoted(e.getMessage()) + ")");
        }
    }

    /** GETs {@code url} and reads the body as a JSON object; every other outcome is a failure naming {@code what}. */
    private Map<String, Object> fetchJson(URI url, String what, String checkWhenMissing) {
        HTTPResponse response;
        try {
            HTTPRequest request = new HTTPRequest(HTTPRequest.Method.GET, url);
            request.setAccept("application/json");
            request.setConnectTimeout(timeoutMillis);
            request.setReadTimeout(timeoutMillis);
            response = request.send();
        } catch (IOException | IllegalArgumentException e) {
            throw failure(what + " could not be fetched: " + unreachable(e));
        }
        int status = response.getStatusCode();
        if (status != 200) {
            throw failure(what + " answered " + statusLine(response) + "; " + adviceFor(status, checkWhenMissing));
        }
        try {
            return JSONObjectUtils.parse(response.getBody());
        } catch (java.text.ParseException e) {
            String type = response.getHeaderValue("Content-Type");
            throw failure(what + " answered 200 but not with JSON (Content-Type " + quoted(type) + "); check that"
                    + " MFA_OIDC_ISSUER is the provider's issuer URL, not a login or portal page");
        }
    }

    private String adviceFor(int status, String checkWhenMissing) {
        if (status == 404 || status == 410) {
            return checkWhenMissing;
        }
        if (status == 401 || status == 403) {
            return "the document must be readable without signing in: check MFA_OIDC_ISSUER and the provider's"
                    + " access rules";
        }
        if (status >= 500) {
            return "the provider is failing; " + whileDown;
        }
        return "check MFA_OIDC_ISSUER";
    }

    private String unreachable(Exception e) {
        if (e instanceof ConnectException) {
            return "connection refused; check the host and port in MFA_OIDC_ISSUER and that the provider is running; "
                    + whileDown;
        }
        if (e instanceof UnknownHostException) {
            return "unknown host " + quoted(e.getMessage()) + "; check the host name in MFA_OIDC_ISSUER";
        }
        if (e instanceof SocketTimeoutException) {
            return "no answer within " + seconds(timeoutMillis) + "; check the host and port in MFA_OIDC_ISSUER and"
                    + " that this machine may reach the provider (proxy, firewall); " + whileDown;
        }
        if (e instanceof SSLException) {
            return "TLS failed (" + quoted(e.getMessage()) + "); check that this Java runtime trusts the provider's"
                    + " certificate";
        }
        return e.getClass().getSimpleName() + " (" + quoted(e.getMessage()) + "); check MFA_OIDC_ISSUER";
    }

    private static String seconds(int timeoutMillis) {
        return timeoutMillis % 1000 == 0 ? timeoutMillis / 1000 + " s" : timeoutMillis + " ms";
    }

    private OidcDiscoveryFailure failure(String problem) {
        return new OidcDiscoveryFailure("MFA_OIDC_ISSUER=" + configured + ": " + problem);
    }

    private static String statusLine(HTTPResponse response) {
        String reason = response.getStatusMessage();
        return response.getStatusCode() + (reason == null || reason.isBlank() ? "" : " " + quoted(reason));
    }

    /** What the provider said, made safe to print on one line: printable ASCII, and not too much of it. */
    private static String quoted(String text) {
        if (text == null) {
            return "none";
        }
        String printable = text.replaceAll("[^\\x20-\\x7e]", "?");
        return printable.length() <= MAX_QUOTED ? printable : printable.substring(0, MAX_QUOTED) + "...";
    }

    private static String withoutTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
