package io.github.mfaenroll.iam;

import java.util.Map;

/**
 * An IAM user with its tags, as {@code GetUser} returns them in one call ({@code ListUsers} leaves tags out, so only
 * {@link IamGateway#getUserWithTags} makes one of these).
 */
public record TaggedUser(IamUser user, Map<String, String> tags) {

    public TaggedUser {
        tags = Map.copyOf(tags);
    }

    public String userName() {
        return user.userName();
    }
}
