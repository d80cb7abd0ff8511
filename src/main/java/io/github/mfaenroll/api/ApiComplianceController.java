package io.github.mfaenroll.api;

import io.github.mfaenroll.compliance.AccountStanding;
import io.github.mfaenroll.compliance.ComplianceFilter;
import io.github.mfaenroll.compliance.ComplianceJson;
import io.github.mfaenroll.compliance.OrganizationCompliance;
import io.github.mfaenroll.iam.Account;
import io.github.mfaenroll.iam.UnknownAccount;
import io.javalin.http.Context;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code GET /api/v1/compliance[?account=ID_OR_ALIAS][&show=all|noncompliant|mfa|nopassword]}: the same JSON as
 * {@code report --json} (a section per account with its one-account report, and the organization's totals), from the
 * same cached credential reports the console shows. An account that cannot be reached is a section with AWS's
 * reason, as in the report; the others are still there.
 */
public record ApiComplianceController(OrganizationCompliance compliance) {

    public void compliance(Context ctx) {
        String show = ctx.queryParam("show") == null ? ComplianceFilter.Show.ALL.param() : ctx.queryParam("show");
        if (!ComplianceFilter.Show.fromParam(show).param().equals(show)) {
            throw new ApiRequestRefused(ApiRequestRefused.Kind.BAD_REQUEST, "show must be one of all, noncompliant, "
                    + "mfa, nopassword.");
        }
        List<AccountStanding> standings = accountsInScope(ctx.queryParam("account")).stream()
                .map(compliance::standing).toList();
        ctx.contentType("application/json");
        // Written as produced, never the whole answer in memory beside the reports (50,000 users: 10 MB).
        try {
            Writer out = new BufferedWriter(new OutputStreamWriter(ctx.outputStream(), StandardCharsets.UTF_8),
                    1 << 16);
            ComplianceJson.writeAccounts(standings, ComplianceFilter.of(show, null), out);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<Account> accountsInScope(String account) {
        if (account == null || account.isBlank()) {
            return compliance.directory().accounts();
        }
        try {
            return List.of(compliance.directory().find(account.strip()));
        } catch (UnknownAccount e) {
            throw new ApiRequestRefused(ApiRequestRefused.Kind.UNKNOWN_ACCOUNT, "The account parameter names none of "
                    + "the accounts this app serves (give an account id or alias).");
        }
    }
}
