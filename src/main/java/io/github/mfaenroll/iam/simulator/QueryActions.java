package io.github.mfaenroll.iam.simulator;

import io.github.mfaenroll.iam.simulator.Pagination.Page;
import io.github.mfaenroll.iam.simulator.QueryResponses.Xml;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * One method per IAM action: read and validate the parameters, apply the account's rules, write the Result
 * element. Element names follow the IAM API reference (and the SDK v2 model that unmarshals them).
 *
 * <p>One deliberate difference: IAM makes UserName optional in DeactivateMFADevice, ListMFADevices, GetUser,
 * GetLoginProfile and DeleteLoginProfile, meaning "the caller". The simulator does not map access keys to users, so it requires the
 * name and answers a missing one with IAM's "Member must not be null" ValidationError.
 */
final class QueryActions {

    private final SimulatedAccount account;
    private final Map<String, Function<QueryRequest, Xml>> handlers;

    QueryActions(SimulatedAccount account) {
        this.account = account;
        this.handlers = Map.ofEntries(
                Map.entry("CreateVirtualMFADevice", this::createVirtualMfaDevice),
                Map.entry("EnableMFADevice", this::enableMfaDevice),
                Map.entry("ResyncMFADevice", this::resyncMfaDevice),
                Map.entry("DeactivateMFADevice", this::deactivateMfaDevice),
                Map.entry("DeleteVirtualMFADevice", this::deleteVirtualMfaDevice),
                Map.entry("ListMFADevices", this::listMfaDevices),
                Map.entry("ListVirtualMFADevices", this::listVirtualMfaDevices),
                Map.entry("GetUser", this::getUser),
                Map.entry("GetLoginProfile", this::getLoginProfile),
                Map.entry("DeleteLoginProfile", this::deleteLoginProfile),
                Map.entry("ListUsers", this::listUsers),
                Map.entry("ListUserTags", this::listUserTags),
                Map.entry("ListAccountAliases", this::listAccountAliases),
                Map.entry("GenerateCredentialReport", this::generateCredentialReport),
                Map.entry("GetCredentialReport", this::getCredentialReport));
    }

    boolean supports(String action) {
        return handlers.containsKey(action);
    }

    /** The Result element's content, or null for actions whose response carries only ResponseMetadata. */
    Xml handle(String action, QueryRequest request) {
        return handlers.get(action).apply(request);
    }

    private Xml createVirtualMfaDevice(QueryRequest request) {
        String name = request.required("VirtualMFADeviceName", QueryRequest.DEVICE_NAME);
        String path = request.optional("Path", QueryRequest.PATH).orElse("/");
        Map<String, String> tags = request.tags();

        SimulatedAccount.Device device = account.createVirtualDevice(name, path, tags);

        String accountLabel = account.alias().orElse(account.accountId());
        byte[] png = QrCodePng.render(device.name(), accountLabel, device.seed());
        Base64.Encoder base64 = Base64.getEncoder();
        // Both members are blobs: on the wire IAM sends base64 of the bytes, and the seed's bytes are the
        // base32 text itself (the SDK strips the base64 layer and hands the app the base32 text).
        Xml xml = new Xml().open("VirtualMFADevice")
                .text("SerialNumber", device.serial())
                .text("Base32StringSeed", base64.encodeToString(device.seed().getBytes(StandardCharsets.US_ASCII)))
                .text("QRCodePNG", base64.encodeToString(png));
        if (!device.tags().isEmpty()) {
            QueryResponses.writeTags(xml, device.tags());
        }
        return xml.close("VirtualMFADevice");
    }

    /** What EnableMFADevice and ResyncMFADevice are given: a user, one of their devices and two codes. */
    private record CodesForDevice(String userName, String serial, String code1, String code2) {

        static CodesForDevice read(QueryRequest request) {
            return new CodesForDevice(request.required("UserName", QueryRequest.USER_NAME),
                    request.required("SerialNumber", QueryRequest.SERIAL_NUMBER),
                    request.required("AuthenticationCode1", QueryRequest.AUTHENTICATION_CODE),
                    request.required("AuthenticationCode2", QueryRequest.AUTHENTICATION_CODE));
        }
    }

    private Xml enableMfaDevice(QueryRequest request) {
        CodesForDevice given = CodesForDevice.read(request);

        account.enable(given.userName(), given.serial(), given.code1(), given.code2());
        return null;
    }

    private Xml resyncMfaDevice(QueryRequest request) {
        CodesForDevice given = CodesForDevice.read(request);

        account.resync(given.userName(), given.serial(), given.code1(), given.code2());
        return null;
    }

    private Xml deactivateMfaDevice(QueryRequest request) {
        String userName = request.required("UserName", QueryRequest.USER_NAME);
        String serial = request.required("SerialNumber", QueryRequest.SERIAL_NUMBER);

        account.deactivate(userName, serial);
        return null;
    }

    private Xml deleteVirtualMfaDevice(QueryRequest request) {
        account.deleteVirtual(request.required("SerialNumber", QueryRequest.SERIAL_NUMBER));
        return null;
    }

