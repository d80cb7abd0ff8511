package io.github.mfaenroll.store;

/**
 * A database written before rows named their AWS account cannot be upgraded without the app's own account id, and
 * whoever opened it had no way to ask AWS for it ({@code helpdesk add} never calls AWS). Nothing was changed.
 */
public final class UpgradeNeedsOwnAccount extends RuntimeException {

    public UpgradeNeedsOwnAccount() {
        super("This database holds rows from before accounts were recorded; the app's own AWS account id is needed "
                + "to upgrade it");
    }
}
