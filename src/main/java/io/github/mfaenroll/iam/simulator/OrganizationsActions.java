package io.github.mfaenroll.iam.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.mfaenroll.iam.simulator.Callers.Caller;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * AWS Organizations' {@code ListAccounts} on the JSON 1.1 protocol ({@code POST /}, the action in
 * {@code X-Amz-Target: AWSOrganizationsV20161128.ListAccounts}, JSON in and out, errors as
 * {@code {"__type": …, "Message": …}}), answered for the management account only, as AWS answers it.
 */
final class OrganizationsActions {

    static final String TARGET_PREFIX = "AWSOrganizationsV20161128.";
    static final String CONTENT_TYPE = "application/x-amz-json-1.1";
    /** The organization's id in account ARNs (any {@code o-} and 10 to 32 characters would do). */
    static final String ORGANIZATION_ID = "o-simulated0";
    /** ListAccounts' MaxResults: 1 to 20 (Organizations API reference). */
    private static final int MAX_RESULTS = 20;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SimulatedOrganization organization;

    OrganizationsActions(SimulatedOrganization organization) {
        this.organization = organization;
    }

    /** The action named by an {@code X-Amz-Target} header, or null when it is not one of Organizations'. */
    static String actionOf(String target) {
        return target != null && target.startsWith(TARGET_PREFIX) ? target.substring(TARGET_PREFIX.length()) : null;
    }

    /** The answer's JSON body; an {@link IamError} carries a refusal (written as Organizations' error JSON). */
    String handle(String action, byte[] body, Caller caller) {
        if (!"ListAccounts".equals(action)) {
            throw new IamError(400, "UnknownOperationException", "The operation is not supported.");
        }
        if (!caller.accountId().equals(organization.management().id())) {
            throw new IamError(400, "AccessDeniedException", "You don't have permissions to access this resource.");
        }
        JsonNode request = parse(body);
        int maxResults = request.path("MaxResults").asInt(MAX_RESULTS);
        if (maxResults < 1 || maxResults > MAX_RESULTS) {
            throw new IamError(400, "InvalidInputException", "You provided a value that does not match the required "
                    + "pattern: MaxResults must be from 1 to " + MAX_RESULTS + ".");
        }
        String after = request.hasNonNull("NextToken") ? tokenToId(request.get("NextToken").asText()) : null;

        List<SimulatedOrganization.Member> rest = organization.members().stream()
                .filter(member -> after == null || member.id().compareTo(after) > 0).toList();
        List<SimulatedOrganization.Member> page = rest.subList(0, Math.min(maxResults, rest.size()));
        ObjectNode answer = JSON.createObjectNode();
        ArrayNode accounts = answer.putArray("Accounts");
        page.forEach(member -> accounts.add(account(member)));
        if (rest.size() > page.size()) {
            answer.put("NextToken", idToToken(page.get(page.size() - 1).id()));
        }
        return answer.toString();
    }

    private ObjectNode account(SimulatedOrganization.Member member) {
        String management = organization.management().id();
        String status = organization.status(member);
        ObjectNode account = JSON.createObjectNode();
        account.put("Id", member.id());
        account.put("Arn", "arn:aws:organizations::" + management + ":account/" + ORGANIZATION_ID + "/" + member.id());
        account.put("Email", "aws+" + member.id() + "@example.com");
        account.put("Name", organization.name(member));
        account.put("Status", status);
        account.put("State", status);
        account.put("JoinedMethod", member.id().equals(management) ? "CREATED" : "INVITED");
        // JSON 1.1 timestamps are epoch seconds.
        account.put("JoinedTimestamp", 1_700_000_000L);
        return account;
    }

    private static JsonNode parse(byte[] body) {
        if (body.length == 0) {
            return JSON.createObjectNode();
        }
        try {
            JsonNode node = JSON.readTree(body);
            if (node == null || !node.isObject()) {
                throw new IOException("not an object");
            }
            return node;
        } catch (IOException e) {
            throw new IamError(400, "SerializationException", "The request body is not a JSON object.");
        }
    }

    private static String idToToken(String id) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(id.getBytes(StandardCharsets.UTF_8));
    }

    private static String tokenToId(String token) {
        try {
            return new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IamError(400, "InvalidInputException", "The NextToken is not valid.");
        }
    }

    /** Organizations' error body. */
    static String error(IamError error) {
        ObjectNode node = JSON.createObjectNode();
        node.put("__type", error.code());
        node.put("Message", error.getMessage());
        return node.toString();
    }
}
