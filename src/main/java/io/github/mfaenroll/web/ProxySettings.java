package io.github.mfaenroll.web;

/**
 * Whether proxies of ours stand in front of the app, and how many: only then is {@code X-Forwarded-For} read, and
 * only the entry {@code trustedHops} from its right ({@link ForwardedFor}).
 *
 * @param trusted MFA_TRUST_PROXY: a TLS-terminating proxy or load balancer sets {@code X-Forwarded-For}
 * @param trustedHops MFA_TRUSTED_PROXY_HOPS: how many proxies append to it, the outermost one first (1 to 10)
 */
public record ProxySettings(boolean trusted, int trustedHops) {

    public ProxySettings {
        if (trustedHops < 1 || trustedHops > 10) {
            throw new IllegalArgumentException("MFA_TRUSTED_PROXY_HOPS must be from 1 to 10, got " + trustedHops);
        }
    }
}
