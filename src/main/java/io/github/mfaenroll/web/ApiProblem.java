package io.github.mfaenroll.web;

import io.github.mfaenroll.identity.ApiScope;
import java.util.Locale;
import java.util.Map;

/**
 * A failed API call as RFC 9457 describes it: a stable {@code type} per kind of error, a {@code title} that does not
 * change between occurrences, the status, and a {@code detail} about this occurrence. Written once, as
 * {@code application/problem+json}, by the app's error mapping ({@link ProblemJson}). Details never hold a token,
 * and only request input that was checked first (a valid user name, a configured account).
 */
public final class ApiProblem extends RuntimeException {

    /**
     * Every kind of API error. The {@code type} is a relative URI under {@code /api/problems/}: stable across versions
     * and deployments, so clients can branch on it. Only add kinds; a kind's slug never changes.
     */
    public enum Kind {
        TOKEN_REQUIRED(401, "A bearer token is required"),
        TOKEN_INVALID(401, "The bearer token is unknown, expired or revoked"),
        TOKEN_IN_QUERY(400, "A token belongs in the Authorization header, never in the URL"),
        INSUFFICIENT_SCOPE(403, "The token lacks the scope this call needs"),
        TOO_MANY_REQUESTS(429, "Too many calls with this token"),
        NOT_FOUND(404, "No such API resource"),
        USER_NOT_FOUND(404, "No such IAM user"),
        UNKNOWN_ACCOUNT(404, "No such AWS account here"),
        AMBIGUOUS_USER(409, "The user name exists in several AWS accounts"),
        BAD_REQUEST(400, "The request is malformed"),
        FORBIDDEN(403, "The request is not allowed"),
        CONFLICT(409, "The request conflicts with the current state"),
        IAM_UNAVAILABLE(503, "IAM is unavailable"),
        IAM_REFUSED(502, "IAM refused the request"),
        DATABASE_UNAVAILABLE(503, "The database is unavailable"),
        INTERNAL_ERROR(500, "Unexpected failure"),
        ALREADY_HAS_MFA(409, "The user already has MFA"),
        DEVICE_LIMIT(409, "The user has as many MFA devices as IAM allows"),
        DEVICE_NOT_FOUND(404, "No such MFA device of this user"),
        REASON_REQUIRED(400, "A reason is required"),
        UNSUPPORTED_MEDIA_TYPE(415, "The request body must be application/json"),
        ADDITIONAL_DEVICE_LINK_MUST_BE_MAILED(409, "A link to add a device is only mailed to the user"),
        PAYLOAD_TOO_LARGE(413, "The request body is too large");

        private final int status;
        private final String title;

        Kind(int status, String title) {
            this.status = status;
            this.title = title;
        }

        public int status() {
            return status;
        }

        public String title() {
            return title;
        }

        /** {@code /api/problems/token-required}: the kind's name, lower case, hyphenated. */
        public String type() {
            return Paths.API + "/problems/" + name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private final Kind kind;
    private final String detail;
    private final Map<String, Object> extensions;
    private final ApiScope missingScope;
    private final long retryAfterSeconds;

    public ApiProblem(Kind kind, String detail) {
        this(kind, detail, Map.of(), null, 0);
    }

    /**
     * @param extensions more members of the problem object (RFC 9457 section 3.2), e.g. the accounts to choose from
     * @param missingScope for {@link Kind#INSUFFICIENT_SCOPE}, the scope the call needs (named in WWW-Authenticate)
     * @param retryAfterSeconds for {@link Kind#TOO_MANY_REQUESTS}, the {@code Retry-After} header
     */
    public ApiProblem(Kind kind, String detail, Map<String, Object> extensions, ApiScope missingScope,
                      long retryAfterSeconds) {
        super(kind.status() + " " + kind.type());
        this.kind = kind;
        this.detail = detail;
        this.extensions = Map.copyOf(extensions);
        this.missingScope = missingScope;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public Kind kind() {
        return kind;
    }

    public String detail() {
        return detail;
    }

    public Map<String, Object> extensions() {
        return extensions;
    }

    /** The scope the call needed, or null. */
    public ApiScope missingScope() {
        return missingScope;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
