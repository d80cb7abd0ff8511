package io.github.mfaenroll.iam;

import io.github.mfaenroll.iam.OrganizationsClient.OrganizationAccount;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The {@link AccountDirectory} on AWS: the own account from {@code sts:GetCallerIdentity} (asked once, the first
 * time it is needed), the configured accounts from {@link AccountSettings} (the own one; a list; or every ACTIVE
 * account of {@code organizations:ListAccounts}, listed again every {@link #ORGANIZATION_REFRESH}), and for each
 * account a pair of {@link AwsIamGateway}s built the first time they are asked for: the own account's on the app's own
 * credentials, every other one's on {@code sts:AssumeRole} into the member role ({@link AssumedRoleCredentials}).
 *
 * <p>Aliases come from each account's {@code ListAccountAliases}, else the organization's name for the account. An
 * account that cannot be reached is a verdict ({@link #reachability}, kept for {@link #VERDICT_KEPT}) and its gateway
 * calls fail as {@link IamFailure.Kind#ACCOUNT_UNREACHABLE} with AWS's reason; {@link #accounts()} still lists it.
 */
public final class AwsAccountDirectory implements AccountDirectory, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AwsAccountDirectory.class);

    /** How long a ListAccounts answer is used (accounts join and leave an organization rarely). */
    public static final Duration ORGANIZATION_REFRESH = Duration.ofHours(1);
    /** How long a reachability verdict (and a refused AssumeRole) is kept, so a page of 20 accounts is 20 checks. */
    public static final Duration VERDICT_KEPT = Duration.ofMinutes(1);

    private final AccountSettings settings;
    private final IamConnection staffConnection;
    private final IamConnection employeeConnection;
    private final Clock clock;
    private final String partition;
    private final DefaultCredentialsProvider ownedCredentials;
    private final SdkHttpClient stsHttp;
    private final StsClient sts;
    private final OrganizationsClient organizations;
    private final ReachedAccount ownAccount;
    /** Each member account's budget; null: members share the own account's connections (and its interceptors). */
    private final IamBudgets budgets;
    private final Map<AccountId, ReachedAccount> members = new ConcurrentHashMap<>();

    private AccountId ownId;
    private List<OrganizationAccount> listing;
    private Instant listedAt;
    private Map<AccountId, String> organizationNames = Map.of();

    /**
     * Builds the clients; nothing is sent until an account is asked for.
     *
     * @param staff how the own account's staff gateway reaches IAM (endpoint, region, credentials, timeouts,
     *     interceptors); every other account's is the same on assumed-role credentials
     * @param employees the same for the employees' gateway (its own share of the call budget)
     */
    public static AwsAccountDirectory connect(AccountSettings settings, IamConnection staff, IamConnection employees,
                                              Clock clock) {
        return new AwsAccountDirectory(settings, staff, employees, clock, null);
    }

    /**
     * Builds the clients, each account's gateways drawing on that account's budget (IAM's quotas are per account):
     * the own account's under "self" (it is reached before STS says which account it is), the others' under their
     * ids. Nothing is sent until an account is asked for.
     *
     * @param connection how IAM is reached (endpoint, region, credentials, timeouts); the budgets' interceptors
     *     are added per account
     */
    public static AwsAccountDirectory connect(AccountSettings settings, IamConnection connection, IamBudgets budgets,
                                              Clock clock) {
        Objects.requireNonNull(budgets, "budgets");
        IamBudgets.AccountBudget own = budgets.forOwnAccount();
        return new AwsAccountDirectory(settings, connection.withInterceptors(own.staffInterceptors()),
                connection.withInterceptors(own.employeeInterceptors()), clock, budgets);
    }

    private AwsAccountDirectory(AccountSettings settings, IamConnection staff, IamConnection employees, Clock clock,
                                IamBudgets budgets) {
        this.budgets = budgets;
        this.settings = Objects.requireNonNull(settings, "settings");
        this.staffConnection = staff;
        this.employeeConnection = employees;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.partition = IamPermissions.partitionOf(staff.region());
        this.ownedCredentials = staff.credentials() == null ? DefaultCredentialsProvider.builder().build() : null;
        AwsCredentialsProvider own = ownedCredentials != null ? ownedCredentials : staff.credentials();
        this.stsHttp = UrlConnectionHttpClient.builder().connectionTimeout(staff.attemptTimeout())
                .socketTimeout(staff.attemptTimeout()).build();
        var stsBuilder = StsClient.builder().httpClient(stsHttp).region(Region.of(stsRegion(partition)))
                .credentialsProvider(own)
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.standardRetryStrategy())
                        .apiCallTimeout(staff.callTimeout()).apiCallAttemptTimeout(staff.attemptTimeout()));
        if (settings.stsEndpoint() != null) {
            stsBuilder.endpointOverride(settings.stsEndpoint());
        }
        this.sts = stsBuilder.build();
        this.organizations = settings.source() == AccountSettings.Source.ORGANIZATION
                ? new OrganizationsClient(settings.organizationsEndpoint(), staff.region(), own, staff.attemptTimeout())
                : null;
        this.ownAccount = new ReachedAccount(() -> AwsIamGateway.connect(staff),
                () -> AwsIamGateway.connect(employees), null, clock, VERDICT_KEPT);
    }

    /** STS's region in each partition: its global endpoint signs there, and the SDK's regional one is there too. */
    private static String stsRegion(String partition) {
        return switch (partition) {
            case "aws-cn" -> "cn-north-1";
            case "aws-us-gov" -> "us-gov-west-1";
            default -> "us-east-1";
        };
    }

    public AccountSettings settings() {
        return settings;
    }

    /** The own account's staff gateway, without asking STS which account that is. */
    public IamGateway ownIam() {
        return ownAccount.staff();
    }

    /** The own account's employee gateway, without asking STS which account that is. */
    public IamGateway ownEmployeeIam() {
        return ownAccount.employees();
    }

    /** @throws IamFailure when STS cannot say which account the app's credentials belong to */
    @Override
    public Account own() {
        AccountId id = ownId();
        return new Account(id, aliasOf(id), true);
    }

    /**
     * {@inheritDoc} An account that cannot be reached is listed all the same (under the organization's name for it).
     *
     * @throws IamFailure when STS cannot say which account is the own one, or when the organization cannot be listed
     *     and was never listed before (a listing that fails later is kept, and tried again a minute later)
     */
    @Override
    public List<Account> accounts() {
        AccountId own = ownId();
        return configuredIds().stream().sorted()
                .map(id -> new Account(id, aliasOf(id), id.equals(own)))
                .toList();
    }

    @Override
    public IamGateway iam(AccountId account) {
        return reached(account).staff();
    }

    @Override
    public IamGateway employeeIam(AccountId account) {
        return reached(account).employees();
    }

    @Override
    public Reachability reachability(AccountId account) {
        return reached(account).reachability();
    }

    private synchronized AccountId ownId() {
        if (ownId == null) {
            try {
                ownId = new AccountId(sts.getCallerIdentity().account());
            } catch (SdkException e) {
                throw IamFailures.from("GetCallerIdentity", e);
            }
            LOG.info("The app's own AWS account is {}", ownId);
        }
        return ownId;
    }

    private List<AccountId> configuredIds() {
        return switch (settings.source()) {
            case SELF -> List.of(ownId());
            case LIST -> settings.listed();
            case ORGANIZATION -> organizationAccounts().stream().map(OrganizationAccount::id).toList();
        };
    }

    private ReachedAccount reached(AccountId account) {
        Objects.requireNonNull(account, "account");
        if (!configuredIds().contains(account)) {
            throw new UnknownAccount(account.value());
        }
        return account.equals(ownId()) ? ownAccount : members.computeIfAbsent(account, this::member);
    }

    private ReachedAccount member(AccountId account) {
        AssumedRoleCredentials credentials = new AssumedRoleCredentials(sts, settings.roleArn(partition, account),
                settings.externalId(), clock, VERDICT_KEPT);
        IamConnection staff = staffConnection.withCredentials(credentials);
        IamConnection employees = employeeConnection.withCredentials(credentials);
        if (budgets != null) {
            staff = staff.withInterceptors(budgets.staffInterceptors(account));
            employees = employees.withInterceptors(budgets.employeeInterceptors(account));
        }
        IamConnection staffOfAccount = staff;
        IamConnection employeesOfAccount = employees;
        return new ReachedAccount(() -> AwsIamGateway.connect(staffOfAccount),
                () -> AwsIamGateway.connect(employeesOfAccount), credentials, clock, VERDICT_KEPT);
    }

    /** The IAM alias, else the organization's name for the account, else null. */
    private String aliasOf(AccountId account) {
        ReachedAccount reached = account.equals(ownId()) ? ownAccount : members.computeIfAbsent(account, this::member);
        return reached.alias().orElseGet(() -> organizationName(account));
    }

    private synchronized String organizationName(AccountId account) {
        return organizationNames.get(account);
    }

    /**
     * The organization's ACTIVE accounts, listed again when the last listing is older than
     * {@link #ORGANIZATION_REFRESH}. When listing fails the last listing is kept (and tried again a minute later);
     * with none to keep, the failure is thrown.
     */
    private synchronized List<OrganizationAccount> organizationAccounts() {
        Instant now = clock.instant();
        if (listing != null && now.isBefore(listedAt.plus(ORGANIZATION_REFRESH))) {
            return listing;
        }
        try {
            listing = organizations.listActiveAccounts();
            Map<AccountId, String> names = new HashMap<>();
            listing.stream().filter(a -> a.name() != null).forEach(a -> names.put(a.id(), a.name()));
            organizationNames = Map.copyOf(names);
            listedAt = now;
            LOG.info("The organization has {} active accounts", listing.size());
        } catch (IamFailure e) {
            if (listing == null) {
                throw e;
            }
            LOG.warn("ListAccounts failed ({} {}); keeping the {} accounts listed at {}", e.kind(),
                    e.awsErrorCode() == null ? "" : e.awsErrorCode(), listing.size(), listedAt);
            listedAt = now.minus(ORGANIZATION_REFRESH).plus(VERDICT_KEPT);
        }
        return listing;
    }

    /** Closes every gateway, the assumed-role credentials, STS, Organizations and the default chain if built here. */
    @Override
    public void close() {
        members.values().forEach(ReachedAccount::close);
        ownAccount.close();
        if (organizations != null) {
            organizations.close();
        }
        sts.close();
        stsHttp.close();
        if (ownedCredentials != null) {
            ownedCredentials.close();
        }
    }
}
