package io.github.mfaenroll.iam.simulator;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The simulated AWS organization: the management account (the one the simulator was built for, reached with the
 * static local key) and its member accounts, each a {@link SimulatedAccount} with its own IAM, plus what AWS
 * Organizations and STS know about them: the account's name and status in the organization, and the member role
 * the app assumes (one name in every account, as a StackSet deploys it, with an optional external id).
 *
 * <p>Every method takes this object's monitor; each account keeps its own for its IAM state.
 */
final class SimulatedOrganization {

    /** The role name the app assumes by default ({@code MFA_MEMBER_ROLE}). */
    static final String DEFAULT_ROLE_NAME = "mfa-enroll";

    /** One account and what Organizations and STS say about it. */
    static final class Member {
        final SimulatedAccount account;
        final QueryActions actions;
        private String organizationName;
        private String status = "ACTIVE";
        private boolean assumeRoleDenied;

        Member(SimulatedAccount account, String organizationName) {
            this.account = account;
            this.actions = new QueryActions(account);
            this.organizationName = organizationName;
        }

        String id() {
            return account.accountId();
        }
    }

    /** One account as kept in a file. */
    record MemberState(SimulatedAccount.State iam, String organizationName, String status, boolean assumeRoleDenied) {
    }

    /** The organization as kept in a file: the management account first. */
    record State(String roleName, String externalId, List<MemberState> accounts) {
    }

    private final Clock clock;
    private final Map<String, Member> members = new LinkedHashMap<>();
    private final String managementId;
    private String roleName = DEFAULT_ROLE_NAME;
    private String externalId;
    /** Changes to what only this object holds; each account counts its own. */
    private long changes;

    SimulatedOrganization(Clock clock, String managementId) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.managementId = managementId;
        members.put(managementId, new Member(new SimulatedAccount(clock, managementId), null));
    }

    synchronized Member management() {
        return members.get(managementId);
    }

    synchronized Member add(String accountId, String organizationName) {
        if (members.containsKey(accountId)) {
            throw new IllegalArgumentException("The organization has account " + accountId + " already");
        }
        Member member = new Member(new SimulatedAccount(clock, accountId), organizationName);
        members.put(accountId, member);
        changes++;
        return member;
    }

    synchronized Optional<Member> find(String accountId) {
        return Optional.ofNullable(members.get(accountId));
    }

    synchronized Member get(String accountId) {
        return find(accountId).orElseThrow(() -> new IllegalArgumentException(
                "The simulated organization has no account " + accountId));
    }

    /** Every account, ordered by id (as ListAccounts pages through them). */
    synchronized List<Member> members() {
        return members.values().stream().sorted(Comparator.comparing(Member::id)).toList();
    }

    synchronized String name(Member member) {
        if (member.organizationName != null) {
            return member.organizationName;
        }
        return member.account.alias().orElse("Account " + member.id());
    }

    synchronized void setName(Member member, String name) {
        member.organizationName = name;
        changes++;
    }

    synchronized String status(Member member) {
        return member.status;
    }

    synchronized void setStatus(Member member, String status) {
        if (!Set.of("ACTIVE", "SUSPENDED", "PENDING_CLOSURE").contains(status)) {
            throw new IllegalArgumentException("An account's status is ACTIVE, SUSPENDED or PENDING_CLOSURE");
        }
        member.status = status;
        changes++;
    }

    synchronized void setAssumeRoleDenied(Member member, boolean denied) {
        member.assumeRoleDenied = denied;
        changes++;
    }

    synchronized boolean assumeRoleDenied(Member member) {
        return member.assumeRoleDenied;
    }

    synchronized String roleName() {
        return roleName;
    }

    /** The external id the role's trust policy requires; null when it requires none. */
    synchronized String externalId() {
        return externalId;
    }

    synchronized void setMemberRole(String newRoleName, String newExternalId) {
        roleName = Objects.requireNonNull(newRoleName, "roleName");
        externalId = newExternalId;
        changes++;
    }

    synchronized long changes() {
        long sum = changes;
        for (Member member : members.values()) {
            sum += member.account.changes();
        }
        return sum;
    }

    synchronized State state() {
        List<MemberState> accounts = new ArrayList<>();
        accounts.add(stateOf(management()));
        members().stream().filter(m -> !m.id().equals(managementId)).forEach(m -> accounts.add(stateOf(m)));
        return new State(roleName, externalId, accounts);
    }

    private static MemberState stateOf(Member member) {
        return new MemberState(member.account.state(), member.organizationName, member.status,
                member.assumeRoleDenied);
    }

    /** Replaces everything with {@code state}, whose first account must be this organization's management one. */
    synchronized void restore(State state) {
        if (state.accounts() == null || state.accounts().isEmpty()
                || !managementId.equals(state.accounts().get(0).iam().accountId())) {
            throw new IllegalArgumentException("The kept organization is not managed by account " + managementId);
        }
        roleName = state.roleName() == null ? DEFAULT_ROLE_NAME : state.roleName();
        externalId = state.externalId();
        // Accounts this process knows keep their objects (handles to them stay valid); others come and go.
        Set<String> keptIds = new HashSet<>();
        state.accounts().forEach(account -> keptIds.add(account.iam().accountId()));
        members.keySet().retainAll(keptIds);
        for (MemberState kept : state.accounts()) {
            String id = kept.iam().accountId();
            Member member = members.containsKey(id) ? members.get(id)
                    : new Member(new SimulatedAccount(clock, id), kept.organizationName());
            member.account.restore(kept.iam());
            member.organizationName = kept.organizationName();
            member.status = kept.status() == null ? "ACTIVE" : kept.status();
            member.assumeRoleDenied = kept.assumeRoleDenied();
            members.put(id, member);
        }
        changes++;
    }
}
