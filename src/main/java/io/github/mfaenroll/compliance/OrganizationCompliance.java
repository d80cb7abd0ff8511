package io.github.mfaenroll.compliance;

import io.github.mfaenroll.iam.Account;
import io.github.mfaenroll.iam.AccountDirectory;
import io.github.mfaenroll.iam.AccountId;
import io.github.mfaenroll.iam.Reachability;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compliance for every account of the {@link AccountDirectory}: one {@link ComplianceService} (credential report
 * cache) per account, made the first time the account is asked about, and each report fetched from IAM kept as the
 * day's {@link CoverageSnapshot} when snapshots are kept ({@code report} on the command line keeps none: it opens no
 * database).
 */
public final class OrganizationCompliance {

    private static final Logger log = LoggerFactory.getLogger(OrganizationCompliance.class);

    private final AccountDirectory directory;
    private final Clock clock;
    private final ComplianceService.Sleeper sleeper;
    private final Optional<CoverageSnapshots> snapshots;
    private final Map<AccountId, ComplianceService> services = new ConcurrentHashMap<>();

    /** @param snapshots where each fetched report's figures are kept; empty to keep none */
    public OrganizationCompliance(AccountDirectory directory, Clock clock, ComplianceService.Sleeper sleeper,
                                  Optional<CoverageSnapshots> snapshots) {
        this.directory = directory;
        this.clock = clock;
        this.sleeper = sleeper;
        this.snapshots = snapshots;
    }

    public AccountDirectory directory() {
        return directory;
    }

    /** The configured account with this id or alias; {@link io.github.mfaenroll.iam.UnknownAccount} otherwise. */
    public Account account(String idOrAlias) {
        return directory.find(idOrAlias);
    }

    /** The account's report cache (it throws {@link ComplianceProblem} when the report cannot be fetched). */
    public ComplianceService of(Account account) {
        return services.computeIfAbsent(account.id(), id -> new ComplianceService(directory.iam(id), clock, sleeper,
                report -> snapshots.ifPresent(kept -> kept.recordToday(id, report))));
    }

    /** The account's report, or why there is none (unreachable, or IAM would not hand the report out). */
    public AccountStanding standing(Account account) {
        Reachability reachability = directory.reachability(account.id());
        if (!reachability.reachable()) {
            return AccountStanding.unreachable(account, reachability);
        }
        try {
            return AccountStanding.of(account, of(account).current());
        } catch (ComplianceProblem problem) {
            // The service logged it with its reference; the page shows the row with the reference.
            return AccountStanding.failed(account, problem);
        }
    }

    /** Every configured account's standing, in the directory's order. */
    public List<AccountStanding> standings() {
        return directory.accounts().stream().map(this::standing).toList();
    }

    /**
     * Reads the report of each reachable account that has no snapshot for today yet, so the chart has a point for
     * every day even when nobody opened the compliance view. Most of these reads are served from the cache; at most
     * one credential report per account per day is asked of IAM for the chart's sake. Returns how many accounts got
     * today's snapshot.
     */
    public int takeMissingSnapshots() {
        if (snapshots.isEmpty()) {
            return 0;
        }
        CoverageSnapshots kept = snapshots.get();
        int taken = 0;
        for (Account account : directory.accounts()) {
            if (kept.hasToday(account.id())) {
                continue;
            }
            AccountStanding standing = standing(account);
            if (standing.reported()) {
                // A report served from the cache tells no listener: keep today's figures from it here.
                kept.recordToday(account.id(), standing.report());
                taken++;
            } else {
                log.warn("No coverage snapshot for account {} today: {}", account.id(), standing.reason());
            }
        }
        return taken;
    }

    /** The coverage chart of one account, the last {@link CoverageChart#DAYS} days; empty without snapshots kept. */
    public CoverageChart chart(Account account) {
        if (snapshots.isEmpty()) {
            return CoverageChart.of(List.of(), CoverageChart.todayOf(clock));
        }
        CoverageSnapshots kept = snapshots.get();
        return CoverageChart.of(kept.between(account.id(), CoverageChart.firstDay(kept.today()), kept.today()),
                kept.today());
    }

    /**
     * The organization's chart: each day's figures summed over the accounts with a snapshot that day (so a day one
     * account missed is not drawn as a drop to its share of zero).
     */
    public CoverageChart organizationChart() {
        if (snapshots.isEmpty()) {
            return CoverageChart.of(List.of(), CoverageChart.todayOf(clock));
        }
        CoverageSnapshots kept = snapshots.get();
        List<AccountId> configured = directory.accounts().stream().map(Account::id).toList();
        List<CoverageSnapshot> ours = kept.between(CoverageChart.firstDay(kept.today()), kept.today()).stream()
                .filter(s -> configured.contains(s.account())).toList();
        return CoverageChart.summed(ours, kept.today());
    }
}
