package io.github.mfaenroll.iam;

import java.time.Instant;

/** A virtual MFA device from {@code ListVirtualMFADevices}; {@code userName} is null while unassigned. */
public record VirtualMfaDevice(String serialNumber, String userName, Instant enableDate) {

    public boolean assigned() {
        return userName != null;
    }
}
