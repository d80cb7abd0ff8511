package io.github.mfaenroll.api;

import io.github.mfaenroll.helpdesk.StaffMember;
import io.github.mfaenroll.identity.ApiCaller;
import io.github.mfaenroll.identity.Role;

/**
 * A token as the staff member the helpdesk services act for: principal {@code api:NAME}, always the helpdesk role
 * (never administrator, so users only administrators may touch stay out of reach of every token), and no IAM user of
 * its own.
 */
final class TokenStaff {

    private TokenStaff() {
    }

    static StaffMember of(ApiCaller caller) {
        return new StaffMember(caller.actor(), Role.HELPDESK, null);
    }
}
