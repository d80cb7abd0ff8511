package io.github.mfaenroll.enforcement;

import io.github.mfaenroll.iam.AccountDirectory;
import io.github.mfaenroll.iam.AccountUser;
import io.github.mfaenroll.iam.IamFailure;
import io.github.mfaenroll.mail.Notifications;
import io.github.mfaenroll.store.Lease;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reminder job: from {@code daysBefore} days before a user's enroll-by date until that day (UTC calendar days),
 * one mail a day while IAM lists no MFA device for them. A user found with MFA gets no more reminders. Runs on one
 * instance at a time (its own database lease, so a long sweep and a reminder run never wait for each other); each
 * mail is claimed in the database before it is sent, so no user gets two on one day even if runs overlap.
 */
public record Reminders(DeadlineStore store, AccountDirectory accounts, Notifications notifications, Lease lease, Clock clock,
                        int daysBefore) {

    private static final Duration LEASE = Duration.ofSeconds(60);
    private static final Logger log = LoggerFactory.getLogger(Reminders.class);

    /** Sends the reminders due now and returns how many; empty when another instance holds the lease. */
    public Optional<Integer> sendDue() {
        Optional<String> holder = lease.tryAcquire(LEASE);
        if (holder.isEmpty()) {
            return Optional.empty();
        }
        try {
            LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
            Instant startOfToday = today.atStartOfDay(ZoneOffset.UTC).toInstant();
            int sent = 0;
            for (Deadline deadline : store.dueForReminder(today, today.plusDays(daysBefore), startOfToday)) {
                if (remind(deadline, startOfToday)) {
                    sent++;
                }
            }
            return Optional.of(sent);
        } finally {
            lease.release(holder.get());
        }
    }

    private boolean remind(Deadline deadline, Instant startOfToday) {
        AccountUser user = deadline.iamUser();
        try {
            if (!accounts.iam(user.account()).listMfaDevices(user.name()).isEmpty()) {
                store.markMfaSeen(user);
                return false;
            }
        } catch (IamFailure e) {
            // Without IAM's answer nobody is reminded: a mail to someone who has MFA is worse than one a run later.
            log.warn("Reminder for user {} postponed: ListMFADevices failed ({})", user, e.kind());
            return false;
        }
        if (!store.claimReminder(user, startOfToday)) {
            return false;
        }
        // Never throws; a failed mail is audited as MAIL_FAILED where the helpdesk sees it, and tomorrow's run tries
        // again (today's reminder is spent: at most one a day).
        return notifications.sendReminder(user, deadline.enrollBy());
    }
}
