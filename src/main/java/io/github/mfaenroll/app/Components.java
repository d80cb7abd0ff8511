package io.github.mfaenroll.app;

import io.github.mfaenroll.api.ApiComplianceController;
import io.github.mfaenroll.api.ApiDevicesController;
import io.github.mfaenroll.api.ApiLinksController;
import io.github.mfaenroll.api.ApiTokens;
import io.github.mfaenroll.api.ApiUserChoice;
import io.github.mfaenroll.api.ApiTokensController;
import io.github.mfaenroll.api.ApiUsersController;
import io.github.mfaenroll.api.OpenApiController;
import io.github.mfaenroll.audit.AuditLog;
import io.github.mfaenroll.compliance.ComplianceController;
import io.github.mfaenroll.compliance.ComplianceMetrics;
import io.github.mfaenroll.compliance.ComplianceService;
import io.github.mfaenroll.compliance.CoverageSnapshots;
import io.github.mfaenroll.compliance.OrganizationCompliance;
import io.github.mfaenroll.compliance.OrganizationController;
import io.github.mfaenroll.enforcement.DeadlineStore;
import io.github.mfaenroll.enforcement.Deadlines;
import io.github.mfaenroll.enforcement.Reminders;
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
import io.github.mfaenroll.helpdesk.ActionGuard;
import io.github.mfaenroll.helpdesk.AutoInvitationStore;
import io.github.mfaenroll.helpdesk.AutoInvitations;
import io.github.mfaenroll.helpdesk.AutoInviteSender;
import io.github.mfaenroll.helpdesk.BulkInvitationController;
import io.github.mfaenroll.helpdesk.BulkInvitationStore;
import io.github.mfaenroll.helpdesk.BulkInvitations;
import io.github.mfaenroll.helpdesk.ConsolePasswords;
import io.github.mfaenroll.helpdesk.DeadlinesForEveryone;
import io.github.mfaenroll.helpdesk.DeviceActions;
import io.github.mfaenroll.helpdesk.EnforcementController;
import io.github.mfaenroll.helpdesk.HelpdeskController;
import io.github.mfaenroll.helpdesk.LinkActions;
import io.github.mfaenroll.helpdesk.LockoutActions;
import io.github.mfaenroll.helpdesk.LockoutController;
import io.github.mfaenroll.helpdesk.UserController;
import io.github.mfaenroll.helpdesk.UserDetailsService;
import io.github.mfaenroll.helpdesk.UsersWithoutMfa;
import io.github.mfaenroll.helpdesk.Walkthrough;
import io.github.mfaenroll.helpdesk.WalkthroughController;
import io.github.mfaenroll.iam.Account;
import io.github.mfaenroll.iam.AccountDirectory;
import io.github.mfaenroll.iam.AccountId;
import io.github.mfaenroll.iam.AccountSettings;
import io.github.mfaenroll.iam.AwsAccountDirectory;
import io.github.mfaenroll.iam.AwsIamGateway;
import io.github.mfaenroll.iam.IamBudgets;
import io.github.mfaenroll.iam.IamConnection;
import io.github.mfaenroll.iam.IamFailure;
import io.github.mfaenroll.iam.IamGateway;
import io.github.mfaenroll.iam.IamPermissions;
import io.github.mfaenroll.iam.simulator.DemoAccount;
import io.github.mfaenroll.iam.simulator.DemoOrganization;
import io.github.mfaenroll.iam.simulator.IamSimulator;
import io.github.mfaenroll.identity.ProviderSignOut;
import io.github.mfaenroll.identity.SecretTokens;
import io.github.mfaenroll.identity.Sessions;
import io.github.mfaenroll.limits.AddressLimits;
import io.github.mfaenroll.limits.UserLockouts;
import io.github.mfaenroll.mail.MailSender;
import io.github.mfaenroll.mail.Notifications;
import io.github.mfaenroll.oidc.IamUserDirectory;
import io.github.mfaenroll.oidc.OidcController;
import io.github.mfaenroll.oidc.OidcProvider;
import io.github.mfaenroll.oidc.OidcSignIn;
import io.github.mfaenroll.oidc.OidcSignOut;
import io.github.mfaenroll.oidc.PendingLogins;
import io.github.mfaenroll.onboarding.Invitations;
import io.github.mfaenroll.onboarding.OnboardingController;
import io.github.mfaenroll.onboarding.OnboardingLinks;
import io.github.mfaenroll.staff.HelpdeskAccounts;
import io.github.mfaenroll.staff.HelpdeskSignInController;
import io.github.mfaenroll.staff.PasswordHasher;
import io.github.mfaenroll.staff.SignInThrottle;
import io.github.mfaenroll.staff.StaffSecondFactors;
import io.github.mfaenroll.store.Database;
import io.github.mfaenroll.store.Lease;
import io.github.mfaenroll.store.SeedCipher;
import io.github.mfaenroll.store.UpgradeNeedsOwnAccount;
import io.github.mfaenroll.text.PebbleRenderer;
import io.github.mfaenroll.totp.TotpCodeVerifier;
import io.github.mfaenroll.totp.TotpVerifier;
import io.github.mfaenroll.web.BearerAuthentication;
import io.github.mfaenroll.web.Flash;
import io.github.mfaenroll.web.LanguageController;
import io.github.mfaenroll.web.PageRenderer;
import io.github.mfaenroll.web.Paths;
import io.github.mfaenroll.web.SecurityFilters;
import io.github.mfaenroll.web.SecurityHeaders;
import io.github.mfaenroll.web.SessionCookies;
import io.github.mfaenroll.web.SignOutController;
import io.javalin.Javalin;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;

