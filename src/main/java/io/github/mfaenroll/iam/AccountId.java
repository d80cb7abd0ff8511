package io.github.mfaenroll.iam;

import java.util.Objects;
import java.util.regex.Pattern;

/** A 12-digit AWS account id: half of every IAM user's identity in this app (see {@link AccountUser}). */
public record AccountId(String value) implements Comparable<AccountId> {

    private static final Pattern TWELVE_DIGITS = Pattern.compile("\\d{12}");

    public AccountId {
        Objects.requireNonNull(value, "value");
        if (!TWELVE_DIGITS.matcher(value).matches()) {
            throw new IllegalArgumentException("An AWS account id is 12 digits");
        }
    }

    /** Whether {@code text} is shaped like an account id (so it is not an alias). */
    public static boolean isAccountId(String text) {
        return text != null && TWELVE_DIGITS.matcher(text).matches();
    }

    @Override
    public int compareTo(AccountId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
