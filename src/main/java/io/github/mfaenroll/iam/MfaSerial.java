package io.github.mfaenroll.iam;

import java.util.Locale;
import java.util.Optional;

/**
 * An MFA device's serial number as IAM writes it: a virtual device is {@code arn:PARTITION:iam::ACCOUNT:mfa/NAME}, a
 * security key {@code arn:…:u2f/…}, a hardware TOTP token a plain serial ({@code GAHT12345678}). The one place that
 * reads or builds one.
 */
public record MfaSerial(String value) {

    /** The most MFA devices IAM lets one user (and the root user) have. */
    public static final int MAX_DEVICES_PER_USER = 8;

    /** What kind of device the serial denotes. */
    public enum Type { VIRTUAL, SECURITY_KEY, HARDWARE_TOTP }

    public MfaSerial {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("empty serial number");
        }
    }

    /** The serial IAM gives the virtual device {@code deviceName} in the user's account and partition. */
    public static MfaSerial ofVirtualDevice(IamUser user, String deviceName) {
        String arn = user.arn();
        int userPart = arn.indexOf(":user/");
        if (userPart < 0) {
            throw new IllegalStateException("Unexpected IAM user ARN: " + arn);
        }
        // Taken from the user's ARN, so the China and GovCloud partitions work unchanged.
        return new MfaSerial(arn.substring(0, userPart) + ":mfa/" + deviceName);
    }

    /**
     * Whether {@code serial} looks like an ARN in any letter case. IAM compares ARNs case-insensitively in places, so
     * a guard that only knows {@code arn:} would let {@code ARN:aws:…} through.
     */
    public static boolean isArn(String serial) {
        return serial != null && serial.toLowerCase(Locale.ROOT).startsWith("arn:");
    }

    public Type type() {
        if (isArn(value) && value.contains(":mfa/")) {
            return Type.VIRTUAL;
        }
        if (isArn(value) && value.contains(":u2f/")) {
            return Type.SECURITY_KEY;
        }
        return Type.HARDWARE_TOTP;
    }

    /** The device name of a virtual device ({@code NAME} of {@code …:mfa/NAME}); the serial itself otherwise. */
    public String deviceName() {
        return value.substring(value.lastIndexOf('/') + 1);
    }

    /** The account id in an ARN serial; empty for a hardware token's plain serial. */
    public Optional<String> accountId() {
        String[] parts = value.split(":");
        return isArn(value) && parts.length > 4 && !parts[4].isEmpty() ? Optional.of(parts[4]) : Optional.empty();
    }

    @Override
    public String toString() {
        return value;
    }
}
