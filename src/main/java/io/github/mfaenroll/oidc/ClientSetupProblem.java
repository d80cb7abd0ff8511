package io.github.mfaenroll.oidc;

import java.util.Locale;
import java.util.Optional;

/**
 * OAuth error answers (RFC 6749 §4.1.2.1, §5.2) that mean this app's settings do not match its registration at the
 * provider, each with the settings an operator should check. Trying again cannot cure these, so they are told apart
 * from a code that expired or was used twice, which can.
 */
enum ClientSetupProblem {
    /** Client authentication failed: unknown client, wrong secret, or an authentication method the client lacks. */
    CLIENT_REFUSED("the provider refused this app's client credentials",
            "check MFA_OIDC_CLIENT_ID and MFA_OIDC_CLIENT_SECRET (a secret needs a confidential client at the"
                    + " provider)"),
    /** The client exists but may not use the authorization code flow. */
    CLIENT_NOT_ALLOWED("the provider does not let this app's client use the authorization code flow",
            "check MFA_OIDC_CLIENT_ID, and that this client has the authorization code (standard) flow at the"
                    + " provider"),
    /** The redirect URI is not the registered one. */
    REDIRECT_URI("the provider refused the redirect URI",
            "check MFA_BASE_URL: the redirect URI is MFA_BASE_URL/signin/oidc/callback, registered exactly so at the"
                    + " provider"),
    /** The code was issued to another client: instances with different client ids behind one address. */
    CODE_OF_ANOTHER_CLIENT("the provider issued the code to another client",
            "check that MFA_OIDC_CLIENT_ID is the same on every instance"),
    /** A scope the client may not ask for. */
    SCOPE("the provider refused the scopes asked for", "check MFA_OIDC_SCOPES");

    private final String problem;
    private final String advice;

    ClientSetupProblem(String problem, String advice) {
        this.problem = problem;
        this.advice = advice;
    }

    /**
     * The setup problem an error answer shows, if it shows one. {@code description} is the provider's free text:
     * only searched for a few words, never repeated (it may quote what the request held).
     *
     * @param status the HTTP status of a token endpoint answer; 0 for an error on the callback
     */
    /**
     * Whether a provider may report this through the browser, on the callback: only a client not allowed the flow
     * and a refused scope; the others come from the token endpoint only.
     */
    boolean sentOnCallback() {
        return this == CLIENT_NOT_ALLOWED || this == SCOPE;
    }

    static Optional<ClientSetupProblem> of(int status, String code, String description) {
        String details = description == null ? "" : description.toLowerCase(Locale.ROOT);
        if ("invalid_client".equals(code) || (status == 401 && !"invalid_grant".equals(code))) {
            return Optional.of(CLIENT_REFUSED);
        }
        if ("unauthorized_client".equals(code)) {
            return Optional.of(CLIENT_NOT_ALLOWED);
        }
        if ("redirect_uri_mismatch".equals(code)
                || (("invalid_grant".equals(code) || "invalid_request".equals(code)) && details.contains("redirect"))) {
            return Optional.of(REDIRECT_URI);
        }
        if ("invalid_grant".equals(code) && details.contains("client")) {
            return Optional.of(CODE_OF_ANOTHER_CLIENT);
        }
        if ("invalid_scope".equals(code)) {
            return Optional.of(SCOPE);
        }
        return Optional.empty();
    }

    /** What went wrong and what to check, for the log and the audit trail. */
    String explanation(String answer) {
        return problem + " (" + answer + "); " + advice;
    }
}
