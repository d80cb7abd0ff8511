package io.github.mfaenroll.web;

import io.javalin.security.RouteRole;

/** Who may call a route. Every route declares exactly one; {@link SecurityFilters} enforces it before the handler. */
public enum Access implements RouteRole {
    /** No session needed (landing pages, health, static files). */
    ANYONE,
    /** A session bound to an IAM user (an employee enrolling their own device). */
    EMPLOYEE,
    /** Helpdesk staff or administrators. */
    HELPDESK,
    /** Administrators only. */
    ADMIN,
    /**
     * An API client with a bearer token holding the route's scope ({@link Route#scope()}); never a session cookie.
     * Only routes under {@link Paths#API} have it.
     */
    API
}
