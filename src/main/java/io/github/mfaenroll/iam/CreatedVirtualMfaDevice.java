package io.github.mfaenroll.iam;

/**
 * The result of {@code CreateVirtualMFADevice}: the serial (an ARN) and the seed as base32 text.
 * The seed is a secret: never log it, never put it in {@link #toString()}.
 */
public record CreatedVirtualMfaDevice(String serialNumber, String base32Seed) {

    @Override
    public String toString() {
        return "CreatedVirtualMfaDevice[serialNumber=" + serialNumber + ", base32Seed=<redacted>]";
    }
}
