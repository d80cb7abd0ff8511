package io.github.mfaenroll.enrollment;

import io.github.mfaenroll.iam.MfaDevice;
import java.util.List;
import java.util.Optional;

/**
 * The start page's facts: the user's devices now, whether one more fits, whether this session may add one to a
 * user who already has MFA, and any enrollment in progress.
 */
public record Overview(String iamUser, List<MfaDevice> devices, int deviceLimit, boolean mayAddToExistingMfa,
                       Optional<Enrollment> active) {

    public boolean atDeviceLimit() {
        return devices.size() >= deviceLimit;
    }

    /** Already protected, and this session has not proved it holds a device: adding one needs the helpdesk. */
    public boolean needsHelpdeskToAdd() {
        return !devices.isEmpty() && !mayAddToExistingMfa;
    }

    public boolean canAddDevice() {
        return !atDeviceLimit() && !needsHelpdeskToAdd();
    }
}
