package io.github.mfaenroll.mail;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.util.Optional;

/** Parsing and masking of email addresses, shared by the sender and the notifications. */
final class Addresses {

    private Addresses() {
    }

    /**
     * The address if it is one syntactically valid mailbox ({@code user@domain}, strict RFC 822 rules), else
     * empty. A display name is tolerated and dropped; lists, groups and bare local parts are refused, because a
     * tag value like {@code a@x.com, b@y.com} must not turn one notice into two.
     */
    static Optional<InternetAddress> parse(String address) {
        if (address == null || address.isBlank()) {
            return Optional.empty();
        }
        try {
            InternetAddress parsed = new InternetAddress(address.trim(), true);
            parsed.validate();
            if (parsed.isGroup() || parsed.getAddress().indexOf('@') < 1) {
                return Optional.empty();
            }
            return Optional.of(new InternetAddress(parsed.getAddress(), true));
        } catch (AddressException e) {
            return Optional.empty();
        }
    }

    /**
     * {@code alice@example.com} becomes {@code a***@example.com}: enough for a helpdesk agent to recognise the
     * mailbox in the audit trail and the log, without spreading full addresses through them.
     */
    static String mask(String address) {
        if (address == null) {
            return "(none)";
        }
        int at = address.lastIndexOf('@');
        if (at < 1) {
            return "***";
        }
        return address.charAt(0) + "***" + address.substring(at);
    }
}