    private Xml listMfaDevices(QueryRequest request) {
        String userName = request.required("UserName", QueryRequest.USER_NAME);
        Page<SimulatedAccount.Device> page = Pagination.page(account.devicesOf(userName), QueryActions::serialKey,
                request.marker(), request.maxItems());

        Xml xml = new Xml().open("MFADevices");
        for (SimulatedAccount.Device device : page.items()) {
            xml.open("member")
                    .text("UserName", device.userName())
                    .text("SerialNumber", device.serial())
                    .text("EnableDate", QueryResponses.timestamp(device.enableDate()))
                    .close("member");
        }
        xml.close("MFADevices");
        Pagination.write(xml, page);
        return xml;
    }

    private Xml listVirtualMfaDevices(QueryRequest request) {
        SimulatedAccount.Assignment assignment = request.raw("AssignmentStatus").map(QueryActions::assignment)
                .orElse(SimulatedAccount.Assignment.ANY);
        Page<SimulatedAccount.Device> page = Pagination.page(account.virtualDevices(assignment),
                QueryActions::serialKey, request.marker(), request.maxItems());

        Xml xml = new Xml().open("VirtualMFADevices");
        for (SimulatedAccount.Device device : page.items()) {
            xml.open("member").text("SerialNumber", device.serial());
            if (device.assigned()) {
                QueryResponses.writeUser(xml, "User", account.user(device.userName()), false);
                xml.text("EnableDate", QueryResponses.timestamp(device.enableDate()));
            }
            xml.close("member");
        }
        xml.close("VirtualMFADevices");
        Pagination.write(xml, page);
        return xml;
    }

    private static SimulatedAccount.Assignment assignment(String value) {
        return switch (value) {
            case "Assigned" -> SimulatedAccount.Assignment.ASSIGNED;
            case "Unassigned" -> SimulatedAccount.Assignment.UNASSIGNED;
            case "Any" -> SimulatedAccount.Assignment.ANY;
            default -> throw IamError.validation("1 validation error detected: Value '" + value
                    + "' at 'assignmentStatus' failed to satisfy constraint: Member must satisfy enum value set: "
                    + "[Unassigned, Any, Assigned]");
        };
    }

    private Xml getUser(QueryRequest request) {
        SimulatedAccount.User user = account.user(request.required("UserName", QueryRequest.USER_NAME));

        Xml xml = new Xml();
        QueryResponses.writeUser(xml, "User", user, true);
        return xml;
    }

    private Xml getLoginProfile(QueryRequest request) {
        SimulatedAccount.User user = account.user(request.required("UserName", QueryRequest.USER_NAME));
        if (!user.consolePassword()) {
            throw IamError.noSuchEntity("Login Profile for User " + user.name() + " cannot be found.");
        }

        return new Xml().open("LoginProfile")
                .text("UserName", user.name())
                .text("CreateDate", QueryResponses.timestamp(user.passwordCreateDate()))
                .bool("PasswordResetRequired", false)
                .close("LoginProfile");
    }

    private Xml deleteLoginProfile(QueryRequest request) {
        account.deleteLoginProfile(request.required("UserName", QueryRequest.USER_NAME));
        return null;
    }

    private Xml listUsers(QueryRequest request) {
        String pathPrefix = request.optional("PathPrefix", QueryRequest.PATH_PREFIX).orElse("/");
        List<SimulatedAccount.User> users = account.users().stream()
                .filter(user -> user.path().startsWith(pathPrefix)).toList();
        Page<SimulatedAccount.User> page = Pagination.page(users, user -> lower(user.name()),
                request.marker(), request.maxItems());

        Xml xml = new Xml().open("Users");
        page.items().forEach(user -> QueryResponses.writeUser(xml, "member", user, false));
        xml.close("Users");
        Pagination.write(xml, page);
        return xml;
    }

    private Xml listUserTags(QueryRequest request) {
        SimulatedAccount.User user = account.user(request.required("UserName", QueryRequest.USER_NAME));
        List<Map.Entry<String, String>> tags = user.tags().entrySet().stream()
                .sorted(Comparator.comparing(entry -> lower(entry.getKey()))).toList();
        Page<Map.Entry<String, String>> page = Pagination.page(tags, entry -> lower(entry.getKey()),
                request.marker(), request.maxItems());

        Xml xml = new Xml().open("Tags");
        page.items().forEach(tag ->
                xml.open("member").text("Key", tag.getKey()).text("Value", tag.getValue()).close("member"));
        xml.close("Tags");
        Pagination.write(xml, page);
        return xml;
    }

    private Xml listAccountAliases(QueryRequest request) {
        Optional<String> alias = account.alias();
        Page<String> page = Pagination.page(alias.stream().toList(), Function.identity(), request.marker(),
                request.maxItems());

        Xml xml = new Xml().open("AccountAliases");
        page.items().forEach(a -> xml.text("member", a));
        xml.close("AccountAliases");
        Pagination.write(xml, page);
        return xml;
    }

    private Xml generateCredentialReport(QueryRequest request) {
        CredentialReport.Status status = account.generateCredentialReport();

        return new Xml().text("State", status.state()).text("Description", status.description());
    }

    private Xml getCredentialReport(QueryRequest request) {
        CredentialReport.Snapshot report = account.credentialReport();

        String content = Base64.getEncoder().encodeToString(report.csv().getBytes(StandardCharsets.UTF_8));
        return new Xml().text("Content", content)
                .text("ReportFormat", "text/csv")
                .text("GeneratedTime", QueryResponses.timestamp(report.generatedTime()));
    }

    private static String serialKey(SimulatedAccount.Device device) {
        return lower(device.serial());
    }

    private static String lower(String text) {
        return text.toLowerCase(Locale.ROOT);
    }
}
