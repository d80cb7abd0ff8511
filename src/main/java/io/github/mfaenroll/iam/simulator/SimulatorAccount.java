package io.github.mfaenroll.iam.simulator;

import io.github.mfaenroll.iam.simulator.IamSimulator.SeedUser;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One account of an {@link IamSimulator}, for seeding, inspection and fault injection in demo mode and tests:
 * {@code simulator.account("234567890123").addUser("erin", true, Map.of())}. The simulator's own methods of the same
 * names act on its management account. Every method reads and keeps the account's file when the simulator has one.
 */
public final class SimulatorAccount {

    private final IamSimulator simulator;
    private final SimulatedOrganization organization;
    private final SimulatedOrganization.Member member;

    SimulatorAccount(IamSimulator simulator, SimulatedOrganization organization, SimulatedOrganization.Member member) {
        this.simulator = simulator;
        this.organization = organization;
        this.member = member;
    }

    /** The 12-digit account id. */
    public String id() {
        return member.id();
    }

    // ---- seeding ------------------------------------------------------------------------------------------

    /** Adds a user at path "/"; with a console password (a login profile) or without. */
    public SimulatorAccount addUser(String userName, boolean consolePassword, Map<String, String> tags) {
        simulator.onAccount(() -> member.account.addUser(userName, consolePassword, tags));
        return this;
    }

    /** Sets one tag of an existing user, as an administrator's TagUser would. */
    public SimulatorAccount tagUser(String userName, String key, String value) {
        simulator.onAccount(() -> member.account.tagUser(userName, key, value));
        return this;
    }

    /** Adds many users under one lock and one write of the file; see {@link IamSimulator#addUsers}. */
    public SimulatorAccount addUsers(List<SeedUser> users) {
        simulator.onAccount(() -> {
            for (SeedUser user : users) {
                member.account.addUser(user.userName(), user.consolePassword(), user.tags());
                if (user.deviceName() != null) {
                    member.account.addAssignedDevice(user.userName(), user.deviceName());
                }
            }
        });
        return this;
    }

    /** A virtual MFA device bound to the user outside the app; returns its serial (an ARN). */
    public String addAssignedVirtualDevice(String userName, String deviceName) {
        return simulator.onAccount(() -> member.account.addAssignedDevice(userName, deviceName));
    }

    /** A hardware TOTP token {@code EnableMFADevice} accepts in this account; see {@link IamSimulator}. */
    public void registerHardwareToken(String serialNumber, String base32Seed) {
        simulator.onAccount(() -> member.account.registerHardwareToken(serialNumber, base32Seed));
    }

    /** Sets the IAM account alias ({@code ListAccountAliases}); null removes it. */
    public SimulatorAccount setAccountAlias(String alias) {
        simulator.onAccount(() -> member.account.setAlias(alias));
        return this;
    }

    /** Whether the root user has MFA, as the credential report's {@code <root_account>} row will say. */
    public void setRootMfaActive(boolean active) {
        simulator.onAccount(() -> member.account.setRootMfaActive(active));
    }

    /** The account's name in the organization ({@code ListAccounts}' Name); by default its alias or its id. */
    public SimulatorAccount setOrganizationName(String name) {
        simulator.onAccount(() -> organization.setName(member, name));
        return this;
    }

    /** Its status in the organization: {@code ACTIVE} (default), {@code SUSPENDED} or {@code PENDING_CLOSURE}. */
    public SimulatorAccount setOrganizationStatus(String status) {
        simulator.onAccount(() -> organization.setStatus(member, status));
        return this;
    }

    /**
     * Whether {@code sts:AssumeRole} into this account's member role is refused with {@code AccessDenied}, as when
     * the role is missing or its trust policy names someone else.
     */
    public SimulatorAccount denyAssumeRole(boolean denied) {
        simulator.onAccount(() -> organization.setAssumeRoleDenied(member, denied));
        return this;
    }

    // ---- inspection ---------------------------------------------------------------------------------------

    /** Serials of the MFA devices bound to the user (empty for an unknown user). */
    public List<String> assignedSerials(String userName) {
        return simulator.onAccount(() -> member.account.assignedSerials(userName));
    }

    /** The user the virtual device is bound to; empty if unassigned or unknown. */
    public Optional<String> deviceOwner(String serialNumber) {
        return simulator.onAccount(() -> member.account.deviceOwner(serialNumber));
    }

    public boolean virtualDeviceExists(String serialNumber) {
        return simulator.onAccount(() -> member.account.virtualDeviceExists(serialNumber));
    }

    public Set<String> virtualDeviceSerials() {
        return simulator.onAccount(member.account::virtualDeviceSerials);
    }

    /** The device's base32 seed, for tests that play the authenticator app. A secret: never log it. */
    public Optional<String> seedOf(String serialNumber) {
        return simulator.onAccount(() -> member.account.seedOf(serialNumber));
    }

    /** How many requests of this action (IAM, STS or Organizations) reached this account, errors included. */
    public int requestCount(String action) {
        return simulator.requestCount(id(), action);
    }
}
