package io.github.mfaenroll.mail;

import io.github.mfaenroll.audit.AuditAction;
import io.github.mfaenroll.audit.AuditEntry.Outcome;
import io.github.mfaenroll.audit.AuditLog;
import io.github.mfaenroll.audit.References;
import io.github.mfaenroll.iam.AccountDirectory;
import io.github.mfaenroll.iam.AccountUser;
import io.github.mfaenroll.iam.IamFailure;
import io.github.mfaenroll.text.Messages;
import io.github.mfaenroll.text.PebbleRenderer;
import jakarta.mail.internet.InternetAddress;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mails the app sends: the onboarding invitation, the notice that a device was bound (NIST SP 800-63B
 * asks for one through an independent channel), the notice that a device was removed, and the notice that an
 * administrator removed the user's console password, the enroll-by reminder, and the notice that the user was locked
 * out after too many wrong codes. Each has a text and an
 * HTML part rendered from {@code templates/mail/}, with every sentence from the message bundle.
 *
 * <p>Mail is a side channel: these methods never throw. A missing or malformed address, an IAM error while reading
 * the {@code email} tag, or an SMTP failure returns false, is logged as a warning (masked address, no body, no link)
 * and lands in the audit trail as {@link AuditAction#MAIL_FAILED}, where the helpdesk sees it. Every attempt is
 * audited with the IAM user as subject. True means an SMTP server accepted the mail; in log-only mode (no SMTP
 * configured) the methods return false, because nobody will read it.
 */
public final class Notifications {

    /** The mails, with their template prefix ({@code templates/mail/NAME-text.peb}) and how the audit names them. */
    private enum Kind {
        INVITATION("invitation", "invitation"),
        DEVICE_BOUND("device-bound", "device-bound notice"),
        DEVICE_REMOVED("device-removed", "device-removed notice"),
        CONSOLE_PASSWORD_REMOVED("console-password-removed", "console-password-removed notice"),
        REMINDER("reminder", "enroll-by reminder"),
        LOCKED_OUT("locked-out", "locked-out notice");

        final String template;
        final String label;

        Kind(String template, String label) {
            this.template = template;
            this.label = label;
        }

        String subjectKey() {
            return "mail." + template.replace('-', '_') + ".subject";
        }
    }

    private static final Logger log = LoggerFactory.getLogger(Notifications.class);
    private static final String SYSTEM = "system";
    private static final int MAX_AUDIT_DETAIL = 900;

    private final MailSender sender;
    private final PebbleRenderer renderer;
    private final AccountDirectory accounts;
    private final AuditLog audit;
    private final String emailTagKey;
    private final String helpdeskContact;
    private final Locale locale;

    /**
     * @param helpdeskContact who to contact, named in the mails; null for "your IT helpdesk" in the mail's language
     * @param locale          the language of every mail, except a device-bound notice the owner triggered themselves
     *                        ({@link #sendDeviceBound(String, String, Instant, Locale)})
     */
    public Notifications(MailSender sender, PebbleRenderer renderer, AccountDirectory accounts, AuditLog audit, String emailTagKey,
                         String helpdeskContact, Locale locale) {
        this.sender = Objects.requireNonNull(sender, "sender");
        this.renderer = Objects.requireNonNull(renderer, "renderer");
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.emailTagKey = Objects.requireNonNull(emailTagKey, "emailTagKey");
        this.helpdeskContact = helpdeskContact == null || helpdeskContact.isBlank() ? null : helpdeskContact;
        this.locale = Objects.requireNonNull(locale, "locale");
    }

    /** Whether mail is only logged (no SMTP server configured): then nobody receives what is "sent". */
    public boolean logOnly() {
        return sender.logOnly();
    }

    /**
     * What became of a mail: {@code received} is true when an SMTP server accepted it (false in log-only mode);
     * {@code uncertain} when it was not confirmed but may have been accepted (the body went out, the answer never came);
     * {@code tagAddress} is the address read from the user's email tag for it, or null (an explicit address, no
     * usable tag, or the tags could not be read). For an invitation, the caller may remember that address for the link,
     * so the device-bound notice of the enrollment it starts need not read the tags again.
     */
    public record Delivery(boolean received, String tagAddress, boolean uncertain) {

        /** A mail that was accepted, or that certainly was not. */
        public Delivery(boolean received, String tagAddress) {
            this(received, tagAddress, false);
        }

        @Override
        public String toString() {
            return "Delivery[received=" + received + ", uncertain=" + uncertain + "]";
        }
    }

    /**
     * Where a user's email tag stands: the one rule for where their mail goes, for the mails themselves and for whoever
     * decides beforehand whether mailing the tag can work.
     */
    public enum TagStanding {
        /** No email tag, or a blank one. */
        NONE,
        /** A value that is not one valid address (a list, a bare name, a typo): nothing is sent to it. */
        INVALID,
        /** One valid address: mail to the tag goes there. */
        USABLE
    }

    /** The standing of the email tag in {@code tags} (a user's IAM tags; null counts as none). */
    public TagStanding tagStanding(Map<String, String> tags) {
        return tagAddress(tags).standing();
    }

    /** The key of the tag that holds a user's address ({@code MFA_EMAIL_TAG}), for messages that name it. */
    public String emailTagKey() {
        return emailTagKey;
    }

    /** Whether {@code address} is one syntactically valid mailbox: the test every explicit address must pass. */
    public static boolean isOneValidAddress(String address) {
        return Addresses.parse(address).isPresent();
    }

    /**
     * The onboarding invitation: who sent it, the AWS user, the link (once, until {@code expiresAt}) and what to have
     * ready. The link is in the mail only: never in the log or the audit trail.
     *
     * @param explicitEmail the address to use, or null for the user's email tag
     * @param knownTags     the user's tags if the caller has just read them (then none are read here), else null
     */
    public Delivery sendInvitation(AccountUser iamUser, String explicitEmail, Map<String, String> knownTags, URI link,
                                   Instant expiresAt, String issuedBy) {
        Map<String, Object> model = new HashMap<>();
        model.put("link", String.valueOf(link));
        model.put("expiresAt", orUnknown(expiresAt, locale));
        model.put("issuedBy", orUnknown(issuedBy, locale));
        return deliver(Kind.INVITATION, iamUser, explicitEmail, knownTags, actor(issuedBy), model, locale);
    }

    /** "A new MFA device was added to AWS user X at T; if this wasn't you, contact the helpdesk now." */
    public boolean sendDeviceBound(AccountUser iamUser, String serialNumber, Instant when) {
        return sendDeviceBound(iamUser, serialNumber, when, locale, null);
    }

    /**
     * The same notice in {@code language}: the language of the pages on which the owner just bound the device
     * themselves (null: the configured mail language). {@code knownTagAddress} is the address of the user's email
     * tag as the owner's session already knew it (null: read the tags now).
     */
    public boolean sendDeviceBound(AccountUser iamUser, String serialNumber, Instant when, Locale language,
                                   String knownTagAddress) {
        Locale mailLocale = language == null ? locale : language;
        Map<String, Object> model = new HashMap<>();
        model.put("serialNumber", orUnknown(serialNumber, mailLocale));
        model.put("occurredAt", orUnknown(when, mailLocale));
        Map<String, String> knownTags = knownTagAddress == null ? null : Map.of(emailTagKey, knownTagAddress);
        return deliver(Kind.DEVICE_BOUND, iamUser, null, knownTags, SYSTEM, model, mailLocale).received();
    }

    /** The notice that a device was removed: by whom, why, when, and whom to contact if that is unexpected. */
    public boolean sendDeviceRemoved(AccountUser iamUser, String serialNumber, String removedBy, String reason,
                                     Instant when) {
        Map<String, Object> model = new HashMap<>();
        model.put("serialNumber", orUnknown(serialNumber, locale));
        model.put("removedBy", orUnknown(removedBy, locale));
        model.put("reason", reason == null ? "" : reason.strip());
        model.put("occurredAt", orUnknown(when, locale));
        return deliver(Kind.DEVICE_REMOVED, iamUser, null, null, actor(removedBy), model, locale).received();
    }

    /** The notice that an administrator removed the user's console password: by whom, why, when. */
    public boolean sendConsolePasswordRemoved(AccountUser iamUser, String removedBy, String reason, Instant when) {
        Map<String, Object> model = new HashMap<>();
        model.put("removedBy", orUnknown(removedBy, locale));
        model.put("reason", reason == null ? "" : reason.strip());
        model.put("occurredAt", orUnknown(when, locale));
        return deliver(Kind.CONSOLE_PASSWORD_REMOVED, iamUser, null, null, actor(removedBy), model, locale).received();
    }

    /**
     * The reminder before an enroll-by deadline: the user, the date, and how to start (the welcome email's link, or a
     * new one from the helpdesk). It carries no link of its own.
     */
    public boolean sendReminder(AccountUser iamUser, LocalDate enrollBy) {
        Map<String, Object> model = new HashMap<>();
        model.put("enrollBy", enrollBy == null ? Messages.text(locale, "mail.unknown")
                : DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(locale).format(enrollBy));
        return deliver(Kind.REMINDER, iamUser, null, null, SYSTEM, model, locale).received();
    }

    /**
     * The notice that the user was locked out of MFA setup after too many wrong codes: when, until when, that it may
     * mean someone else is trying, and whom to contact. Never a code, link or token.
     */
    public boolean sendLockedOut(AccountUser iamUser, Instant lockedAt, Instant lockedUntil) {
        Map<String, Object> model = new HashMap<>();
        model.put("occurredAt", orUnknown(lockedAt, locale));
        model.put("lockedUntil", orUnknown(lockedUntil, locale));
        return deliver(Kind.LOCKED_OUT, iamUser, null, null, SYSTEM, model, locale).received();
    }

    /**
     * Finds the recipient (see {@link #recipientOf}), renders and sends one mail, and audits the outcome. The result
     * carries the tag's address whenever the tag was read and held one, even when sending failed.
     */
    private Delivery deliver(Kind kind, AccountUser iamUser, String explicitEmail, Map<String, String> knownTags,
                             String actor, Map<String, Object> model, Locale mailLocale) {
        String label = kind.label;
        String tagAddress = null;
        try {
            Recipient recipient = recipientOf(iamUser, explicitEmail, knownTags);
            tagAddress = recipient.fromTag() ? recipient.address().map(InternetAddress::getAddress).orElse(null) : null;
            if (recipient.address().isEmpty()) {
                String reference = References.next();
                log.warn("Mail {} for user {} not sent: no usable email address ({}) [{}]", label, iamUser,
                        recipient.problem(), reference);
                record(actor, iamUser, AuditAction.MAIL_FAILED, Outcome.FAILURE,
                        label + " not sent: no usable email address (" + recipient.problem() + ")", reference);
                return new Delivery(false, null);
            }
            String to = recipient.address().get().getAddress();
            String masked = Addresses.mask(to);
            OutgoingMail mail = render(kind, iamUser, to, model, mailLocale);
            try {
                sender.send(mail);
            } catch (MailFailure e) {
                String reference = References.next();
                // The failure's message never holds the body or the link; no stack trace, it is an operational event.
                log.warn("Mail {} for user {} failed: {} [{}]", label, iamUser, e.getMessage(), reference);
                record(actor, iamUser, AuditAction.MAIL_FAILED, Outcome.FAILURE,
                        label + " to " + masked + " failed: " + e.getMessage(), reference);
                return new Delivery(false, tagAddress, e.uncertain());
            }
            record(actor, iamUser, AuditAction.MAIL_SENT, Outcome.SUCCESS,
                    label + " to " + masked + (sender.logOnly() ? " (log-only, SMTP not configured)" : ""), null);
            // In log-only mode nobody receives it: callers then show a link to staff instead of claiming it was mailed.
            return new Delivery(!sender.logOnly(), tagAddress);
        } catch (RuntimeException e) {
            // A bug (template, bundle) must not break the enrollment that triggered the mail. The exception is
            // logged by class only: a rendering error could quote the model, and the model holds the link.
            String reference = References.next();
            log.error("Mail {} for user {} could not be prepared: {} [{}]", label, iamUser,
                    e.getClass().getName(), reference);
            record(actor, iamUser, AuditAction.MAIL_FAILED, Outcome.FAILURE,
                    label + " not sent: internal error", reference);
            return new Delivery(false, tagAddress);
        }
    }

    /**
     * Where a mail goes, or why it cannot go anywhere (a short phrase for the audit trail, never the address), and
     * whether the address is the user's email tag.
     */
    private record Recipient(Optional<InternetAddress> address, String problem, boolean fromTag) {
        static Recipient of(Optional<InternetAddress> address, String problemIfEmpty, boolean fromTag) {
            return new Recipient(address, address.isPresent() ? null : problemIfEmpty, fromTag);
        }
    }

    /**
     * The explicit address if one was given (a bad one is not replaced by the tag), else the user's email tag: from
     * {@code knownTags} when the caller already has the tags, else read from IAM now.
     */
    private Recipient recipientOf(AccountUser iamUser, String explicitEmail, Map<String, String> knownTags) {
        if (explicitEmail != null && !explicitEmail.isBlank()) {
            return Recipient.of(Addresses.parse(explicitEmail), "the address given is not valid", false);
        }
        Map<String, String> tags = knownTags;
        if (tags == null) {
            try {
                tags = accounts.iam(iamUser.account()).listUserTags(iamUser.name());
            } catch (IamFailure e) {
                return Recipient.of(Optional.empty(), "reading the user's tags failed: " + e.getMessage(), false);
            }
        }
        TagAddress tag = tagAddress(tags);
        return switch (tag.standing()) {
            case NONE -> Recipient.of(Optional.empty(), "the user has no " + emailTagKey + " tag", false);
            case INVALID -> Recipient.of(Optional.empty(), "the " + emailTagKey + " tag is not one valid address",
                    true);
            case USABLE -> Recipient.of(tag.address(), null, true);
        };
    }

    /** The email tag's standing, with its address when usable. */
    private record TagAddress(TagStanding standing, Optional<InternetAddress> address) {
    }

    private TagAddress tagAddress(Map<String, String> tags) {
        String tag = tags == null ? null : tags.get(emailTagKey);
        if (tag == null || tag.isBlank()) {
            return new TagAddress(TagStanding.NONE, Optional.empty());
        }
        Optional<InternetAddress> address = Addresses.parse(tag);
        return new TagAddress(address.isPresent() ? TagStanding.USABLE : TagStanding.INVALID, address);
    }

    private OutgoingMail render(Kind kind, AccountUser iamUser, String to, Map<String, Object> model, Locale mailLocale) {
        Map<String, Object> full = new HashMap<>(model);
        full.put("iamUser", iamUser.name());
        full.put("helpdeskContact", helpdeskContact != null ? helpdeskContact
                : Messages.text(mailLocale, "mail.helpdesk_contact"));
        full.put("lang", mailLocale.getLanguage().isEmpty() ? "en" : mailLocale.toLanguageTag());
        String subject = Messages.text(mailLocale, kind.subjectKey(), iamUser.name());
        full.put("subject", subject);
        return new OutgoingMail(to, subject,
                renderer.render("mail/" + kind.template + "-text", full, mailLocale),
                renderer.render("mail/" + kind.template + "-html", full, mailLocale));
    }

    /** Audits without ever throwing: a full or unreachable database must not turn a sent mail into an error. */
    private void record(String actor, AccountUser iamUser, AuditAction action, Outcome outcome, String detail,
                        String reference) {
        try {
            String bounded = detail.length() > MAX_AUDIT_DETAIL ? detail.substring(0, MAX_AUDIT_DETAIL) + "…" : detail;
            audit.recordOnUser(truncate(actor, 200), iamUser, action, outcome, bounded, reference);
        } catch (RuntimeException e) {
            log.error("Audit entry {} for user {} could not be written: {}", action, iamUser, e.getMessage());
        }
    }

    private static String actor(String name) {
        return name == null || name.isBlank() ? SYSTEM : name.strip();
    }

    private static String orUnknown(String value, Locale mailLocale) {
        return value == null || value.isBlank() ? Messages.text(mailLocale, "mail.unknown") : value.strip();
    }

    /** An instant for the {@code when} filter, or the "not recorded" text (which the filter passes through). */
    private static Object orUnknown(Instant value, Locale mailLocale) {
        return value == null ? Messages.text(mailLocale, "mail.unknown") : value;
    }

    private static String truncate(String value, int max) {
        return value.length() > max ? value.substring(0, max) : value;
    }
}
