package io.github.mfaenroll.mail;

/**
 * Outgoing mail. {@code host == null} means log-only mode: messages are logged (without links or secrets),
 * not sent. {@code security}: {@code none}, {@code starttls} (required) or {@code tls} (implicit, port 465).
 */
public record SmtpSettings(String host, int port, String security, String user, String password, String from) {
    public boolean enabled() {
        return host != null;
    }

    @Override
    public String toString() {
        return "SmtpSettings[host=" + host + ", port=" + port + ", security=" + security + ", from=" + from + "]";
    }
}
