package io.github.mfaenroll.enrollment;

import io.github.mfaenroll.iam.MfaSerial;
import io.github.mfaenroll.iam.IamFailure;
import io.github.mfaenroll.iam.IamGateway;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The issuer authenticator apps show next to the account: {@code MFA_ISSUER} if set, else "AWS" plus the
 * account alias, else "AWS" plus the account id (taken from the device's ARN). The alias is looked up once.
 */
public final class IssuerName {

    private final String configured;
    private final IamGateway iam;
    private final AtomicReference<Optional<String>> alias = new AtomicReference<>();

    public IssuerName(String configured, IamGateway iam) {
        this.configured = configured;
        this.iam = iam;
    }

    public String forDevice(String serialNumber) {
        if (configured != null) {
            return configured;
        }
        return "AWS " + accountAlias().orElseGet(() -> new MfaSerial(serialNumber).accountId().orElse("account"));
    }

    private Optional<String> accountAlias() {
        Optional<String> known = alias.get();
        if (known != null) {
            return known;
        }
        try {
            Optional<String> looked = iam.accountAlias();
            alias.set(looked);
            return looked;
        } catch (IamFailure e) {
            return Optional.empty(); // not cached: the next enrollment tries again
        }
    }
}
