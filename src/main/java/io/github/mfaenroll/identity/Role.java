package io.github.mfaenroll.identity;

/** What a session may do. An employee acts only on the IAM user bound to the session. */
public enum Role {
    EMPLOYEE,
    HELPDESK,
    ADMIN
}
