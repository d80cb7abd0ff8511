package io.github.mfaenroll.web;

/** Every URL path the app serves, in one place. */
public final class Paths {

    public static final String HOME = "/";
    public static final String HEALTHZ = "/healthz";
    public static final String READYZ = "/readyz";
    public static final String METRICS = "/metrics";
    public static final String ONBOARD_LINK = "/onboard/{token}";
    public static final String ONBOARD_CLAIM = "/onboard";
    public static final String ENROLL = "/enroll";
    public static final String ENROLL_START = "/enroll/start";
    public static final String ENROLL_SCAN = "/enroll/scan";
    public static final String ENROLL_VERIFY = "/enroll/verify";
    public static final String ENROLL_DONE = "/enroll/done";
    public static final String ENROLL_CANCEL = "/enroll/cancel";
    public static final String SIGN_OUT = "/signout";
    public static final String OIDC_SIGN_IN = "/signin/oidc";
    /** Registered at the identity provider as the redirect URI, prefixed with MFA_BASE_URL. */
    public static final String OIDC_CALLBACK = "/signin/oidc/callback";
    /** Where helpdesk staff and administrators without an IAM user of their own land after signing in. */
    public static final String STAFF_HOME = "/helpdesk";
    public static final String SIGN_IN = "/signin";
    public static final String SIGN_IN_CODE = "/signin/totp";
    public static final String HELPDESK = "/helpdesk";
    public static final String STATIC = "/static";
    public static final String ENROLL_RESYNC = "/enroll/resync";
    public static final String HELPDESK_USER_LIVE = "/helpdesk/users/{name}/live";
    public static final String HELPDESK_USER_PROGRESS = "/helpdesk/users/{name}/progress.json";
    public static final String HELPDESK_ENFORCEMENT = "/helpdesk/enforcement";
    public static final String HELPDESK_DEADLINES = "/helpdesk/deadlines";

    private Paths() {
    }
}
