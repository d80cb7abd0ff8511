package io.github.mfaenroll.api;

import java.util.Map;

/**
 * An API request refused before any service acted on it: its body or a parameter is not what the endpoint reads, or it
 * does not say which IAM user or account it means. The one way this package refuses a request, controllers and their
 * helpers alike (of this package only controllers may import the web layer, so the helpers cannot name its problem
 * kinds). The app's API error mapping answers it as the problem of the same kind; {@link #getMessage()} is the
 * problem's detail, which names only checked values (never raw input, never a token).
 */
public final class ApiRequestRefused extends RuntimeException {

    /** Why, one for each problem kind these refusals become. */
    public enum Kind {
        UNSUPPORTED_MEDIA_TYPE, BAD_REQUEST, UNKNOWN_ACCOUNT, AMBIGUOUS_USER, USER_NOT_FOUND, IAM_UNAVAILABLE
    }

    private final Kind kind;
    private final transient Map<String, Object> extensions;

    public ApiRequestRefused(Kind kind, String detail) {
        this(kind, detail, Map.of());
    }

    /** @param extensions more members of the problem object (the accounts to choose from) */
    public ApiRequestRefused(Kind kind, String detail, Map<String, Object> extensions) {
        super(detail);
        this.kind = kind;
        this.extensions = Map.copyOf(extensions);
    }

    public Kind kind() {
        return kind;
    }

    public Map<String, Object> extensions() {
        return extensions;
    }
}
