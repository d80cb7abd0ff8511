package io.github.mfaenroll.web;

/**
 * Every page template, in one place: {@code templates/NAME.peb}, grouped by feature as the folders are. (Mail
 * templates belong to {@code mail}.)
 */
public final class Templates {

    public static final String HOME = "home";
    public static final String ERROR = "error";

    public static final String LINK_LANDING = "onboard/landing";
    public static final String LINK_INVALID = "onboard/invalid";
    public static final String SIGNED_OUT = "onboard/signed-out";

    public static final String STAFF_PASSWORD = "signin/password";
    public static final String STAFF_CODE = "signin/code";
    public static final String STAFF_ENROLL = "signin/enroll";
    public static final String STAFF_SETUP = "signin/setup";
    public static final String OIDC_FAILED = "signin/oidc-failed";
    public static final String OIDC_SETUP = "signin/oidc-setup";
    public static final String OIDC_SETUP_NEEDED = "signin/oidc-setup-needed";

    public static final String ENROLL_START = "enroll/start";
    public static final String ENROLL_SCAN = "enroll/scan";
    public static final String ENROLL_VERIFY = "enroll/verify";
    public static final String ENROLL_DONE = "enroll/done";
    public static final String ENROLL_CANCEL = "enroll/cancel";
    public static final String ENROLL_RESYNC = "enroll/resync";

    public static final String HELPDESK_HOME = "helpdesk/home";
    public static final String HELPDESK_USER = "helpdesk/user";
    /** The same user name in several accounts: which one to open. */
    public static final String HELPDESK_LOOKUP = "helpdesk/lookup";
    public static final String HELPDESK_LINK_ONCE = "helpdesk/link-once";
    public static final String HELPDESK_REFUSED = "helpdesk/refused";
    public static final String HELPDESK_LIVE = "helpdesk/live";
    public static final String HELPDESK_LOCKOUTS = "helpdesk/lockouts";
    public static final String HELPDESK_ENFORCEMENT = "helpdesk/enforcement";
    public static final String HELPDESK_BULK = "helpdesk/bulk";
    public static final String HELPDESK_BULK_JOB = "helpdesk/bulk-job";
    /** Administrators' API tokens: the list with the forms, and the one answer that shows a new token. */
    public static final String HELPDESK_TOKENS = "helpdesk/tokens";
    public static final String HELPDESK_TOKEN_CREATED = "helpdesk/tokens-created";
    public static final String COMPLIANCE = "helpdesk/compliance";
    public static final String COMPLIANCE_PROBLEM = "helpdesk/compliance-problem";
    public static final String ORGANIZATION = "helpdesk/organization";

    private Templates() {
    }
}