/**
 * The only place objects are built. Everything gets its dependencies through its constructor; nothing is
 * static or global. {@link #demo} runs against the built-in IAM simulator; {@link #production} against IAM.
 *
 * <p>Each object is built the first time it is asked for ({@link Built}), with what it needs, so a command pays
 * only for what it uses: {@code report} reaches IAM and never opens the database (on PostgreSQL, its first IAM call
 * does, for the shared call budget); {@code link issue} opens the database and IAM and builds no template,
 * controller or web server. {@link #webApp()} asks for every controller, so {@code serve} builds everything before
 * it listens.
 */
public final class Components implements AutoCloseable {

    private final AppConfig config;
    private final Clock clock;
    private final IamSimulator simulator;
    private final IamConnection connection;
    /** The accounts to serve when the caller built them (tests over several simulators); null: the own account. */
    private final AccountDirectory givenAccounts;
    private final AccountSettings accountSettings;
    private final SecureRandom random = new SecureRandom();
    private final SecretTokens tokens = new SecretTokens(random);
    private final Built<PrometheusMeterRegistry> metrics = Built.by(
            () -> new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    /** Mail goes out one at a time, off request threads; queued mail is given a few seconds at shutdown. */
    private final Built<ExecutorService> mailQueue = Built.by(() -> Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "mail");
        thread.setDaemon(true);
        return thread;
    }));
    /** Bulk invitations run one at a time, off request threads, paced; a running one is asked to stop at close. */
    private final Built<ExecutorService> bulkQueue = Built.by(() -> Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "bulk-invitations");
        thread.setDaemon(true);
        return thread;
    }));
    // One budget per account; on PostgreSQL it lives in the database, shared by every instance.
    private final Built<IamBudgets> iamBudgets = Built.by(() -> isPostgreSql(config().databaseUrl())
            ? IamBudgets.shared(() -> database().dataSource(), config().iamMaxCallsPerSecond(),
                    config().iamCallTimeout(), metrics.get())
            : IamBudgets.local(config().iamMaxCallsPerSecond(), config().iamCallTimeout(), metrics.get()));
    // Every account's gateways are built on the timed connection (member accounts on assumed-role credentials), each
    // with its account's budget; what employees set in motion (the wizard, resync) draws on a share of it.
    private final Built<AwsAccountDirectory> awsAccounts = Built.by(() -> AwsAccountDirectory.connect(
            accountSettings(), timedConnection(), iamBudgets.get(), clock()));
    /** The directory the caller gave (tests over several simulators), else the configured accounts. */
    private final Built<AccountDirectory> accountDirectory = Built.by(
            () -> givenAccounts().orElseGet(awsAccounts::get));
    private final Built<IamGateway> gateway = Built.by(() -> givenAccounts()
            .map(given -> given.iam(given.own().id())).orElseGet(() -> awsAccounts.get().ownIam()));
    private final Built<IamGateway> employeeGateway = Built.by(() -> givenAccounts()
            .map(given -> given.employeeIam(given.own().id())).orElseGet(() -> awsAccounts.get().ownEmployeeIam()));
    private final Built<Database> database = Built.by(() -> openDatabase(config(),
            () -> accountDirectory.get().own().id().value()));
    private final Built<SeedCipher> seedCipher = Built.by(() -> seedCipher(config(), random));
    private final Built<AuditLog> audit = Built.by(() -> new AuditLog(jdbi(), clock()));
    private final Built<AddressLimits> addressLimits = Built.by(
            () -> addressLimits(config(), clock(), database.get(), audit.get()));
    private final Built<HelpdeskAccounts> helpdeskAccounts = Built.by(() -> helpdeskAccounts(config(), clock(), random,
            database.get(), seedCipher.get(), audit.get(), addressLimits.get()));
    private final Built<StaffSecondFactors> staffSecondFactors = Built.by(() -> staffSecondFactors(config(), clock(),
            random, database.get(), seedCipher.get(), audit.get(), addressLimits.get()));
    private final Built<OnboardingLinks> links = Built.by(() -> new OnboardingLinks(jdbi(), tokens, audit.get(), clock(),
            config().linkTtl(), config().baseUrl()));
    private final Built<Sessions> sessions = Built.by(() -> {
        Sessions built = new Sessions(jdbi(), tokens, clock(), config().sessionIdleTimeout(),
                config().sessionAbsoluteTimeout());
        Gauge.builder("mfa.sessions.active", built, Sessions::countActive)
                .description("Signed-in sessions that have not timed out").register(metrics.get());
        return built;
    });
    private final Built<CreatedDeviceStore> createdDevices = Built.by(() -> new CreatedDeviceStore(jdbi(), clock()));
    private final Built<EnrollmentStore> enrollmentStore = Built.by(() -> new EnrollmentStore(jdbi(), clock()));
    private final Built<PebbleRenderer> renderer = Built.by(() -> new PebbleRenderer(true));
    private final Built<Notifications> notifications = Built.by(() -> new Notifications(
            new MailSender(config().smtp()), renderer.get(), accountDirectory.get(), audit.get(), config().emailTagKey(),
            config().helpdeskContact(), config().mailLanguage()));
    private final Built<Invitations> invitations = Built.by(() -> new Invitations(links.get(), notifications.get()));
    // The lockout notice goes out off the request thread, like all mail.
    private final Built<UserLockouts> userLockouts = Built.by(() -> new UserLockouts(jdbi(), audit.get(),
            (user, at, until) -> mailQueue.get().execute(() -> notifications.get().sendLockedOut(user, at, until)),
            clock(), config().limits().userFailuresPerHour(), config().limits().userLockout()));
    private final Built<EnrollmentMetrics> enrollmentMetrics = Built.by(
            () -> new EnrollmentMetrics(metrics.get(), knownAccountIds()));
    private final Built<EnrollmentService> enrollments = Built.by(() -> new EnrollmentService(accountDirectory.get(),
            enrollmentStore.get(), new DeviceProvisioner(accountDirectory.get(), createdDevices.get(), audit.get(),
                    random),
            seedCipher.get(), new TotpVerifier(clock(), config().totpWindowSteps()), audit.get(), clock(),
            config().enrollmentTtl(), new IssuerName(config().issuer(), accountDirectory.get(), clock()),
            enrollmentMetrics.get(), notifications.get(), mailQueue.get(), userLockouts.get(),
            config().enrollmentStartsPerHour(), new RecentDeviceLists(clock())));
    private final Built<Sweeper> sweeper = Built.by(() -> new Sweeper(enrollments.get(), sessions.get(),
            new Lease(jdbi(), clock(), "sweeper")));
    private final Built<SessionCookies> cookies = Built.by(() -> new SessionCookies(config().baseUrl()));
    private final Built<ApiTokens> apiTokens = Built.by(() -> new ApiTokens(jdbi(), tokens, audit.get(), clock()));
    private final Built<SecurityFilters> securityFilters = Built.by(() -> new SecurityFilters(sessions.get(),
            cookies.get(), tokens, config().baseUrl(), config().proxies(),
            new SecurityHeaders(cookies.get().secure()), audit.get(),
            new BearerAuthentication(apiTokens.get(), addressLimits.get(), audit.get(), ApiTokens.PREFIX)));
    private final Built<OnboardingController> onboardingController = Built.by(() -> new OnboardingController(
            links.get(), sessions.get(), cookies.get(), addressLimits.get(), config().oidc().enabled(),
            accountDirectory.get()));
    // One provider object for sign-in and sign-out, so discovery is fetched once.
    private final Built<Optional<OidcProvider>> oidcProvider = Built.by(() -> config().oidc().enabled()
            ? Optional.of(new OidcProvider(config().oidc(), URI.create(config().baseUrl() + Paths.OIDC_CALLBACK)))
            : Optional.empty());
    private final Built<Readiness> readiness = Built.by(
            () -> new Readiness(database.get(), gateway.get(), oidcProvider.get(), clock()));
    private final Built<SignOutController> signOutController = Built.by(() -> new SignOutController(sessions.get(),
            cookies.get(), tokens, oidcProvider.get().<ProviderSignOut>map(provider -> new OidcSignOut(provider,
                    URI.create(config().baseUrl() + Paths.SIGNED_OUT))).orElse(ProviderSignOut.NONE)));
    private final Built<LanguageController> languageController = Built.by(() -> new LanguageController(cookies.get()));
    private final Built<EnrollmentController> enrollmentController = Built.by(() -> new EnrollmentController(
            enrollments.get(), new QrImages(clock()), new Flash(sessions.get()), sessions.get(), cookies.get()));
    private final Built<Optional<OidcController>> oidcController = Built.by(
            () -> oidcProvider.get().map(this::oidcController));
    private final Built<HelpdeskSignInController> helpdeskSignInController = Built.by(
            () -> new HelpdeskSignInController(helpdeskAccounts.get(), sessions.get(), cookies.get(), clock()));
    private final Built<ActionGuard> guard = Built.by(() -> new ActionGuard(accountDirectory.get(), audit.get(),
            config().helpdesk(), helpdeskAccounts.get(), staffSecondFactors.get()));
    private final Built<LockoutActions> lockoutActions = Built.by(
            () -> new LockoutActions(userLockouts.get(), addressLimits.get(), guard.get()));
    private final Built<HelpdeskController> helpdeskController = Built.by(
            () -> new HelpdeskController(audit.get(), lockoutActions.get(), accountDirectory.get(), autoInvitations()));
    private final Built<CoverageSnapshots> coverageSnapshots = Built.by(() -> new CoverageSnapshots(jdbi(), clock()));
    // The server keeps each day's coverage snapshot; report (below) reads the same reports without a database.
    private final Built<OrganizationCompliance> organizationCompliance = Built.by(() -> {
        OrganizationCompliance built = new OrganizationCompliance(accountDirectory.get(), clock(),
                ComplianceService.THREAD_SLEEP, Optional.of(coverageSnapshots.get()));
        ComplianceMetrics.register(metrics.get(), built);
        return built;
    });
    private final Built<OrganizationCompliance> reportCompliance = Built.by(() -> new OrganizationCompliance(
            accountDirectory.get(), clock(), ComplianceService.THREAD_SLEEP, Optional.empty()));
    private final Built<ComplianceController> complianceController = Built.by(
            () -> new ComplianceController(organizationCompliance.get(), new Flash(sessions.get())));
    private final Built<OrganizationController> organizationController = Built.by(
            () -> new OrganizationController(organizationCompliance.get()));
    private final Built<UserDetailsService> userDetails = Built.by(() -> new UserDetailsService(
            accountDirectory.get(), enrollmentStore.get(), links.get(), audit.get(), config().emailTagKey()));
    private final Built<OpenApiController> openApiController = Built.by(OpenApiController::fromClasspath);
    private final Built<ApiComplianceController> apiComplianceController = Built.by(
            () -> new ApiComplianceController(organizationCompliance.get()));
    private final Built<ApiUserChoice> apiUserChoice = Built.by(
            () -> new ApiUserChoice(accountDirectory.get(), userDetails.get()));
    private final Built<ApiUsersController> apiUsersController = Built.by(
            () -> new ApiUsersController(apiUserChoice.get(), userDetails.get()));
    // The console and the API act through the same services: one rule, two doors.
    private final Built<LinkActions> linkActions = Built.by(() -> new LinkActions(accountDirectory.get(), links.get(),
            invitations.get(), guard.get(), audit.get()));
    private final Built<DeviceActions> deviceActions = Built.by(() -> new DeviceActions(accountDirectory.get(),
            notifications.get(), createdDevices.get(), guard.get(), sessions.get(), audit.get(), clock()));
    private final Built<ApiLinksController> apiLinksController = Built.by(
            () -> new ApiLinksController(apiUserChoice.get(), linkActions.get()));
    private final Built<ApiDevicesController> apiDevicesController = Built.by(
            () -> new ApiDevicesController(apiUserChoice.get(), deviceActions.get()));
    private final Built<ApiTokensController> apiTokensController = Built.by(() -> new ApiTokensController(
            apiTokens.get(), new Flash(sessions.get()), clock(), config().baseUrl()));
    private final Built<UserController> userController = Built.by(() -> new UserController(accountDirectory.get(),
            userDetails.get(),
            linkActions.get(), deviceActions.get(),
            new ConsolePasswords(accountDirectory.get(), notifications.get(), guard.get(), audit.get(), clock()),
            lockoutActions.get(), new Flash(sessions.get())));
    private final Built<LockoutController> lockoutController = Built.by(
            () -> new LockoutController(lockoutActions.get(), new Flash(sessions.get())));
    private final Built<BulkInvitationStore> bulkStore = Built.by(() -> new BulkInvitationStore(jdbi(), clock()));
    private final Built<BulkInvitations> bulkInvitations = Built.by(() -> new BulkInvitations(bulkStore.get(),
            new Lease(jdbi(), clock(), "bulk-invitations"), new UsersWithoutMfa(accountDirectory.get()), links.get(),
            invitations.get(), guard.get(), audit.get(), clock(), config().linkTtl(), config().bulkInvitesPerMinute(),
            bulkQueue.get()));
    // Paced as bulk invitations are; its own lease, so a bulk run and an automatic one never wait for each other.
    private final Built<AutoInvitations> autoInvitations = Built.by(() -> {
        AutoInvitationStore store = new AutoInvitationStore(jdbi(), clock());
        return new AutoInvitations(config().autoInvite(), store, new Lease(jdbi(), clock(), "auto-invitations"),
                organizationCompliance.get(), invitations.get(),
                new AutoInviteSender(store, accountDirectory.get(), links.get(), invitations.get(), guard.get(),
                        audit.get(), clock()),
                clock(), config().bulkInvitesPerMinute());
    });
    private final Built<BulkInvitationController> bulkInvitationController = Built.by(
            () -> new BulkInvitationController(bulkInvitations.get(), bulkStore.get(), new Flash(sessions.get()),
                    config().bulkInvitesPerMinute()));
    private final Built<ResyncController> resyncController = Built.by(() -> new ResyncController(
            new ResyncService(accountDirectory.get(), new ResyncStore(jdbi(), clock()), audit.get(), clock(),
                    enrollmentMetrics.get(), userLockouts.get()),
            new Flash(sessions.get())));
    private final Built<WalkthroughController> walkthroughController = Built.by(() -> new WalkthroughController(accountDirectory.get(),
            new Walkthrough(enrollmentStore.get(), accountDirectory.get(), clock())));
    private final Built<DeadlineStore> deadlineStore = Built.by(() -> new DeadlineStore(jdbi(), clock()));
    private final Built<Deadlines> deadlines = Built.by(
            () -> new Deadlines(deadlineStore.get(), accountDirectory.get(), audit.get(), clock()));
    private final Built<EnforcementController> enforcementController = Built.by(() -> new EnforcementController(accountDirectory.get(), accountSettings(),
            deadlines.get(), new DeadlinesForEveryone(organizationCompliance.get(), deadlines.get()),
            new Flash(sessions.get()),
            IamPermissions.partitionOf(config().iamRegion()), config().reminderDaysBefore()));
    private final Built<Reminders> reminders = Built.by(() -> new Reminders(deadlineStore.get(), accountDirectory.get(),
            notifications.get(), new Lease(jdbi(), clock(), "reminders"), clock(), config().reminderDaysBefore()));

    private Components(AppConfig config, Clock clock, IamSimulator simulator, IamConnection connection,
                       AccountSettings accountSettings) {
        this(config, clock, simulator, connection, accountSettings, null);
    }

    private Components(AppConfig config, Clock clock, IamSimulator simulator, IamConnection connection,
                       AccountSettings accountSettings, AccountDirectory givenAccounts) {
        this.config = config;
        this.clock = clock;
        this.simulator = simulator;
        this.connection = connection;
        this.accountSettings = accountSettings;
        this.givenAccounts = givenAccounts;
    }

    /** The directory the caller gave (a method, like {@link #clock()}, so the builders above can name it). */
    private Optional<AccountDirectory> givenAccounts() {
        return Optional.ofNullable(givenAccounts);
    }

    /**
     * The accounts known now, for series that should exist from start; none when the organization cannot be listed
     * yet (those series then appear with their first event, and the app still starts).
     */
    private List<AccountId> knownAccountIds() {
        try {
            return accountDirectory.get().accounts().stream().map(Account::id).toList();
        } catch (IamFailure e) {
            return List.of();
        }
    }

    /** The clock every object gets (a method, so the builders above can name it before the constructor has run). */
    private Clock clock() {
        return clock;
    }

    /** Which accounts are served (a method, like {@link #clock()}, for the builders above). */
    private AccountSettings accountSettings() {
        return accountSettings;
    }

    private IamConnection timedConnection() {
        return connection.withTimeouts(config.iamCallTimeout(), config.iamAttemptTimeout());
    }

    private Jdbi jdbi() {
        return database.get().jdbi();
    }

    /** The redirect URI of {@code provider} comes from the configured base URL, never from a request's Host header. */
    private OidcController oidcController(OidcProvider provider) {
        OidcSignIn signIn = new OidcSignIn(config.oidc(), provider, new PendingLogins(jdbi(), clock()),
                new IamUserDirectory(accountDirectory.get(), config.oidc().emailTagKey(), clock()), tokens, audit.get(),
                staffSecondFactors.get());
        return new OidcController(signIn, staffSecondFactors.get(), sessions.get(), cookies.get(),
                addressLimits.get(), clock(), accountDirectory.get());
    }

    /** The database and the API tokens alone, for {@code token}, which works without IAM credentials. */
    public record TokenStore(Database database, ApiTokens apiTokens) implements AutoCloseable {
        @Override
        public void close() {
            database.close();
        }
    }

    /** Builds {@link TokenStore} on the configured database (the one a running server uses). */
    public static TokenStore tokenStore(AppConfig config, Clock clock) {
        Database database = openDatabaseWithoutIam(config);
        return new TokenStore(database, new ApiTokens(database.jdbi(), new SecretTokens(new SecureRandom()),
                new AuditLog(database.jdbi(), clock), clock));
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
    public static Accounts staffAccounts(AppConfig config, Clock clock) {
        SecureRandom random = new SecureRandom();
        Database database = openDatabaseWithoutIam(config);
        AuditLog audit = new AuditLog(database.jdbi(), clock);
        SeedCipher seedCipher = seedCipher(config, random);
        AddressLimits addressLimits = addressLimits(config, clock, database, audit);
        HelpdeskAccounts accounts = helpdeskAccounts(config, clock, random, database, seedCipher, audit,
                addressLimits);
        return new Accounts(database, accounts,
                staffSecondFactors(config, clock, random, database, seedCipher, audit, addressLimits));
    }

    /**
     * No AWS call here (helpdesk accounts and API tokens work without credentials): a database that still needs the
     * own account written into old rows says so, and the next `serve` upgrades it.
     */
    private static Database openDatabaseWithoutIam(AppConfig config) {
        try {
            return openDatabase(config, null);
        } catch (UpgradeNeedsOwnAccount e) {
            throw new OperatorError("This database was written by an earlier version, before rows named their AWS "
                    + "account. Start `serve` once (it asks AWS which account it runs in and upgrades the database), "
                    + "then run this command again.");
        }
    }

    private static StaffSecondFactors staffSecondFactors(AppConfig config, Clock clock, SecureRandom random,
                                                         Database database, SeedCipher seedCipher, AuditLog audit,
                                                         AddressLimits addressLimits) {
        return new StaffSecondFactors(database.jdbi(), new SignInThrottle(database.jdbi(), clock, addressLimits),
                seedCipher, new TotpCodeVerifier(clock, config.totpWindowSteps()), new SecretTokens(random), random,
                audit, clock, config.localSignIn(), staffIssuer(config), config.baseUrl());
    }

    private static boolean isPostgreSql(String databaseUrl) {
        return databaseUrl != null && databaseUrl.startsWith("jdbc:postgresql:");
    }

    /** @param ownAccountId the app's own account id for an upgrade that needs it; null where none can be asked */
    private static Database openDatabase(AppConfig config, Supplier<String> ownAccountId) {
        if (ownAccountId == null) {
            return config.databaseUrl() == null ? Database.embedded(config.dataDir())
                    : Database.open(config.databaseUrl(), config.databaseUser(), config.databasePassword());
        }
        return config.databaseUrl() == null ? Database.embedded(config.dataDir(), ownAccountId)
                : Database.open(config.databaseUrl(), config.databaseUser(), config.databasePassword(), ownAccountId);
    }

    private static SeedCipher seedCipher(AppConfig config, SecureRandom random) {
        byte[] key = config.secretKey() != null ? SeedCipher.parseKey(config.secretKey())
                : SeedCipher.loadOrCreateKeyFile(config.dataDir(), random);
        return new SeedCipher(key, random);
    }

    private static AddressLimits addressLimits(AppConfig config, Clock clock, Database database, AuditLog audit) {
        return new AddressLimits(database.jdbi(), audit, clock, config.limits().addressMaxRequests(),
                config.limits().addressWindow(), config.limits().apiMaxRequests(), config.limits().apiWindow());
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
     * Against the built-in IAM simulator, started on loopback with the demo organization (every account of it
     * served, as {@code MFA_ACCOUNTS=organization}), which is kept in the data directory (seeded the first time), so
     * every {@code --demo} command there sees the same accounts.
     */
    public static Components demo(AppConfig config, Clock clock) {
        IamSimulator simulator = new IamSimulator(clock, DemoOrganization.MANAGEMENT_ID)
                .keepAccountIn(config.dataDir().resolve(DemoAccount.FILE_NAME), DemoOrganization::seed)
                .start();
        return new Components(config, clock, simulator, IamConnection.forLocalEndpoint(simulator.endpoint()),
                AccountSettings.organizationAt(simulator.endpoint()));
    }

    /**
     * Against a simulator someone else runs (several app instances sharing one IAM, as in production). The caller
     * owns the simulator: {@link #close()} leaves it running.
     */
    public static Components sharingSimulator(AppConfig config, Clock clock, IamSimulator simulator) {
        return againstLocalIam(config, clock, simulator.endpoint());
    }

    /**
     * Against an IAM look-alike on this machine (a simulator, or a proxy in front of one) with dummy credentials; it
     * answers STS and Organizations too. The accounts served are the configured ones ({@code MFA_ACCOUNTS}).
     */
    public static Components againstLocalIam(AppConfig config, Clock clock, URI endpoint) {
        return new Components(config, clock, null, IamConnection.forLocalEndpoint(endpoint),
                config.accounts().atLocalEndpoint(endpoint));
    }

    /**
     * As {@link #againstLocalIam}, serving the accounts of {@code accounts} (each reached through its own gateway)
     * instead of only the account at {@code endpoint}, which stays the one everything not yet per account uses.
     */
    public static Components againstLocalIam(AppConfig config, Clock clock, URI endpoint, AccountDirectory accounts) {
        return new Components(config, clock, null, IamConnection.forLocalEndpoint(endpoint),
                config.accounts().atLocalEndpoint(endpoint), accounts);
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
        return new Components(config, clock, null, connection, config.accounts());
    }

    public AppConfig config() {
        return config;
    }

    /** The simulator in demo mode; null against real IAM. */
    public IamSimulator simulator() {
        return simulator;
    }

    /** The own account's IAM, as staff actions and background jobs reach it. */
    public IamGateway iam() {
        return gateway.get();
    }

    /** Every configured AWS account and each one's gateways. */
    public AccountDirectory accounts() {
        return accountDirectory.get();
    }

    /** IAM as the wizard and resync reach it: through their share of the call budget. */
    public IamGateway employeeIam() {
        return employeeGateway.get();
    }

    public Database database() {
        return database.get();
    }

    public AuditLog audit() {
        return audit.get();
    }

    public OnboardingLinks links() {
        return links.get();
    }

    public Sessions sessions() {
        return sessions.get();
    }

    public EnrollmentService enrollments() {
        return enrollments.get();
    }

    public Notifications notifications() {
        return notifications.get();
    }

    public Invitations invitations() {
        return invitations.get();
    }

    public PrometheusMeterRegistry metrics() {
        return metrics.get();
    }

    public Readiness readiness() {
        return readiness.get();
    }

    public Sweeper sweeper() {
        return sweeper.get();
    }

    /** Renders templates outside a request (mail bodies); pages go through {@link #webApp()}'s renderer. */
    public PebbleRenderer renderer() {
        return renderer.get();
    }

    /** The unstarted web app: every route of {@link RouteTable} behind the security filters. */
    public Javalin webApp() {
        return WebApp.create(RouteTable.of(this), securityFilters.get(), new PageRenderer(renderer.get()));
    }

    public SecurityFilters securityFilters() {
        return securityFilters.get();
    }

    public OnboardingController onboardingController() {
        return onboardingController.get();
    }

    public SignOutController signOutController() {
        return signOutController.get();
    }

    public LanguageController languageController() {
        return languageController.get();
    }

    public EnrollmentController enrollmentController() {
        return enrollmentController.get();
    }

    /**
     * Checks the company identity provider, when MFA_OIDC_ISSUER is set, before the web app listens (the other
     * commands never sign anyone in and do not need it).
     *
     * @throws io.github.mfaenroll.oidc.OidcDiscoveryFailure naming MFA_OIDC_ISSUER, the URL tried and what went wrong
     */
    public void checkIdentityProvider() {
        oidcProvider.get().ifPresent(OidcProvider::discoverNow);
    }

    /** Sign-in with the company identity provider; empty when MFA_OIDC_ISSUER is not set. */
    public Optional<OidcController> oidcController() {
        return oidcController.get();
    }

    public HelpdeskAccounts helpdeskAccounts() {
        return helpdeskAccounts.get();
    }

    public StaffSecondFactors staffSecondFactors() {
        return staffSecondFactors.get();
    }

    public HelpdeskSignInController helpdeskSignInController() {
        return helpdeskSignInController.get();
    }

    public HelpdeskController helpdeskController() {
        return helpdeskController.get();
    }

    /** The own account's credential report (cached), as {@code report} reads it: without the database. */
    public ComplianceService compliance() {
        return reportCompliance.get().of(accountDirectory.get().own());
    }

    /** Every account's compliance for {@code report}: the same reports, no database, no coverage snapshots. */
    public OrganizationCompliance reportCompliance() {
        return reportCompliance.get();
    }

    /** Every account's compliance for the server: each report read keeps the day's coverage snapshot. */
    public OrganizationCompliance organizationCompliance() {
        return organizationCompliance.get();
    }

    public ComplianceController complianceController() {
        return complianceController.get();
    }

    public OrganizationController organizationController() {
        return organizationController.get();
    }

    /** The API's OpenAPI document, served to anyone. */
    public OpenApiController openApiController() {
        return openApiController.get();
    }

    public ApiTokensController apiTokensController() {
        return apiTokensController.get();
    }

    public ApiUsersController apiUsersController() {
        return apiUsersController.get();
    }

    public ApiComplianceController apiComplianceController() {
        return apiComplianceController.get();
    }

    public ApiLinksController apiLinksController() {
        return apiLinksController.get();
    }

    public ApiDevicesController apiDevicesController() {
        return apiDevicesController.get();
    }

    /** API tokens: created and revoked by the {@code token} command, checked on every API call. */
    public ApiTokens apiTokens() {
        return apiTokens.get();
    }

    public UserController userController() {
        return userController.get();
    }

    public BulkInvitationController bulkInvitationController() {
        return bulkInvitationController.get();
    }

    public ResyncController resyncController() {
        return resyncController.get();
    }

    public WalkthroughController walkthroughController() {
        return walkthroughController.get();
    }

    public EnforcementController enforcementController() {
        return enforcementController.get();
    }

    /** Failed verifications per IAM user and the lockouts they lead to. */
    /** Enroll-by deadlines as stored (tests read them; the console goes through {@link Deadlines}). */
    public DeadlineStore deadlineStore() {
        return deadlineStore.get();
    }

    public UserLockouts userLockouts() {
        return userLockouts.get();
    }

    /** Requests per client address (link claims, sign-ins). */
    public AddressLimits addressLimits() {
        return addressLimits.get();
    }

    public LockoutController lockoutController() {
        return lockoutController.get();
    }

    /** Invitations that send themselves (run by {@link BackgroundJobs} every MFA_AUTO_INVITE_INTERVAL when on). */
    public AutoInvitations autoInvitations() {
        return autoInvitations.get();
    }

    /** The enroll-by reminder job (run by {@link BackgroundJobs} next to the sweeper). */
    public Reminders reminders() {
        return reminders.get();
    }

    @Override
    public void close() {
        bulkInvitations.ifBuilt(BulkInvitations::stop);
        bulkQueue.ifBuilt(ExecutorService::shutdown);
        mailQueue.ifBuilt(ExecutorService::shutdown);
        try {
            bulkQueue.ifBuilt(queue -> awaitTermination(queue, 5));
            mailQueue.ifBuilt(queue -> awaitTermination(queue, 15));
        } finally {
            database.ifBuilt(Database::close);
            awsAccounts.ifBuilt(AwsAccountDirectory::close);
            if (simulator != null) {
                simulator.close();
            }
        }
    }

    private static void awaitTermination(ExecutorService queue, int seconds) {
        try {
            queue.awaitTermination(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
