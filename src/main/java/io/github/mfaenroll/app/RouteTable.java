package io.github.mfaenroll.app;

import io.github.mfaenroll.compliance.ComplianceController;
import io.github.mfaenroll.enrollment.EnrollmentController;
import io.github.mfaenroll.helpdesk.BulkInvitationController;
import io.github.mfaenroll.helpdesk.HelpdeskController;
import io.github.mfaenroll.helpdesk.UserController;
import io.github.mfaenroll.identity.ApiScope;
import io.github.mfaenroll.oidc.OidcController;
import io.github.mfaenroll.onboarding.OnboardingController;
import io.github.mfaenroll.staff.HelpdeskSignInController;
import io.github.mfaenroll.web.Access;
import io.github.mfaenroll.web.HttpProblem;
import io.github.mfaenroll.web.Paths;
import io.github.mfaenroll.web.Route;
import io.github.mfaenroll.web.SignOutController;
import io.github.mfaenroll.web.Templates;
import io.github.mfaenroll.web.WebContext;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every route, with who may call it, in one table: the security filters enforce each route's {@link Access}, and the
 * authorization-matrix test reads this same table, so a new route cannot be left out of it.
 */
public final class RouteTable {

    private RouteTable() {
    }

    public static List<Route> of(Components components) {
        OnboardingController onboarding = components.onboardingController();
        SignOutController signOut = components.signOutController();
        EnrollmentController enroll = components.enrollmentController();
        // Without an identity provider configured the OIDC routes stay in the table and answer 404.
        Optional<OidcController> oidc = components.oidcController();
        Handler notFound = ctx -> {
            throw new HttpProblem(404, "error.not_found");
        };
        HelpdeskSignInController helpdeskSignIn = components.helpdeskSignInController();
        HelpdeskController helpdesk = components.helpdeskController();
        ComplianceController compliance = components.complianceController();
        UserController users = components.userController();
        BulkInvitationController bulk = components.bulkInvitationController();
        return List.of(
                Route.get(Paths.HEALTHZ, Access.ANYONE, ctx -> ctx.result("ok")),
                Route.get(Paths.READYZ, Access.ANYONE, ctx -> readyz(ctx, components.readiness().check())),
                Route.get(Paths.METRICS, Access.ANYONE, ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                        .result(components.metrics().scrape())),
                Route.get(Paths.API_OPENAPI, Access.ANYONE, components.openApiController()::document),
                Route.get(Paths.HOME, Access.ANYONE, ctx -> home(ctx, oidc.isPresent())),
                Route.get(Paths.ONBOARD_LINK, Access.ANYONE, onboarding::landing),
                Route.post(Paths.ONBOARD_CLAIM, Access.ANYONE, onboarding::claim),
                Route.get(Paths.OIDC_SIGN_IN, Access.ANYONE, oidc.<Handler>map(c -> c::begin).orElse(notFound)),
                Route.get(Paths.OIDC_CALLBACK, Access.ANYONE, oidc.<Handler>map(c -> c::callback).orElse(notFound)),
                Route.get(Paths.OIDC_SECOND_FACTOR, Access.ANYONE,
                        oidc.<Handler>map(c -> c::secondFactorPage).orElse(notFound)),
                Route.post(Paths.OIDC_SECOND_FACTOR, Access.ANYONE,
                        oidc.<Handler>map(c -> c::secondFactor).orElse(notFound)),
                Route.get(Paths.OIDC_SETUP_LINK, Access.ANYONE, oidc.<Handler>map(c -> c::setupPage).orElse(notFound)),
                Route.post(Paths.OIDC_SETUP, Access.ANYONE, oidc.<Handler>map(c -> c::setup).orElse(notFound)),
                Route.post(Paths.SIGN_OUT, Access.ANYONE, signOut::signOut),
                Route.get(Paths.SIGNED_OUT, Access.ANYONE, signOut::signedOut),
                Route.post(Paths.LANGUAGE, Access.ANYONE, components.languageController()::switchLanguage),
                Route.get(Paths.ENROLL, Access.EMPLOYEE, enroll::startPage),
                Route.post(Paths.ENROLL_START, Access.EMPLOYEE, enroll::start),
                Route.post(Paths.ENROLL_ACCOUNT, Access.EMPLOYEE, enroll::switchAccount),
                Route.get(Paths.ENROLL_SCAN, Access.EMPLOYEE, enroll::scanPage),
                Route.get(Paths.ENROLL_VERIFY, Access.EMPLOYEE, enroll::verifyPage),
                Route.post(Paths.ENROLL_VERIFY, Access.EMPLOYEE, enroll::verify),
                Route.get(Paths.ENROLL_DONE, Access.EMPLOYEE, enroll::donePage),
                Route.get(Paths.ENROLL_CANCEL, Access.EMPLOYEE, enroll::cancelPage),
                Route.post(Paths.ENROLL_CANCEL, Access.EMPLOYEE, enroll::cancel),
                Route.get(Paths.SIGN_IN, Access.ANYONE, helpdeskSignIn::passwordPage),
                Route.post(Paths.SIGN_IN, Access.ANYONE, helpdeskSignIn::password),
                Route.get(Paths.SIGN_IN_CODE, Access.ANYONE, helpdeskSignIn::codePage),
                Route.post(Paths.SIGN_IN_CODE, Access.ANYONE, helpdeskSignIn::code),
                Route.get(Paths.SIGN_IN_SETUP_LINK, Access.ANYONE, helpdeskSignIn::setupPage),
                Route.post(Paths.SIGN_IN_SETUP, Access.ANYONE, helpdeskSignIn::setup),
                Route.get(Paths.HELPDESK, Access.HELPDESK, helpdesk::home),
                Route.get(Paths.HELPDESK_COMPLIANCE, Access.HELPDESK, compliance::redirectToOwnAccount),
                Route.get(Paths.HELPDESK_COMPLIANCE_CSV, Access.HELPDESK, compliance::redirectToOwnAccount),
                Route.get(Paths.HELPDESK_COMPLIANCE_JSON, Access.HELPDESK, compliance::redirectToOwnAccount),
                Route.post(Paths.HELPDESK_COMPLIANCE_REFRESH, Access.HELPDESK, compliance::refreshOwnAccount),
                Route.get(Paths.HELPDESK_ORGANIZATION, Access.HELPDESK, components.organizationController()::page),
                Route.get(Paths.HELPDESK_ACCOUNT_COMPLIANCE, Access.HELPDESK, compliance::page),
                Route.get(Paths.HELPDESK_ACCOUNT_COMPLIANCE_CSV, Access.HELPDESK, compliance::csv),
                Route.get(Paths.HELPDESK_ACCOUNT_COMPLIANCE_JSON, Access.HELPDESK, compliance::json),
                Route.post(Paths.HELPDESK_ACCOUNT_COMPLIANCE_REFRESH, Access.HELPDESK, compliance::refresh),
                Route.get(Paths.HELPDESK_LOOKUP, Access.HELPDESK, users::lookup),
                Route.get(Paths.HELPDESK_USER, Access.HELPDESK, users::page),
                Route.get(Paths.HELPDESK_USER_BEFORE_ACCOUNTS, Access.HELPDESK, users::ownAccountPage),
                Route.get(Paths.HELPDESK_USER_LIVE_BEFORE_ACCOUNTS, Access.HELPDESK, users::ownAccountPage),
                Route.post(Paths.HELPDESK_USER_LINKS, Access.HELPDESK, users::issueLink),
                Route.post(Paths.HELPDESK_USER_LINK_RESEND, Access.HELPDESK, users::resendLink),
                Route.post(Paths.HELPDESK_USER_LINK_REVOKE, Access.HELPDESK, users::revokeLink),
                Route.post(Paths.HELPDESK_USER_DEVICE_RESET, Access.HELPDESK, users::resetDevice),
                Route.post(Paths.HELPDESK_USER_HARDWARE_TOKEN, Access.HELPDESK, users::assignHardwareToken),
                Route.post(Paths.HELPDESK_USER_CONSOLE_PASSWORD, Access.ADMIN, users::removeConsolePassword),
                Route.get(Paths.HELPDESK_BULK, Access.HELPDESK, bulk::page),
                Route.post(Paths.HELPDESK_BULK, Access.HELPDESK, bulk::start),
                Route.get(Paths.HELPDESK_BULK_JOB, Access.HELPDESK, bulk::job),
                Route.get(Paths.ENROLL_RESYNC, Access.EMPLOYEE, components.resyncController()::page),
                Route.post(Paths.ENROLL_RESYNC, Access.EMPLOYEE, components.resyncController()::resync),
                Route.get(Paths.HELPDESK_USER_LIVE, Access.HELPDESK, components.walkthroughController()::page),
                Route.get(Paths.HELPDESK_USER_PROGRESS, Access.HELPDESK, components.walkthroughController()::json),
                Route.get(Paths.HELPDESK_ENFORCEMENT, Access.HELPDESK, components.enforcementController()::page),
                Route.post(Paths.HELPDESK_DEADLINES, Access.HELPDESK, components.enforcementController()::saveDeadline),
                Route.post(Paths.HELPDESK_DEADLINES_EVERYONE, Access.HELPDESK,
                        components.enforcementController()::saveDeadlineForEveryone),
                Route.post(Paths.HELPDESK_USER_LOCKOUT_LIFT, Access.HELPDESK, users::liftLockout),
                Route.get(Paths.HELPDESK_LOCKOUTS, Access.HELPDESK, components.lockoutController()::page),
                Route.post(Paths.HELPDESK_ADDRESS_LIMIT_LIFT, Access.HELPDESK,
                        components.lockoutController()::liftAddress),
                Route.get(Paths.HELPDESK_TOKENS, Access.ADMIN, components.apiTokensController()::page),
                Route.post(Paths.HELPDESK_TOKENS, Access.ADMIN, components.apiTokensController()::create),
                Route.post(Paths.HELPDESK_TOKENS_REVOKE, Access.ADMIN, components.apiTokensController()::revoke),
                Route.api(HandlerType.GET, Paths.API_USER, ApiScope.USERS_READ,
                        components.apiUsersController()::user),
                Route.api(HandlerType.GET, Paths.API_COMPLIANCE, ApiScope.COMPLIANCE_READ,
                        components.apiComplianceController()::compliance),
                Route.api(HandlerType.POST, Paths.API_LINKS, ApiScope.LINKS_WRITE,
                        components.apiLinksController()::issue),
                Route.api(HandlerType.DELETE, Paths.API_USER_DEVICE, ApiScope.DEVICES_WRITE,
                        components.apiDevicesController()::reset));
    }

    /**
     * 200 when this instance can serve; 503 naming what is down (no details beyond that). One line per dependency;
     * the {@code oidc} line comes last and only with company sign-in on, so scripts reading the first two still work.
     */
    private static void readyz(Context ctx, Readiness.Report report) {
        String oidc = switch (report.provider()) {
            case OFF -> "";
            case UP -> "\noidc ok";
            case DOWN -> "\noidc down";
        };
        ctx.status(report.ready() ? 200 : 503)
                .result("database " + (report.database() ? "ok" : "down") + "\niam " + (report.iam() ? "ok" : "down")
                        + oidc);
    }

    private static void home(Context ctx, boolean oidcEnabled) {
        if (WebContext.session(ctx) != null && WebContext.session(ctx).user() != null) {
            ctx.redirect(Paths.ENROLL, HttpStatus.SEE_OTHER);
            return;
        }
        ctx.render(Templates.HOME, WebContext.model(ctx, Map.of("oidcEnabled", oidcEnabled)));
    }
}
