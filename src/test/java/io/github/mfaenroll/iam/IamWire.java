package io.github.mfaenroll.iam;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * IAM's Query protocol as WireMock sees it: requests are {@code POST /} with a form body naming the action;
 * answers are XML in IAM's namespace. Element names follow the IAM API reference, because the SDK's unmarshaller
 * silently ignores anything else.
 */
final class IamWire {

    static final String NAMESPACE = "https://iam.amazonaws.com/doc/2010-05-08/";

    private IamWire() {
    }

    /** A stub for one IAM action. */
    static MappingBuilder action(String action) {
        return post(urlEqualTo("/")).withRequestBody(containing("Action=" + action + "&"));
    }

    /** What WireMock received for one IAM action. */
    static RequestPatternBuilder requested(String action) {
        return postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=" + action + "&"));
    }

    /** {@code name=value} as the SDK form-encodes it. */
    static String param(String name, String value) {
        return name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** A 200 answer: {@code <XResponse><XResult>result</XResult><ResponseMetadata>…} (no result element if null). */
    static ResponseDefinitionBuilder ok(String action, String result) {
        String body = "<" + action + "Response xmlns=\"" + NAMESPACE + "\">"
                + (result == null ? "" : "<" + action + "Result>" + result + "</" + action + "Result>")
                + "<ResponseMetadata><RequestId>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</RequestId></ResponseMetadata>"
                + "</" + action + "Response>";
        return xml(200, body);
    }

    /** IAM's error document with the given status, code and request id. */
    static ResponseDefinitionBuilder error(int status, String code, String requestId) {
        String type = status >= 500 ? "Receiver" : "Sender";
        String body = "<ErrorResponse xmlns=\"" + NAMESPACE + "\">"
                + "<Error><Type>" + type + "</Type><Code>" + code + "</Code>"
                + "<Message>Rejected by the test (" + code + ")</Message></Error>"
                + "<RequestId>" + requestId + "</RequestId></ErrorResponse>";
        return xml(status, body);
    }

    static ResponseDefinitionBuilder xml(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "text/xml").withBody(body);
    }

    /** A {@code <member>} of a user list (GetUser's {@code <User>} has the same children). */
    static String userFields(String userName) {
        return "<Path>/</Path><UserName>" + userName + "</UserName>"
                + "<UserId>AIDA" + userName.toUpperCase() + "EXAMPLE</UserId>"
                + "<Arn>arn:aws:iam::123456789012:user/" + userName + "</Arn>"
                + "<CreateDate>2024-01-15T09:30:00Z</CreateDate>";
    }

    /** Pagination trailer: {@code IsTruncated}, plus {@code Marker} when there is a next page. */
    static String page(String nextMarker) {
        return nextMarker == null
                ? "<IsTruncated>false</IsTruncated>"
                : "<IsTruncated>true</IsTruncated><Marker>" + nextMarker + "</Marker>";
    }

    /** Binary IAM fields (Base32StringSeed, Content) travel as base64. */
    static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
