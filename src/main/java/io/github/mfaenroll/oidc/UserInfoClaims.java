package io.github.mfaenroll.oidc;

import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.oauth2.sdk.id.Subject;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import com.nimbusds.openid.connect.sdk.UserInfoResponse;
import com.nimbusds.openid.connect.sdk.claims.UserInfo;
import io.github.mfaenroll.oidc.OidcSignInFailure.Kind;
import java.io.IOException;
import java.net.URI;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Claims from the provider's UserInfo endpoint, for providers that keep email or groups out of the ID token.
 * Used only to fill gaps: the ID token's own claims always win.
 */
final class UserInfoClaims {

    private static final Logger log = LoggerFactory.getLogger(UserInfoClaims.class);

    private UserInfoClaims() {
    }

    /**
     * The UserInfo claims for {@code subject}; empty when the provider has no UserInfo endpoint, issued no bearer
     * token, refuses, or answers for another subject (OIDC Core §5.3.2 requires the subjects to match).
     */
    static Map<String, Object> fetch(URI endpoint, BearerAccessToken accessToken, Subject subject) {
        if (endpoint == null || accessToken == null) {
            return Map.of();
        }
        UserInfoResponse response;
        try {
            response = UserInfoResponse.parse(OidcProvider.send(new UserInfoRequest(endpoint, accessToken)
                    .toHTTPRequest()));
        } catch (IOException e) {
            throw new OidcSignInFailure(Kind.UNAVAILABLE, "UserInfo unreachable (" + e.getClass().getSimpleName()
                    + ")");
        } catch (ParseException e) {
            log.warn("UserInfo answer unreadable; continuing with the ID token's claims");
            return Map.of();
        }
        if (!response.indicatesSuccess()) {
            log.warn("UserInfo refused ({}); continuing with the ID token's claims",
                    OidcProvider.safeCode(response.toErrorResponse().getErrorObject().getCode()));
            return Map.of();
        }
        UserInfo info = response.toSuccessResponse().getUserInfo();
        if (info == null || !subject.equals(info.getSubject())) {
            log.warn("UserInfo answered for another subject or as a JWT; ignored");
            return Map.of();
        }
        return info.toJSONObject();
    }
}
