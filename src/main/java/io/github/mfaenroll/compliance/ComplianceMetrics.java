package io.github.mfaenroll.compliance;

import io.github.mfaenroll.iam.Account;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.ToDoubleFunction;

/**
 * Each account's compliance on {@code /metrics}, labelled {@code account} (the id): users with a console password,
 * how many of them have MFA, and whether the root user has MFA (1 or 0). Read from the report the app last fetched,
 * never by asking IAM on a scrape; NaN until the account's report has been read (and when the root user is not in it).
 */
public final class ComplianceMetrics {

    private ComplianceMetrics() {
    }

    /** Registers the gauges of every configured account. */
    public static void register(MeterRegistry registry, OrganizationCompliance compliance) {
        for (Account account : compliance.directory().accounts()) {
            gauge(registry, compliance, account, "mfa.compliance.users.with.console.password",
                    "IAM users with a console password (the CIS control applies to them), from the last credential report",
                    report -> report.counts().withConsolePassword());
            gauge(registry, compliance, account, "mfa.compliance.users.with.console.password.and.mfa",
                    "Of the IAM users with a console password, those with MFA, from the last credential report",
                    report -> report.counts().withConsolePasswordAndMfa());
            gauge(registry, compliance, account, "mfa.compliance.root.mfa",
                    "1 when the root user has MFA (CIS 1.5/1.6), 0 when not, from the last credential report",
                    report -> switch (report.rootMfa()) {
                        case ACTIVE -> 1;
                        case NOT_ACTIVE -> 0;
                        case NOT_IN_REPORT -> Double.NaN;
                    });
        }
    }

    private static void gauge(MeterRegistry registry, OrganizationCompliance compliance, Account account, String name,
                              String description, ToDoubleFunction<ComplianceReport> value) {
        Gauge.builder(name, compliance, c -> c.of(account).cached().map(value::applyAsDouble).orElse(Double.NaN))
                .description(description).tag("account", account.id().value()).register(registry);
    }
}
