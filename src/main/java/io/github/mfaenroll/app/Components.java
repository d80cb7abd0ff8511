package io.github.mfaenroll.app;

import io.github.mfaenroll.audit.AuditLog;
import io.github.mfaenroll.enrollment.CreatedDeviceStore;
import io.github.mfaenroll.enrollment.DeviceProvisioner;
import io.github.mfaenroll.enrollment.EnrollmentController;
import io.github.mfaenroll.enrollment.EnrollmentMetrics;
import io.github.mfaenroll.enrollment.EnrollmentService;
import io.github.mfaenroll.enrollment.EnrollmentStore;
import io.github.mfaenroll.enrollment.IssuerName;
import io.github.mfaenroll.enrollment.QrImages;
import io.github.mfaenroll.enrollment.RecentDeviceLists;
import io.github.mfaenroll.enrollment.ResyncController;
import io.github.mfaenroll.enrollment.ResyncService;
import io.github.mfaenroll.enrollment.ResyncStore;
import io.github.mfaenroll.enrollment.Sweeper;
import io.github.mfaenroll.compliance.ComplianceController;
import io.github.mfaenroll.compliance.ComplianceService;
import io.github.mfaenroll.helpdesk.ActionGuard;
import io.github.mfaenroll.helpdesk.BulkInvitationController;
import io.github.mfaenroll.helpdesk.BulkInvitationStore;
import io.github.mfaenroll.helpdesk.BulkInvitations;
import io.github.mfaenroll.helpdesk.ConsolePasswords;
import io.github.mfaenroll.helpdesk.DeviceActions;
import io.github.mfaenroll.enforcement.DeadlineStore;
import io.github.mfaenroll.enforcement.Deadlines;
import io.github.mfaenroll.enforcement.Reminders;
import io.github.mfaenroll.helpdesk.EnforcementController;
import io.github.mfaenroll.helpdesk.Walkthrough;
import io.github.mfaenroll.helpdesk.WalkthroughController;
import io.github.mfaenroll.iam.IamPermissions;
import io.github.mfaenroll.helpdesk.HelpdeskController;
import io.github.mfaenroll.helpdesk.LinkActions;
import io.github.mfaenroll.helpdesk.LockoutActions;
import io.github.mfaenroll.helpdesk.LockoutController;
import io.github.mfaenroll.limits.AddressLimits;
import io.github.mfaenroll.limits.UserLockouts;
import io.github.mfaenroll.helpdesk.UserController;
import io.github.mfaenroll.helpdesk.UserDetailsService;
import io.github.mfaenroll.helpdesk.UsersWithoutMfa;
import io.github.mfaenroll.iam.AwsIamGateway;
import io.github.mfaenroll.iam.IamCallGuard;
import io.github.mfaenroll.iam.IamCallShare;
import io.github.mfaenroll.iam.IamConnection;
import io.github.mfaenroll.iam.IamFailure;
import io.github.mfaenroll.iam.IamGateway;
import io.github.mfaenroll.iam.simulator.DemoAccount;
import io.github.mfaenroll.iam.simulator.IamSimulator;
import io.github.mfaenroll.staff.HelpdeskAccounts;
import io.github.mfaenroll.staff.HelpdeskSignInController;
import io.github.mfaenroll.onboarding.Invitations;
import io.github.mfaenroll.onboarding.OnboardingLinks;
import io.github.mfaenroll.staff.PasswordHasher;
import io.github.mfaenroll.identity.SecretTokens;
import io.github.mfaenroll.identity.Sessions;
import io.github.mfaenroll.onboarding.OnboardingController;
import io.github.mfaenroll.oidc.IamUserDirectory;
import io.github.mfaenroll.oidc.OidcController;
import io.github.mfaenroll.oidc.OidcProvider;
import io.github.mfaenroll.oidc.OidcSignIn;
import io.github.mfaenroll.oidc.OidcSignOut;
import io.github.mfaenroll.identity.ProviderSignOut;
import io.github.mfaenroll.oidc.PendingLogins;
import io.github.mfaenroll.staff.SignInThrottle;
import io.github.mfaenroll.staff.StaffSecondFactors;
import io.github.mfaenroll.store.Database;
import io.github.mfaenroll.store.Lease;
import io.github.mfaenroll.store.SeedCipher;
import io.github.mfaenroll.totp.TotpCodeVerifier;
import io.github.mfaenroll.totp.TotpVerifier;
import io.github.mfaenroll.web.Flash;
import io.github.mfaenroll.web.Paths;
import io.github.mfaenroll.web.LanguageController;
import io.github.mfaenroll.text.PebbleRenderer;
import io.github.mfaenroll.web.SecurityFilters;
import io.github.mfaenroll.web.SecurityHeaders;
import io.github.mfaenroll.web.PageRenderer;
import io.github.mfaenroll.web.SessionCookies;
import io.github.mfaenroll.web.SignOutController;
import io.javalin.Javalin;
import java.net.URI;
import java.security.SecureRandom;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.github.mfaenroll.mail.MailSender;
import io.github.mfaenroll.mail.Notifications;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.List;
import java.util.Optional;

