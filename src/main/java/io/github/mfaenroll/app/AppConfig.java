package io.github.mfaenroll.app;

import io.github.mfaenroll.helpdesk.AutoInviteSettings;
import io.github.mfaenroll.helpdesk.HelpdeskSettings;
import io.github.mfaenroll.iam.AccountSettings;
import io.github.mfaenroll.staff.LocalSignInSettings;
import io.github.mfaenroll.limits.LimitSettings;
import io.github.mfaenroll.oidc.OidcSettings;
import io.github.mfaenroll.mail.SmtpSettings;
import io.github.mfaenroll.text.Languages;
import io.github.mfaenroll.web.ProxySettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Every setting, read once from environment variables (each one is in the README's table). Tests build it from
 * a map. Invalid values fail at start-up with a message that names the variable.
 *
 * @param baseUrl public URL of the app, used to build links; never taken from a request's Host header
 * @param bulkInvitesPerMinute pace of "invite every user without MFA" (IAM and SMTP limits), 1 to 6000
 * @param reminderDaysBefore how many days before an enroll-by deadline reminder mails start (one a day)
 * @param helpdeskContact who people should contact, named in mails; null: "your IT helpdesk" in the mail's language
 * @param enrollmentStartsPerHour enrollments that create a device, per IAM user and per session, in any rolling hour
 * @param mailLanguage the language of mail that someone else or the system sends (invitations, notices, reminders)
 * @param accounts which AWS accounts are served and how the ones other than the app's own are reached
 * @param autoInvite invitations that send themselves ({@code MFA_AUTO_INVITE*}), paced by {@code bulkInvitesPerMinute}
 */
public record AppConfig(
        int port,
        String bindAddress,
        URI baseUrl,
        Path dataDir,
        String databaseUrl,
        String databaseUser,
        String databasePassword,
        URI iamEndpoint,
        String iamRegion,
        String secretKey,
        String issuer,
        Duration linkTtl,
        Duration enrollmentTtl,
        int enrollmentStartsPerHour,
        Duration sweepInterval,
        int totpWindowSteps,
        Duration sessionIdleTimeout,
        Duration sessionAbsoluteTimeout,
        ProxySettings proxies,
        int iamMaxCallsPerSecond,
        Duration iamAttemptTimeout,
        Duration iamCallTimeout,
        String emailTagKey,
        String helpdeskContact,
        SmtpSettings smtp,
        OidcSettings oidc,
        LocalSignInSettings localSignIn,
        int bulkInvitesPerMinute,
        int reminderDaysBefore,
        LimitSettings limits,
        Locale mailLanguage,
        HelpdeskSettings helpdesk,
        AccountSettings accounts,
        AutoInviteSettings autoInvite) {

    public AppConfig {
        if (bulkInvitesPerMinute < 1 || bulkInvitesPerMinute > 6000) {
            throw new IllegalArgumentException("MFA_BULK_INVITES_PER_MINUTE must be between 1 and 6000, got "
                    + bulkInvitesPerMinute);
        }
    }





    public static AppConfig from(Map<String, String> env) {
        int port = integer(env, "MFA_PORT", 8080);
        String baseUrl = env.getOrDefault("MFA_BASE_URL", "http://localhost:" + port);
        return new AppConfig(
                port,
                env.getOrDefault("MFA_BIND_ADDRESS", "127.0.0.1"),
                baseUrl("MFA_BASE_URL", baseUrl),
                Path.of(env.getOrDefault("MFA_DATA_DIR", "./data")),
                blankToNull(env.get("MFA_DATABASE_URL")),
                blankToNull(env.get("MFA_DATABASE_USER")),
                blankToNull(env.get("MFA_DATABASE_PASSWORD")),
                env.containsKey("MFA_IAM_ENDPOINT") ? uri("MFA_IAM_ENDPOINT", env.get("MFA_IAM_ENDPOINT")) : null,
                env.getOrDefault("MFA_IAM_REGION", "aws-global"),
                blankToNull(env.get("MFA_SECRET_KEY")),
                blankToNull(env.get("MFA_ISSUER")),
                duration(env, "MFA_LINK_TTL", Duration.ofHours(72)),
                duration(env, "MFA_ENROLLMENT_TTL", Duration.ofMinutes(15)),
                between(env, "MFA_ENROLLMENT_STARTS_PER_HOUR", 5, 1, 1000),
                duration(env, "MFA_SWEEP_INTERVAL", Duration.ofMinutes(1)),
                integer(env, "MFA_TOTP_WINDOW_STEPS", 1),
                duration(env, "MFA_SESSION_IDLE_TIMEOUT", Duration.ofMinutes(30)),
                duration(env, "MFA_SESSION_ABSOLUTE_TIMEOUT", Duration.ofHours(8)),
                new ProxySettings(Boolean.parseBoolean(env.getOrDefault("MFA_TRUST_PROXY", "false").trim()),
                        integer(env, "MFA_TRUSTED_PROXY_HOPS", 1)),
                integer(env, "MFA_IAM_MAX_CALLS_PER_SECOND", 10),
                duration(env, "MFA_IAM_ATTEMPT_TIMEOUT", Duration.ofSeconds(5)),
                duration(env, "MFA_IAM_CALL_TIMEOUT", Duration.ofSeconds(15)),
                env.getOrDefault("MFA_EMAIL_TAG_KEY", "email"),
                blankToNull(env.get("MFA_HELPDESK_CONTACT")),
                new SmtpSettings(blankToNull(env.get("MFA_SMTP_HOST")),
                        integer(env, "MFA_SMTP_PORT", 587),
                        choice(env, "MFA_SMTP_SECURITY", "starttls", "none", "starttls", "tls"),
                        blankToNull(env.get("MFA_SMTP_USER")),
                        blankToNull(env.get("MFA_SMTP_PASSWORD")),
                        env.getOrDefault("MFA_SMTP_FROM", "mfa-enroll@localhost")),
                new OidcSettings(env.containsKey("MFA_OIDC_ISSUER") ? uri("MFA_OIDC_ISSUER", env.get("MFA_OIDC_ISSUER")) : null,
                        blankToNull(env.get("MFA_OIDC_CLIENT_ID")),
                        blankToNull(env.get("MFA_OIDC_CLIENT_SECRET")),
                        env.getOrDefault("MFA_OIDC_SCOPES", "openid email profile"),
                        env.getOrDefault("MFA_OIDC_USER_CLAIM", "preferred_username"),
                        choice(env, "MFA_OIDC_MAPPING", "user-name", "user-name", "email-tag"),
                        env.getOrDefault("MFA_OIDC_EMAIL_TAG_KEY", env.getOrDefault("MFA_EMAIL_TAG_KEY", "email")),
                        env.getOrDefault("MFA_OIDC_GROUPS_CLAIM", "groups"),
                        blankToNull(env.get("MFA_OIDC_HELPDESK_GROUP")),
                        blankToNull(env.get("MFA_OIDC_ADMIN_GROUP")),
                        blankToNull(env.get("MFA_OIDC_STAFF_ACR")),
                        bool(env, "MFA_OIDC_TRUST_EMAIL")),
                new LocalSignInSettings(integer(env, "MFA_SIGNIN_MAX_FAILURES", 5),
                        duration(env, "MFA_SIGNIN_LOCKOUT", Duration.ofMinutes(15))),
                integer(env, "MFA_BULK_INVITES_PER_MINUTE", 60),
                between(env, "MFA_REMINDER_DAYS_BEFORE", 3, 0, 365),
                new LimitSettings(integer(env, "MFA_USER_MAX_FAILURES_PER_HOUR", 100),
                        duration(env, "MFA_USER_LOCKOUT", Duration.ofHours(24)),
                        integer(env, "MFA_ADDRESS_MAX_REQUESTS", 20),
                        duration(env, "MFA_ADDRESS_WINDOW", Duration.ofMinutes(10)),
                        integer(env, "MFA_API_MAX_REQUESTS", 600),
                        duration(env, "MFA_API_WINDOW", Duration.ofMinutes(1))),
                language(env, "MFA_MAIL_LANGUAGE"),
                new HelpdeskSettings(env.getOrDefault("MFA_STAFF_TAG_KEY", "mfa-enroll-staff").trim(),
                        env.getOrDefault("MFA_PROTECTED_TAG_KEY", "mfa-enroll-protected").trim()),
                AccountSettings.from(env),
                new AutoInviteSettings(bool(env, "MFA_AUTO_INVITE"),
                        duration(env, "MFA_AUTO_INVITE_INTERVAL", Duration.ofHours(1)),
                        bool(env, "MFA_AUTO_INVITE_EXISTING")));
    }

    /** A copy with another port (the CLI's {@code --port}, or 0 in tests) and the base URL that goes with it. */
    public AppConfig withPort(int newPort, URI newBaseUrl) {
        return new AppConfig(newPort, bindAddress, newBaseUrl, dataDir, databaseUrl, databaseUser, databasePassword,
                iamEndpoint, iamRegion, secretKey, issuer, linkTtl, enrollmentTtl, enrollmentStartsPerHour,
                sweepInterval, totpWindowSteps, sessionIdleTimeout, sessionAbsoluteTimeout, proxies,
                iamMaxCallsPerSecond, iamAttemptTimeout, iamCallTimeout, emailTagKey, helpdeskContact, smtp, oidc,
                localSignIn, bulkInvitesPerMinute, reminderDaysBefore, limits, mailLanguage, helpdesk, accounts,
                autoInvite);
    }

    @Override
    public String toString() {
        // Never print the key or the database password.
        return "AppConfig[port=" + port + ", baseUrl=" + baseUrl + ", dataDir=" + dataDir + ", database="
                + (databaseUrl == null ? "embedded" : "external") + ", iamEndpoint=" + iamEndpoint + "]";
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** {@code true} or {@code false} (false when unset); anything else is refused rather than read as false. */
    private static boolean bool(Map<String, String> env, String name) {
        return Boolean.parseBoolean(choice(env, name, "false", "true", "false"));
    }

    private static int integer(Map<String, String> env, String name, int defaultValue) {
        return parsed(env, name, defaultValue, Integer::parseInt, "a whole number");
    }

    /**
     * A setting read with {@code parse}; {@code defaultValue} when it is unset or blank. A value {@code parse} rejects
     * is a configuration error that says what was {@code expected}.
     */
    private static <T> T parsed(Map<String, String> env, String name, T defaultValue, Function<String, T> parse,
                                String expected) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            return parse.apply(value.trim());
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new IllegalArgumentException(name + " must be " + expected + ", got '" + value + "'");
        }
    }

    /** One of the languages the app has bundles for ({@code en}, {@code de}, {@code es}); English when unset. */
    private static Locale language(Map<String, String> env, String name) {
        String value = blankToNull(env.get(name));
        if (value == null) {
            return Languages.DEFAULT;
        }
        return Languages.byTag(value).orElseThrow(() -> new IllegalArgumentException(
                name + " must be one of " + String.join(", ", Languages.tags()) + ", got " + value));
    }

    private static int between(Map<String, String> env, String name, int defaultValue, int min, int max) {
        int value = integer(env, name, defaultValue);
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be from " + min + " to " + max + ", got " + value);
        }
        return value;
    }

    private static String choice(Map<String, String> env, String name, String defaultValue, String... allowed) {
        String value = env.getOrDefault(name, defaultValue).trim().toLowerCase(java.util.Locale.ROOT);
        if (!java.util.List.of(allowed).contains(value)) {
            throw new IllegalArgumentException(name + " must be one of " + String.join(", ", allowed) + ", got '"
                    + value + "'");
        }
        return value;
    }

    private static Duration duration(Map<String, String> env, String name, Duration defaultValue) {
        return parsed(env, name, defaultValue, Duration::parse, "an ISO-8601 duration such as PT15M or PT72H");
    }

    /**
     * The public origin: scheme, host and a non-default port; no path (the app serves from the root), so that
     * links and the Origin check of form posts agree with what browsers send.
     */
    private static URI baseUrl(String name, String value) {
        URI uri = uri(name, value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
        if (!uri.getRawPath().isEmpty() || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException(name + " must be an origin such as https://mfa.example.com, without a "
                    + "path, got '" + value + "'");
        }
        boolean defaultPort = ("https".equals(uri.getScheme()) && uri.getPort() == 443)
                || ("http".equals(uri.getScheme()) && uri.getPort() == 80);
        return defaultPort ? URI.create(uri.getScheme() + "://" + uri.getHost()) : uri;
    }

    private static URI uri(String name, String value) {
        try {
            URI uri = URI.create(value.trim());
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new IllegalArgumentException();
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + " must be an absolute http(s) URL, got '" + value + "'");
        }
    }
}
