package io.github.mfaenroll.web;

/** Every URL path the app serves, in one place. */
public final class Paths {

    public static final String HOME = "/";
    /**
     * Everything under it is the API: a bearer token, JSON and problem+json; no session cookie is read, no CSRF token
     * is written or asked for.
     */
    public static final String API = "/api";
    /** The API's OpenAPI 3.1 description: the one path under {@link #API} open to anyone (it only describes). */
    public static final String API_OPENAPI = "/api/openapi.json";
    /** One IAM user's MFA state and devices ({@code ?account=ID_OR_ALIAS} when the name is in several accounts). */
    public static final String API_USER = "/api/v1/users/{name}";
    /** Every account's compliance, as {@code report --json} prints it. */
    public static final String API_COMPLIANCE = "/api/v1/compliance";
    /** Issues an onboarding link (POST, JSON body). */
    public static final String API_LINKS = "/api/v1/links";
    /**
     * Resets one of a user's MFA devices (DELETE, JSON body with the reason); {@code serial} as the user shows it,
     * percent-encoded, or a virtual device's name (its ARN after {@code :mfa/}).
     */
    public static final String API_USER_DEVICE = "/api/v1/users/{name}/devices/{serial}";
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
    /** A person matched in several accounts picks which account's user to set up next (POST). */
    public static final String ENROLL_ACCOUNT = "/enroll/account";
    public static final String SIGN_OUT = "/signout";
    public static final String SIGNED_OUT = "/signed-out";
    public static final String OIDC_SIGN_IN = "/signin/oidc";
    /** Registered at the identity provider as the redirect URI, prefixed with MFA_BASE_URL. */
    public static final String OIDC_CALLBACK = "/signin/oidc/callback";
    /** The app's own second factor for staff whose company sign-in carried no proof of MFA. */
    public static final String OIDC_SECOND_FACTOR = "/signin/oidc/totp";
    /**
     * Company staff's one-time setup link (GET shows it, uses nothing up) and the form that claims it (POST, token in
     * the body) during the pending second-factor step of a company sign-in of the same principal.
     */
    public static final String OIDC_SETUP_LINK = "/signin/oidc/setup/{token}";
    public static final String OIDC_SETUP = "/signin/oidc/setup";
    public static final String SIGN_IN = "/signin";
    public static final String SIGN_IN_CODE = "/signin/totp";
    /** A local account's one-time setup link (GET shows it) and the form that claims it (POST, token in the body). */
    public static final String SIGN_IN_SETUP_LINK = "/signin/setup/{token}";
    public static final String SIGN_IN_SETUP = "/signin/setup";
    public static final String HELPDESK = "/helpdesk";
    public static final String STATIC = "/static";
    /**
     * The compliance view's old addresses (one account per deployment): they redirect to the own account's
     * {@link #HELPDESK_ACCOUNT_COMPLIANCE}, so bookmarks and scripts keep working.
     */
    public static final String HELPDESK_COMPLIANCE = "/helpdesk/compliance";
    public static final String HELPDESK_COMPLIANCE_CSV = "/helpdesk/compliance.csv";
    public static final String HELPDESK_COMPLIANCE_JSON = "/helpdesk/compliance.json";
    public static final String HELPDESK_COMPLIANCE_REFRESH = "/helpdesk/compliance/refresh";
    /** The organization view: one row per configured account, with the coverage chart of all of them. */
    public static final String HELPDESK_ORGANIZATION = "/helpdesk/organization";
    /** One account's compliance view (credential report), its exports and its refresh button; account id or alias. */
    public static final String HELPDESK_ACCOUNT_COMPLIANCE = "/helpdesk/accounts/{account}/compliance";
    public static final String HELPDESK_ACCOUNT_COMPLIANCE_CSV = "/helpdesk/accounts/{account}/compliance.csv";
    public static final String HELPDESK_ACCOUNT_COMPLIANCE_JSON = "/helpdesk/accounts/{account}/compliance.json";
    public static final String HELPDESK_ACCOUNT_COMPLIANCE_REFRESH = "/helpdesk/accounts/{account}/compliance/refresh";
    /** Helpdesk: one IAM user (staff act on others, so the name is in the path) and the actions on them. */
    public static final String HELPDESK_LOOKUP = "/helpdesk/lookup";
    /**
     * User pages before they named the account (bookmarks, links in old mails): redirected to the same user in the
     * app's own account, which is the one they meant.
     */
    public static final String HELPDESK_USER_BEFORE_ACCOUNTS = "/helpdesk/users/{name}";
    public static final String HELPDESK_USER_LIVE_BEFORE_ACCOUNTS = "/helpdesk/users/{name}/live";
    public static final String HELPDESK_USER = "/helpdesk/accounts/{account}/users/{name}";
    public static final String HELPDESK_USER_LINKS = "/helpdesk/accounts/{account}/users/{name}/links";
    public static final String HELPDESK_USER_LINK_RESEND = "/helpdesk/accounts/{account}/users/{name}/links/resend";
    public static final String HELPDESK_USER_LINK_REVOKE = "/helpdesk/accounts/{account}/users/{name}/links/revoke";
    public static final String HELPDESK_USER_DEVICE_RESET = "/helpdesk/accounts/{account}/users/{name}/devices/reset";
    public static final String HELPDESK_USER_HARDWARE_TOKEN = "/helpdesk/accounts/{account}/users/{name}/devices/hardware";
    public static final String HELPDESK_USER_CONSOLE_PASSWORD = "/helpdesk/accounts/{account}/users/{name}/console-password/remove";
    public static final String HELPDESK_BULK = "/helpdesk/invitations/bulk";
    public static final String HELPDESK_BULK_JOB = "/helpdesk/invitations/bulk/{id}";
    public static final String ENROLL_RESYNC = "/enroll/resync";
    public static final String HELPDESK_USER_LIVE = "/helpdesk/accounts/{account}/users/{name}/live";
    public static final String HELPDESK_USER_PROGRESS = "/helpdesk/accounts/{account}/users/{name}/progress.json";
    public static final String HELPDESK_ENFORCEMENT = "/helpdesk/enforcement";
    public static final String HELPDESK_DEADLINES = "/helpdesk/deadlines";
    /** One deadline for everyone without MFA, in an account or the whole organization (POST). */
    public static final String HELPDESK_DEADLINES_EVERYONE = "/helpdesk/deadlines/everyone";
    /** Limits: a user's lockout is lifted on their page; the list of lockouts and throttled addresses has its own. */
    public static final String HELPDESK_USER_LOCKOUT_LIFT = "/helpdesk/accounts/{account}/users/{name}/lockout/lift";
    public static final String HELPDESK_LOCKOUTS = "/helpdesk/lockouts";
    public static final String HELPDESK_ADDRESS_LIMIT_LIFT = "/helpdesk/lockouts/addresses/lift";
    /**
     * Administrators: the API tokens (list and create form; POST creates one and shows it once) and revoking one
     * (POST, the token's name in the body).
     */
    public static final String HELPDESK_TOKENS = "/helpdesk/tokens";
    public static final String HELPDESK_TOKENS_REVOKE = "/helpdesk/tokens/revoke";
    /** The language switch on every page (POST: sets the language cookie, redirects back). */
    public static final String LANGUAGE = "/language";

    private Paths() {
    }

    /** Whether a request path is the API's. */
    public static boolean isApi(String path) {
        return path != null && (path.equals(API) || path.startsWith(API + "/"));
    }
}
