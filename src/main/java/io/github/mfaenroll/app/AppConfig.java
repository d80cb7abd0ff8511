package io.github.mfaenroll.app;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * Every setting, read once from environment variables (each one is in the README's table). Tests build it from
 * a map. Invalid values fail at start-up with a message that names the variable.
 *
 * @param baseUrl public URL of the app, used to build links; never taken from a request's Host header
 */
public record AppConfig(
        int port,
        String bindAddress,
        URI baseUrl,
        Path dataDir,
        String databaseUrl,
        String databaseUser,
        String databasePassword,
        URI iamEndpoint,
        String iamRegion,
        String secretKey,
        String issuer,
        Duration linkTtl,
        Duration enrollmentTtl,
        Duration sweepInterval,
        int totpWindowSteps,
        Duration sessionIdleTimeout,
        Duration sessionAbsoluteTimeout) {

    public static AppConfig from(Map<String, String> env) {
        int port = integer(env, "MFA_PORT", 8080);
        String baseUrl = env.getOrDefault("MFA_BASE_URL", "http://localhost:" + port);
        return new AppConfig(
                port,
                env.getOrDefault("MFA_BIND_ADDRESS", "127.0.0.1"),
                uri("MFA_BASE_URL", baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl),
                Path.of(env.getOrDefault("MFA_DATA_DIR", "./data")),
                blankToNull(env.get("MFA_DATABASE_URL")),
                blankToNull(env.get("MFA_DATABASE_USER")),
                blankToNull(env.get("MFA_DATABASE_PASSWORD")),
                env.containsKey("MFA_IAM_ENDPOINT") ? uri("MFA_IAM_ENDPOINT", env.get("MFA_IAM_ENDPOINT")) : null,
                env.getOrDefault("MFA_IAM_REGION", "aws-global"),
                blankToNull(env.get("MFA_SECRET_KEY")),
                blankToNull(env.get("MFA_ISSUER")),
                duration(env, "MFA_LINK_TTL", Duration.ofHours(72)),
                duration(env, "MFA_ENROLLMENT_TTL", Duration.ofMinutes(15)),
                duration(env, "MFA_SWEEP_INTERVAL", Duration.ofMinutes(1)),
                integer(env, "MFA_TOTP_WINDOW_STEPS", 1),
                duration(env, "MFA_SESSION_IDLE_TIMEOUT", Duration.ofMinutes(30)),
                duration(env, "MFA_SESSION_ABSOLUTE_TIMEOUT", Duration.ofHours(8)));
    }

    /** A copy with another port (the CLI's {@code --port}, or 0 in tests) and the base URL that goes with it. */
    public AppConfig withPort(int newPort, URI newBaseUrl) {
        return new AppConfig(newPort, bindAddress, newBaseUrl, dataDir, databaseUrl, databaseUser, databasePassword,
                iamEndpoint, iamRegion, secretKey, issuer, linkTtl, enrollmentTtl, sweepInterval, totpWindowSteps,
                sessionIdleTimeout, sessionAbsoluteTimeout);
    }

    @Override
    public String toString() {
        // Never print the key or the database password.
        return "AppConfig[port=" + port + ", baseUrl=" + baseUrl + ", dataDir=" + dataDir + ", database="
                + (databaseUrl == null ? "embedded" : "external") + ", iamEndpoint=" + iamEndpoint + "]";
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static int integer(Map<String, String> env, String name, int defaultValue) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, got '" + value + "'");
        }
    }

    private static Duration duration(Map<String, String> env, String name, Duration defaultValue) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            return Duration.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " must be an ISO-8601 duration such as PT15M or PT72H, got '"
                    + value + "'");
        }
    }

    private static URI uri(String name, String value) {
        try {
            URI uri = URI.create(value.trim());
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new IllegalArgumentException();
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + " must be an absolute http(s) URL, got '" + value + "'");
        }
    }
}
