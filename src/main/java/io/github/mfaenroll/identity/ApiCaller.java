package io.github.mfaenroll.identity;

import java.util.Set;

/**
 * Who is calling the API: a token, known by its name, with the scopes it was created with. The token itself is not
 * kept here: nothing after authentication needs it, so nothing after it can leak it.
 */
public record ApiCaller(String tokenName, Set<ApiScope> scopes) {

    public ApiCaller {
        scopes = Set.copyOf(scopes);
    }

    /** How the audit trail names the caller. */
    public String actor() {
        return "api:" + tokenName;
    }

    public boolean may(ApiScope scope) {
        return scopes.contains(scope);
    }
}
