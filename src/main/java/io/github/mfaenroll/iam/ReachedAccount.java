package io.github.mfaenroll.iam;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * One account as {@link AwsAccountDirectory} reaches it: its two gateways (staff and employees), built the first time
 * they are asked for, and the last verdict on whether it can be reached, with the IAM account alias read by the same
 * check. Thread-safe; the check runs at most once per {@code verdictKept}, however many pages ask.
 */
final class ReachedAccount implements AutoCloseable {

    private final Supplier<AwsIamGateway> staffGateway;
    private final Supplier<AwsIamGateway> employeeGateway;
    private final AutoCloseable credentials;
    private final Clock clock;
    private final Duration verdictKept;

    /** Guards the gateways apart from the verdict, so a slow check never holds up a gateway call. */
    private final Object gateways = new Object();
    private AwsIamGateway staff;
    private AwsIamGateway employees;
    private Reachability verdict;
    private Instant checkedAt;
    /** The IAM alias as last read: empty when the account has none; null before IAM answered once. */
    private Optional<String> alias;

    /**
     * @param credentials what to close with the gateways (the member's assumed-role credentials); null for none
     */
    ReachedAccount(Supplier<AwsIamGateway> staffGateway, Supplier<AwsIamGateway> employeeGateway,
                   AutoCloseable credentials, Clock clock, Duration verdictKept) {
        this.staffGateway = staffGateway;
        this.employeeGateway = employeeGateway;
        this.credentials = credentials;
        this.clock = clock;
        this.verdictKept = verdictKept;
    }

    IamGateway staff() {
        synchronized (gateways) {
            if (staff == null) {
                staff = staffGateway.get();
            }
            return staff;
        }
    }

    IamGateway employees() {
        synchronized (gateways) {
            if (employees == null) {
                employees = employeeGateway.get();
            }
            return employees;
        }
    }

    /** The verdict of the last minute, or a new one: credentials obtained and IAM answered ListAccountAliases. */
    synchronized Reachability reachability() {
        Instant now = clock.instant();
        if (verdict != null && now.isBefore(checkedAt.plus(verdictKept))) {
            return verdict;
        }
        try {
            alias = staff().accountAlias();
            verdict = Reachability.REACHABLE;
        } catch (IamFailure e) {
            verdict = Reachability.unreachable(reasonOf(e));
        } catch (RuntimeException e) {
            // Never out of a page about every account: whatever went wrong is this account's verdict.
            verdict = Reachability.unreachable(e.toString());
        }
        checkedAt = now;
        return verdict;
    }

    /**
     * The IAM account alias: read once (by a reachability check) and then kept; empty when the account has none or
     * could not be reached (then read again after the verdict expires).
     */
    synchronized Optional<String> alias() {
        if (alias == null) {
            reachability();
        }
        return alias == null ? Optional.empty() : alias;
    }

    /** AWS's code and message when AWS answered; else what the app knows (the kind of failure). */
    static String reasonOf(IamFailure e) {
        if (e.reason() != null) {
            return e.reason();
        }
        if (e.getCause() instanceof AwsServiceException aws && aws.awsErrorDetails() != null) {
            String message = aws.awsErrorDetails().errorMessage();
            return aws.awsErrorDetails().errorCode() + (message == null ? "" : ": " + message);
        }
        return switch (e.kind()) {
            case CREDENTIALS -> "no usable AWS credentials";
            case UNREACHABLE -> "AWS did not answer in time";
            default -> e.getMessage();
        };
    }

    @Override
    public void close() {
        synchronized (gateways) {
            if (staff != null) {
                staff.close();
            }
            if (employees != null) {
                employees.close();
            }
        }
        if (credentials != null) {
            try {
                credentials.close();
            } catch (Exception e) {
                // Closing only releases caches; nothing to recover.
            }
        }
    }
}
