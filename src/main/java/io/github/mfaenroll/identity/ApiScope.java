package io.github.mfaenroll.identity;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What an API token may do: a closed set, each scope with the name it has on the wire (command line, the route table,
 * {@code WWW-Authenticate}). Stored by wire name: only add, never rename.
 */
public enum ApiScope {
    /** Issue onboarding links (and mail them). */
    LINKS_WRITE("links:write"),
    /** Read a user's MFA state and devices. */
    USERS_READ("users:read"),
    /** Read the compliance report. */
    COMPLIANCE_READ("compliance:read"),
    /** Reset a user's MFA device (a ticketing integration). */
    DEVICES_WRITE("devices:write");

    private final String wireName;

    ApiScope(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** The scope with this wire name; empty for any other text (no case folding: scopes are spelled one way). */
    public static Optional<ApiScope> fromWireName(String wireName) {
        return Arrays.stream(values()).filter(s -> s.wireName.equals(wireName)).findFirst();
    }

    /** Every wire name, comma-separated, for messages that list the choices. */
    public static String allWireNames() {
        return Arrays.stream(values()).map(ApiScope::wireName).collect(Collectors.joining(", "));
    }
}
