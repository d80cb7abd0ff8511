package io.github.mfaenroll.app;

import io.github.mfaenroll.iam.IamUser;
import io.github.mfaenroll.onboarding.OnboardingLinks.IssuedLink;
import java.util.Comparator;
import java.util.List;

/** Demo mode's welcome emails: one onboarding link per demo user who has no MFA device yet. */
final class DemoLinks {

    private DemoLinks() {
    }

    static List<IssuedLink> issueForUsersWithoutMfa(Components components) {
        return components.iam().listUsers().stream()
                .map(IamUser::userName)
                .sorted(Comparator.naturalOrder())
                .filter(user -> components.iam().listMfaDevices(user).isEmpty())
                .map(user -> components.links().issue(user, null, "demo"))
                .toList();
    }
}
