/**
 * RFC 6238 time-based one-time passwords: the secret and its key URI, the local check of two consecutive codes
 * with a precise verdict for each mistake, and QR rendering with ZXing.
 */
package io.github.mfaenroll.totp;
