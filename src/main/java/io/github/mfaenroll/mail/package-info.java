/**
 * Email: {@link io.github.mfaenroll.mail.MailSender} speaks SMTP through Jakarta Mail (or only logs when no SMTP
 * server is configured), and {@link io.github.mfaenroll.mail.Notifications} renders and sends the onboarding
 * invitation and the device bound/removed notices. Mail is a side channel: a failure is logged and audited, never
 * thrown at the enrollment. No mail ever holds a seed, code or QR code.
 */
package io.github.mfaenroll.mail;
