package io.github.mfaenroll.iam;

import java.time.Instant;

/** An MFA device assigned to a user, as {@code ListMFADevices} reports it. */
public record MfaDevice(String serialNumber, Instant enableDate) {

    /** What kind of device the serial denotes: virtual ({@code :mfa/}), security key ({@code :u2f/}) or hardware. */
    public MfaSerial.Type type() {
        return new MfaSerial(serialNumber).type();
    }
}