/**
 * The only place objects are built. Everything gets its dependencies through its constructor; nothing is
 * static or global. {@link #demo} runs against the built-in IAM simulator; {@link #production} against IAM.
 */
public final class Components implements AutoCloseable {

    private final AppConfig config;
    private final IamSimulator simulator;
    private final PrometheusMeterRegistry metrics;
    /** Mail goes out one at a time, off request threads; queued mail is given a few seconds at shutdown. */
    private final ExecutorService mailQueue = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "mail");
        thread.setDaemon(true);
        return thread;
    });
    private final Notifications notifications;
    private final Invitations invitations;
    private final AwsIamGateway gateway;
    private final AwsIamGateway employeeGateway;
    private final Database database;
    private final AuditLog audit;
    private final OnboardingLinks links;
    private final Sessions sessions;
    private final EnrollmentService enrollments;
    private final Sweeper sweeper;
    private final Readiness readiness;
    private final PebbleRenderer renderer;
    private final SecurityFilters securityFilters;
    private final OnboardingController onboardingController;
    private final SignOutController signOutController;
    private final LanguageController languageController;
    private final EnrollmentController enrollmentController;
    private final OidcController oidcController;
    private final Optional<OidcProvider> oidcProvider;
    private final HelpdeskAccounts helpdeskAccounts;
    private final StaffSecondFactors staffSecondFactors;
    private final HelpdeskSignInController helpdeskSignInController;
    private final HelpdeskController helpdeskController;
    private final ComplianceService compliance;
    private final ComplianceController complianceController;
    /** Bulk invitations run one at a time, off request threads, paced; a running one is asked to stop at close. */
    private final ExecutorService bulkQueue = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "bulk-invitations");
        thread.setDaemon(true);
        return thread;
    });
    private final BulkInvitations bulkInvitations;
    private final UserController userController;
    private final BulkInvitationController bulkInvitationController;
    private final ResyncController resyncController;
    private final WalkthroughController walkthroughController;
    private final EnforcementController enforcementController;
    private final Reminders reminders;
    private final UserLockouts userLockouts;
    private final AddressLimits addressLimits;
    private final LockoutController lockoutController;

    private Components(AppConfig config, Clock clock, IamSimulator simulator, IamConnection connection) {
        this.config = config;
        this.simulator = simulator;
        this.metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        IamConnection timed = connection.withTimeouts(config.iamCallTimeout(), config.iamAttemptTimeout());
        IamCallGuard budget = new IamCallGuard(config.iamMaxCallsPerSecond(), metrics);
        this.gateway = AwsIamGateway.connect(timed.withInterceptors(List.of(budget)));
        // What employees set in motion (the wizard, resync) draws on a share of the budget, never all of it.
        this.employeeGateway = AwsIamGateway.connect(timed.withInterceptors(List.of(
                new IamCallShare(IamCallShare.wizardShareOf(config.iamMaxCallsPerSecond())), budget)));
        SecureRandom random = new SecureRandom();
        this.database = openDatabase(config);
        SeedCipher seedCipher = seedCipher(config, random);
        SecretTokens tokens = new SecretTokens(random);
        this.audit = new AuditLog(database.jdbi(), clock);
        this.addressLimits = addressLimits(config, clock, database, audit);
        this.helpdeskAccounts = helpdeskAccounts(config, clock, random, database, seedCipher, audit, addressLimits);
        this.staffSecondFactors = staffSecondFactors(config, clock, random, database, seedCipher, audit,
                addressLimits);
        this.links = new OnboardingLinks(database.jdbi(), tokens, audit, clock, config.linkTtl(), config.baseUrl());
        this.sessions = new Sessions(database.jdbi(), tokens, clock, config.sessionIdleTimeout(),
                config.sessionAbsoluteTimeout());
        CreatedDeviceStore createdDevices = new CreatedDeviceStore(database.jdbi(), clock);
        EnrollmentStore enrollmentStore = new EnrollmentStore(database.jdbi(), clock);
        DeviceProvisioner provisioner = new DeviceProvisioner(employeeGateway, createdDevices, audit, random);
        this.renderer = new PebbleRenderer(true);
        this.notifications = new Notifications(new MailSender(config.smtp()), renderer, gateway, audit,
                config.emailTagKey(), config.helpdeskContact(), config.mailLanguage());
        this.invitations = new Invitations(links, notifications);
        // The lockout notice goes out off the request thread, like all mail.
        this.userLockouts = new UserLockouts(database.jdbi(), audit,
                (user, at, until) -> mailQueue.execute(() -> notifications.sendLockedOut(user, at, until)), clock,
                config.limits().userFailuresPerHour(), config.limits().userLockout());
        EnrollmentMetrics enrollmentMetrics = new EnrollmentMetrics(metrics);
        this.enrollments = new EnrollmentService(employeeGateway, enrollmentStore, provisioner,
                seedCipher, new TotpVerifier(clock, config.totpWindowSteps()), audit, clock, config.enrollmentTtl(),
                new IssuerName(config.issuer(), employeeGateway, clock), enrollmentMetrics, notifications, mailQueue,
                userLockouts, config.enrollmentStartsPerHour(), new RecentDeviceLists(clock));
        Gauge.builder("mfa.sessions.active", sessions, Sessions::countActive)
                .description("Signed-in sessions that have not timed out").register(metrics);
        this.sweeper = new Sweeper(enrollments, sessions,
                new Lease(database.jdbi(), clock, "sweeper"));
        SessionCookies cookies = new SessionCookies(config.baseUrl());
        this.securityFilters = new SecurityFilters(sessions, cookies, tokens, config.baseUrl(), config.proxies(),
                new SecurityHeaders(cookies.secure()), audit);
        this.onboardingController = new OnboardingController(links, sessions, cookies, addressLimits,
                config.oidc().enabled());
        // One provider object for sign-in and sign-out, so discovery is fetched once.
        OidcProvider oidcProvider = config.oidc().enabled()
                ? new OidcProvider(config.oidc(), URI.create(config.baseUrl() + Paths.OIDC_CALLBACK)) : null;
        this.oidcProvider = Optional.ofNullable(oidcProvider);
        this.readiness = new Readiness(database, gateway, this.oidcProvider, clock);
        this.signOutController = new SignOutController(sessions, cookies, tokens, oidcProvider == null
                ? ProviderSignOut.NONE : new OidcSignOut(oidcProvider, URI.create(config.baseUrl() + Paths.SIGNED_OUT)));
        this.languageController = new LanguageController(cookies);
        this.enrollmentController = new EnrollmentController(enrollments, new QrImages(clock), new Flash(sessions),
                sessions, cookies);
        this.oidcController = oidcProvider != null ? oidcController(config, clock, tokens, cookies, oidcProvider) : null;
        this.helpdeskSignInController = new HelpdeskSignInController(helpdeskAccounts, sessions, cookies, clock);
        ActionGuard guard = new ActionGuard(gateway, audit, config.helpdesk(), helpdeskAccounts, staffSecondFactors);
        LockoutActions lockoutActions = new LockoutActions(userLockouts, addressLimits, guard);
        this.helpdeskController = new HelpdeskController(audit, lockoutActions);
        this.compliance = new ComplianceService(gateway, clock, ComplianceService.THREAD_SLEEP);
        Flash flash = new Flash(sessions);
        this.complianceController = new ComplianceController(compliance, flash);
        this.userController = new UserController(
                new UserDetailsService(gateway, enrollmentStore, links, audit, config.emailTagKey()),
                new LinkActions(gateway, links, invitations, guard, audit),
                new DeviceActions(gateway, notifications, createdDevices, guard, sessions, audit, clock),
                new ConsolePasswords(gateway, notifications, guard, audit, clock), lockoutActions, flash);
        this.lockoutController = new LockoutController(lockoutActions, flash);
        BulkInvitationStore bulkStore = new BulkInvitationStore(database.jdbi(), clock);
        this.bulkInvitations = new BulkInvitations(bulkStore, new Lease(database.jdbi(), clock, "bulk-invitations"),
                new UsersWithoutMfa(gateway), links, invitations, guard, audit, clock, config.linkTtl(),
                config.bulkInvitesPerMinute(), bulkQueue);
        this.bulkInvitationController = new BulkInvitationController(bulkInvitations, bulkStore, flash,
                config.bulkInvitesPerMinute());
        this.resyncController = new ResyncController(new ResyncService(employeeGateway,
                new ResyncStore(database.jdbi(), clock), audit, clock, enrollmentMetrics, userLockouts),
                new Flash(sessions));
        this.walkthroughController = new WalkthroughController(new Walkthrough(enrollmentStore, gateway, clock));
        DeadlineStore deadlineStore = new DeadlineStore(database.jdbi(), clock);
        this.enforcementController = new EnforcementController(new Deadlines(deadlineStore, gateway, audit, clock),
                new Flash(sessions), IamPermissions.partitionOf(config.iamRegion()), config.reminderDaysBefore());
        this.reminders = new Reminders(deadlineStore, gateway, notifications,
                new Lease(database.jdbi(), clock, "reminders"), clock, config.reminderDaysBefore());
    }

    /** The redirect URI of {@code provider} comes from the configured base URL, never from a request's Host header. */
    private OidcController oidcController(AppConfig config, Clock clock, SecretTokens tokens, SessionCookies cookies,
                                          OidcProvider provider) {
        OidcSignIn signIn = new OidcSignIn(config.oidc(), provider,
                new PendingLogins(database.jdbi(), clock),
                new IamUserDirectory(gateway, config.oidc().emailTagKey(), clock), tokens, audit, staffSecondFactors);
        return new OidcController(signIn, staffSecondFactors, sessions, cookies, addressLimits, clock);
    }

    /** The database and helpdesk accounts alone, for {@code helpdesk add}, which must work without IAM credentials. */
    public record Accounts(Database database, HelpdeskAccounts helpdeskAccounts, StaffSecondFactors companyStaff)
            implements AutoCloseable {
        @Override
        public void close() {
            database.close();
        }
    }

    /** Builds {@link Accounts} on the configured database (the one a running server uses). */
    public static Accounts accounts(AppConfig config, Clock clock) {
        SecureRandom random = new SecureRandom();
        Database database = openDatabase(config);
        AuditLog audit = new AuditLog(database.jdbi(), clock);
        SeedCipher seedCipher = seedCipher(config, random);
        AddressLimits addressLimits = addressLimits(config, clock, database, audit);
        HelpdeskAccounts accounts = helpdeskAccounts(config, clock, random, database, seedCipher, audit,
                addressLimits);
        return new Accounts(database, accounts,
                staffSecondFactors(config, clock, random, database, seedCipher, audit, addressLimits));
    }

    private static StaffSecondFactors staffSecondFactors(AppConfig config, Clock clock, SecureRandom random,
                                                         Database database, SeedCipher seedCipher, AuditLog audit,
                                                         AddressLimits addressLimits) {
        return new StaffSecondFactors(database.jdbi(), new SignInThrottle(database.jdbi(), clock, addressLimits),
                seedCipher, new TotpCodeVerifier(clock, config.totpWindowSteps()), new SecretTokens(random), random,
                audit, clock, config.localSignIn(), staffIssuer(config), config.baseUrl());
    }

    private static Database openDatabase(AppConfig config) {
        return config.databaseUrl() == null ? Database.embedded(config.dataDir())
                : Database.open(config.databaseUrl(), config.databaseUser(), config.databasePassword());
    }

    private static SeedCipher seedCipher(AppConfig config, SecureRandom random) {
        byte[] key = config.secretKey() != null ? SeedCipher.parseKey(config.secretKey())
                : SeedCipher.loadOrCreateKeyFile(config.dataDir(), random);
        return new SeedCipher(key, random);
    }

    private static AddressLimits addressLimits(AppConfig config, Clock clock, Database database, AuditLog audit) {
        return new AddressLimits(database.jdbi(), audit, clock, config.limits().addressMaxRequests(),
                config.limits().addressWindow());
    }

    private static HelpdeskAccounts helpdeskAccounts(AppConfig config, Clock clock, SecureRandom random,
                                                     Database database, SeedCipher seedCipher, AuditLog audit,
                                                     AddressLimits addressLimits) {
        SignInThrottle throttle = new SignInThrottle(database.jdbi(), clock, addressLimits);
        return new HelpdeskAccounts(database.jdbi(), throttle,
                new PasswordHasher(random, PasswordHasher.Parameters.OWASP), seedCipher,
                new TotpCodeVerifier(clock, config.totpWindowSteps()), new SecretTokens(random), random, audit, clock,
                config.localSignIn(), staffIssuer(config), config.baseUrl());
    }

    /** A separate entry name from the employees' AWS one, so the two never get mixed up in an app. */
    private static String staffIssuer(AppConfig config) {
        return (config.issuer() != null ? config.issuer() : "mfa-enroll") + " helpdesk";
    }

    /**
     * Against the built-in IAM simulator, started on loopback with the demo account, which is kept in the data
     * directory (seeded the first time), so every {@code --demo} command there sees the same account.
     */
    public static Components demo(AppConfig config, Clock clock) {
        IamSimulator simulator = new IamSimulator(clock, DemoAccount.ACCOUNT_ID)
                .keepAccountIn(config.dataDir().resolve(DemoAccount.FILE_NAME), DemoAccount::seed)
                .start();
        return new Components(config, clock, simulator, IamConnection.forLocalEndpoint(simulator.endpoint()));
    }

    /**
     * Against a simulator someone else runs (several app instances sharing one IAM, as in production). The caller
     * owns the simulator: {@link #close()} leaves it running.
     */
    public static Components sharingSimulator(AppConfig config, Clock clock, IamSimulator simulator) {
        return againstLocalIam(config, clock, simulator.endpoint());
    }

    /** Against an IAM look-alike on this machine (a simulator, or a proxy in front of one) with dummy credentials. */
    public static Components againstLocalIam(AppConfig config, Clock clock, URI endpoint) {
        return new Components(config, clock, null, IamConnection.forLocalEndpoint(endpoint));
    }

    /**
     * Against AWS IAM (or {@code MFA_IAM_ENDPOINT}) with the default credential chain. Fails at once with
     * {@link IamFailure.Kind#CREDENTIALS} when there are no credentials.
     */
    public static Components production(AppConfig config, Clock clock) {
        IamConnection defaults = IamConnection.defaults();
        IamConnection connection = new IamConnection(config.iamEndpoint(), config.iamRegion(), null,
                defaults.callTimeout(), defaults.attemptTimeout());
        AwsIamGateway.requireCredentials(connection);
        return new Components(config, clock, null, connection);
    }

    public AppConfig config() {
        return config;
    }

    /** The simulator in demo mode; null against real IAM. */
    public IamSimulator simulator() {
        return simulator;
    }

    public IamGateway iam() {
        return gateway;
    }

    /** IAM as the wizard and resync reach it: through their share of the call budget. */
    public IamGateway employeeIam() {
        return employeeGateway;
    }

    public Database database() {
        return database;
    }

    public AuditLog audit() {
        return audit;
    }

    public OnboardingLinks links() {
        return links;
    }

    public Sessions sessions() {
        return sessions;
    }

    public EnrollmentService enrollments() {
        return enrollments;
    }

    public Notifications notifications() {
        return notifications;
    }

    public Invitations invitations() {
        return invitations;
    }

    public PrometheusMeterRegistry metrics() {
        return metrics;
    }

    public Readiness readiness() {
        return readiness;
    }

    public Sweeper sweeper() {
        return sweeper;
    }

    /** Renders templates outside a request (mail bodies); pages go through {@link #webApp()}'s renderer. */
    public PebbleRenderer renderer() {
        return renderer;
    }

    /** The unstarted web app: every route of {@link RouteTable} behind the security filters. */
    public Javalin webApp() {
        return WebApp.create(RouteTable.of(this), securityFilters, new PageRenderer(renderer));
    }

    public SecurityFilters securityFilters() {
        return securityFilters;
    }

    public OnboardingController onboardingController() {
        return onboardingController;
    }

    public SignOutController signOutController() {
        return signOutController;
    }

    public LanguageController languageController() {
        return languageController;
    }

    public EnrollmentController enrollmentController() {
        return enrollmentController;
    }

    /**
     * Checks the company identity provider, when MFA_OIDC_ISSUER is set, before the web app listens (the other
     * commands never sign anyone in and do not need it).
     *
     * @throws io.github.mfaenroll.oidc.OidcDiscoveryFailure naming MFA_OIDC_ISSUER, the URL tried and what went wrong
     */
    public void checkIdentityProvider() {
        oidcProvider.ifPresent(OidcProvider::discoverNow);
    }

    /** Sign-in with the company identity provider; empty when MFA_OIDC_ISSUER is not set. */
    public Optional<OidcController> oidcController() {
        return Optional.ofNullable(oidcController);
    }

    public HelpdeskAccounts helpdeskAccounts() {
        return helpdeskAccounts;
    }

    public StaffSecondFactors staffSecondFactors() {
        return staffSecondFactors;
    }

    public HelpdeskSignInController helpdeskSignInController() {
        return helpdeskSignInController;
    }

    public HelpdeskController helpdeskController() {
        return helpdeskController;
    }

    /** The compliance view's data (credential report, cached); also what {@code report} prints. */
    public ComplianceService compliance() {
        return compliance;
    }

    public ComplianceController complianceController() {
        return complianceController;
    }

    public UserController userController() {
        return userController;
    }

    public BulkInvitationController bulkInvitationController() {
        return bulkInvitationController;
    }

    public ResyncController resyncController() {
        return resyncController;
    }

    public WalkthroughController walkthroughController() {
        return walkthroughController;
    }

    public EnforcementController enforcementController() {
        return enforcementController;
    }

    /** Failed verifications per IAM user and the lockouts they lead to. */
    public UserLockouts userLockouts() {
        return userLockouts;
    }

    /** Requests per client address (link claims, sign-ins). */
    public AddressLimits addressLimits() {
        return addressLimits;
    }

    public LockoutController lockoutController() {
        return lockoutController;
    }

    /** The enroll-by reminder job (run by {@link BackgroundJobs} next to the sweeper). */
    public Reminders reminders() {
        return reminders;
    }

    @Override
    public void close() {
        bulkInvitations.stop();
        bulkQueue.shutdown();
        mailQueue.shutdown();
        try {
            bulkQueue.awaitTermination(5, TimeUnit.SECONDS);
            mailQueue.awaitTermination(15, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        database.close();
        gateway.close();
        employeeGateway.close();
        if (simulator != null) {
            simulator.close();
        }
    }
}
