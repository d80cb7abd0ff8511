package io.github.mfaenroll.iam;

import java.time.Instant;

/** An MFA device assigned to a user, as {@code ListMFADevices} reports it. */
public record MfaDevice(String serialNumber, Instant enableDate) {

    /** What kind of device the serial denotes: virtual ({@code :mfa/}), security key ({@code :u2f/}) or hardware. */
    public Type type() {
        if (serialNumber.startsWith("arn:") && serialNumber.contains(":mfa/")) {
            return Type.VIRTUAL;
        }
        if (serialNumber.startsWith("arn:") && serialNumber.contains(":u2f/")) {
            return Type.SECURITY_KEY;
        }
        return Type.HARDWARE_TOTP;
    }

    public enum Type { VIRTUAL, SECURITY_KEY, HARDWARE_TOTP }
}
