package io.github.mfaenroll.iam.simulator;

import io.github.mfaenroll.iam.simulator.Callers.Caller;
import io.github.mfaenroll.iam.simulator.QueryRequest.Constraint;
import io.github.mfaenroll.iam.simulator.QueryResponses.Xml;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The two STS actions the app uses, on the Query protocol with {@code Version=2011-06-15}: {@code GetCallerIdentity}
 * and {@code AssumeRole} into a member account's role. Shapes and errors follow the STS API reference, so the SDK's
 * {@code StsClient} and its {@code StsAssumeRoleCredentialsProvider} run against it unchanged.
 */
final class StsActions {

    static final String VERSION = "2011-06-15";
    static final Set<String> ACTIONS = Set.of("AssumeRole", "GetCallerIdentity");

    private static final Constraint ROLE_ARN = Constraint.of(20, 2048, "[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u0085\\u00A0-\\uD7FF\\uE000-\\uFFFD]+");
    private static final Constraint ROLE_SESSION_NAME = Constraint.of(2, 64, "[\\w+=,.@-]*");
    private static final Constraint EXTERNAL_ID = Constraint.of(2, 1224, "[\\w+=,.@:/-]*");
    private static final Pattern ROLE = Pattern.compile("arn:aws[a-z-]*:iam::(\\d{12}):role/(?:.*/)?([\\w+=,.@-]+)");
    private static final Duration DEFAULT_DURATION = Duration.ofHours(1);

    private final SimulatedOrganization organization;
    private final Callers callers;
    /**
     * The wall clock, not the simulator's: the SDK decides when to renew credentials by comparing their expiry with
     * the real time, so an expiry from a frozen test clock would look long past (or far away) to it.
     */
    private final Clock wallClock;

    StsActions(SimulatedOrganization organization, Callers callers, Clock wallClock) {
        this.organization = organization;
        this.callers = callers;
        this.wallClock = Objects.requireNonNull(wallClock, "wallClock");
    }

    Xml handle(String action, QueryRequest request, Caller caller) {
        return switch (action) {
            case "GetCallerIdentity" -> new Xml()
                    .text("Arn", caller.arn())
                    .text("UserId", caller.userId())
                    .text("Account", caller.accountId());
            case "AssumeRole" -> assumeRole(request, caller);
            default -> throw new IllegalArgumentException("Not an STS action: " + action);
        };
    }

    /**
     * Granted when the account is in the organization, its role has the configured name, the caller gave the
     * external id the trust policy asks for (any when it asks for none), and no test denied it; otherwise
     * {@code AccessDenied} worded as STS words it (which does not say which condition failed).
     */
    private Xml assumeRole(QueryRequest request, Caller caller) {
        String roleArn = request.required("RoleArn", ROLE_ARN);
        String sessionName = request.required("RoleSessionName", ROLE_SESSION_NAME);
        String externalId = request.optional("ExternalId", EXTERNAL_ID).orElse(null);
        Duration duration = duration(request);
        Matcher role = ROLE.matcher(roleArn);
        if (!role.matches()) {
            throw IamError.validation("1 validation error detected: Value '" + roleArn
                    + "' at 'roleArn' failed to satisfy constraint: Member must be a role ARN");
        }

        String accountId = role.group(1);
        String roleName = role.group(2);
        SimulatedOrganization.Member member = organization.find(accountId).orElse(null);
        String required = organization.externalId();
        boolean granted = member != null && !organization.assumeRoleDenied(member)
                && roleName.equals(organization.roleName())
                && (required == null || required.equals(externalId));
        if (!granted) {
            throw new IamError(403, "AccessDenied", "User: " + caller.arn()
                    + " is not authorized to perform: sts:AssumeRole on resource: " + roleArn);
        }

        String roleId = "AROA" + callers.randomText(17);
        String assumedArn = "arn:aws:sts::" + accountId + ":assumed-role/" + roleName + "/" + sessionName;
        String accessKeyId = callers.issueKey(new Caller(accountId, assumedArn, roleId + ":" + sessionName));
        Instant expiration = wallClock.instant().plus(duration);
        return new Xml()
                .open("AssumedRoleUser")
                .text("AssumedRoleId", roleId + ":" + sessionName)
                .text("Arn", assumedArn)
                .close("AssumedRoleUser")
                .open("Credentials")
                .text("AccessKeyId", accessKeyId)
                .text("SecretAccessKey", callers.randomText(40))
                .text("SessionToken", Base64.getEncoder().encodeToString(callers.randomText(96).getBytes(
                        java.nio.charset.StandardCharsets.US_ASCII)))
                .text("Expiration", QueryResponses.timestamp(expiration))
                .close("Credentials")
                .text("PackedPolicySize", "0");
    }

    /** DurationSeconds: 900 to 43,200, default one hour (STS API reference, AssumeRole). */
    private static Duration duration(QueryRequest request) {
        String text = request.raw("DurationSeconds").orElse(null);
        if (text == null) {
            return DEFAULT_DURATION;
        }
        int seconds;
        try {
            seconds = Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw IamError.validation("1 validation error detected: Value '" + text
                    + "' at 'durationSeconds' failed to satisfy constraint: Member must be an integer");
        }
        if (seconds < 900 || seconds > 43_200) {
            throw IamError.validation("1 validation error detected: Value '" + seconds + "' at 'durationSeconds' "
                    + "failed to satisfy constraint: Member must have value between 900 and 43200");
        }
        return Duration.ofSeconds(seconds);
    }
}
