package io.github.mfaenroll.enrollment;

import io.github.mfaenroll.iam.MfaDevice;
import java.util.List;
import java.util.Optional;

/** The start page's facts: the user's devices now, whether one more fits, and any enrollment in progress. */
public record Overview(String iamUser, List<MfaDevice> devices, int deviceLimit, Optional<Enrollment> active) {

    public boolean canAddDevice() {
        return devices.size() < deviceLimit;
    }
}
