package io.github.mfaenroll.iam.simulator;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The state of one simulated AWS account and IAM's rules for it. Every method takes the one monitor of this
 * object: plain collections, one lock, records as immutable snapshots handed out.
 *
 * <p>IAM names are not distinguished by case ("ADMIN" and "admin" cannot both exist), so maps are keyed by
 * the lower-cased name or serial and the entity keeps its spelling.
 */
final class SimulatedAccount {

    static final int MAX_MFA_DEVICES_PER_USER = 8;
    /**
     * Accepted window for EnableMFADevice, in 30 s steps, for the step of the second code. IAM binds a device
     * even when the codes arrive late ("the MFA device successfully associates with the user but … becomes out
     * of sync"), and it does not say how late; ten steps (five minutes) back and one step ahead is our guess.
     */
    static final int ENABLE_STEPS_BACK = 10;
    static final int ENABLE_STEPS_AHEAD = 1;
    /** ResyncMFADevice exists to re-align a drifted authenticator, so it looks both ways: ±10 steps (a guess). */
    static final int RESYNC_STEPS = 10;

    record User(String name, String userId, String path, String arn, Instant createDate,
            Instant passwordCreateDate, Map<String, String> tags) {

        boolean consolePassword() {
            return passwordCreateDate != null;
        }
    }

    /** A virtual device, or ({@code hardware}) a hardware TOTP token registered to the account by its serial. */
    record Device(String name, String path, String serial, String seed, Instant createDate,
            Map<String, String> tags, String userName, Instant enableDate, boolean hardware) {

        boolean assigned() {
            return userName != null;
        }

        Device assignedTo(String user, Instant at) {
            return new Device(name, path, serial, seed, createDate, tags, user, at, hardware);
        }

        Device unassigned() {
            return new Device(name, path, serial, seed, createDate, tags, null, null, hardware);
        }

        @Override
        public String toString() {
            return "Device[serial=" + serial + ", user=" + userName + ", seed=<redacted>]";
        }
    }

    enum Assignment { ASSIGNED, UNASSIGNED, ANY }

    /**
     * What the account holds, as kept in a file ({@link AccountFile}). The credential report is left out: each
     * process generates its own from this state, as IAM would from the account.
     */
    record State(String accountId, Instant accountCreated, String alias, boolean rootMfaActive, List<User> users,
            List<Device> devices) {
    }

    private final Clock clock;
    private final String accountId;
    private final SecureRandom random = new SecureRandom();
    private Instant accountCreated;
    private final Map<String, User> users = new HashMap<>();
    private final Map<String, Device> devices = new HashMap<>();
    private final CredentialReport report = new CredentialReport();
    private String alias;
    private boolean rootMfaActive;
    /** Counts changes to what {@link #state()} holds, so a keeper writes the account only when it changed. */
    private long changes;

    SimulatedAccount(Clock clock, String accountId) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.accountId = Objects.requireNonNull(accountId, "accountId");
        if (!accountId.matches("\\d{12}")) {
            throw new IllegalArgumentException("An AWS account id is 12 digits");
        }
        this.accountCreated = now();
    }

    String accountId() {
        return accountId;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    synchronized State state() {
        return new State(accountId, accountCreated, alias, rootMfaActive, users(),
                devices.values().stream().sorted(Comparator.comparing(d -> key(d.serial()))).toList());
    }

    /** Replaces everything the account holds with {@code state}, which must be of this account. */
    synchronized void restore(State state) {
        if (!accountId.equals(state.accountId())) {
            throw new IllegalArgumentException("The kept state is of account " + state.accountId() + ", not " + accountId);
        }
        accountCreated = state.accountCreated();
        alias = state.alias();
        rootMfaActive = state.rootMfaActive();
        users.clear();
        state.users().forEach(user -> users.put(key(user.name()), user));
        devices.clear();
        state.devices().forEach(device -> devices.put(key(device.serial()), device));
        changes++;
    }

    synchronized long changes() {
        return changes;
    }

    /** The map, counted as changed: every write to users and devices goes through here. */
    private <K, V> Map<K, V> changed(Map<K, V> map) {
        changes++;
        return map;
    }

    // ---- users and account --------------------------------------------------------------------------------

    synchronized void addUser(String userName, boolean consolePassword, Map<String, String> tags) {
        Objects.requireNonNull(userName, "userName");
        if (!QueryRequest.USER_NAME.pattern().matcher(userName).matches() || userName.length() > 64) {
            throw new IllegalArgumentException("Not a valid IAM user name: " + userName);
        }
        if (users.containsKey(key(userName))) {
            throw new IllegalArgumentException("User already exists: " + userName);
        }
        Map<String, String> userTags = tags == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(tags));
        if (userTags.size() > 50) {
            throw new IllegalArgumentException("IAM allows at most 50 tags per user");
        }
        Instant created = now();
        changed(users).put(key(userName), new User(userName, newUserId(), "/", "arn:aws:iam::" + accountId + ":user/" + userName,
                created, consolePassword ? created : null, userTags));
    }

    /** As IAM's TagUser: sets (adds or replaces) one tag of an existing user. */
    synchronized void tagUser(String userName, String key, String value) {
        User user = users.get(key(userName));
        if (user == null) {
            throw new IllegalArgumentException("No such user: " + userName);
        }
        Map<String, String> tags = new LinkedHashMap<>(user.tags());
        tags.put(key, value);
        changed(users).put(key(userName), new User(user.name(), user.userId(), user.path(), user.arn(),
                user.createDate(), user.passwordCreateDate(), Collections.unmodifiableMap(tags)));
    }

    /** IAM user ids: "AIDA" and 17 characters of base32's alphabet. */
    private String newUserId() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        StringBuilder id = new StringBuilder("AIDA");
        for (int i = 0; i < 17; i++) {
            id.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return id.toString();
    }

    synchronized User user(String userName) {
        User user = users.get(key(userName));
        if (user == null) {
            throw IamError.noSuchEntity("The user with name " + userName + " cannot be found.");
        }
        return user;
    }

    synchronized List<User> users() {
        return users.values().stream().sorted(Comparator.comparing(u -> key(u.name()))).toList();
    }

    /** DeleteLoginProfile: NoSuchEntity when the user has no console password. */
    synchronized void deleteLoginProfile(String userName) {
        User user = user(userName);
        if (!user.consolePassword()) {
            throw IamError.noSuchEntity("Login Profile for User " + user.name() + " cannot be found.");
        }
        changed(users).put(key(user.name()), new User(user.name(), user.userId(), user.path(), user.arn(), user.createDate(),
                null, user.tags()));
    }

    synchronized Optional<String> alias() {
        return Optional.ofNullable(alias);
    }

    synchronized void setAlias(String newAlias) {
        if (newAlias != null && !newAlias.matches("^[a-z0-9]([a-z0-9]|-(?!-)){1,61}[a-z0-9]$")) {
            throw new IllegalArgumentException("Not a valid account alias: " + newAlias);
        }
        alias = newAlias;
        changes++;
    }

    /** Whether the account's root user has MFA (root devices are set up in the console, never by the app). */
    synchronized void setRootMfaActive(boolean active) {
        rootMfaActive = active;
        changes++;
    }

    // ---- virtual MFA devices ------------------------------------------------------------------------------

    synchronized Device createVirtualDevice(String name, String path, Map<String, String> tags) {
        boolean taken = devices.values().stream().anyMatch(d -> !d.hardware() && key(d.name()).equals(key(name)));
        if (taken) {
            throw IamError.entityAlreadyExists("MFADevice entity at the same path and name already exists.");
        }
        String serial = "arn:aws:iam::" + accountId + ":mfa" + path + name;
        Device device = new Device(name, path, serial, TotpCodes.newSeed(random), now(),
                Collections.unmodifiableMap(new LinkedHashMap<>(tags)), null, null, false);
        changed(devices).put(key(serial), device);
        return device;
    }

    /**
     * Seeding: a hardware TOTP token, as AWS knows the tokens it sold (serial and seed) before anyone assigns one.
     * Its serial is the one printed on it (IAM lists it as it is, not as an ARN).
     */
    synchronized void registerHardwareToken(String serial, String base32Seed) {
        if (serial == null || !QueryRequest.SERIAL_NUMBER.pattern().matcher(serial).matches() || serial.length() < 9
                || serial.length() > 256 || serial.startsWith("arn:")) {
            throw new IllegalArgumentException("Not a valid hardware token serial number: " + serial);
        }
        if (base32Seed == null || !base32Seed.matches("[A-Z2-7]{16,}=*")) {
            throw new IllegalArgumentException("A hardware token seed is base32 text of at least 16 characters");
        }
        if (devices.containsKey(key(serial))) {
            throw new IllegalArgumentException("A device with this serial number exists already");
        }
        changed(devices).put(key(serial), new Device(serial, "/", serial, base32Seed, now(), Map.of(), null, null, true));
    }

    /** Seeding: a device bound to a user outside the app (say, in the console), without codes. */
    synchronized String addAssignedDevice(String userName, String deviceName) {
        try {
            User user = user(userName);
            if (!QueryRequest.DEVICE_NAME.pattern().matcher(deviceName).matches() || deviceName.length() > 226) {
                throw new IllegalArgumentException("Not a valid virtual MFA device name: " + deviceName);
            }
            checkDeviceQuota(user);
            Device device = createVirtualDevice(deviceName, "/", Map.of());
            changed(devices).put(key(device.serial()), device.assignedTo(user.name(), now()));
            return device.serial();
        } catch (IamError e) {
            throw new IllegalArgumentException(e.code() + ": " + e.getMessage());
        }
    }

    synchronized void enable(String userName, String serial, String code1, String code2) {
        User user = user(userName);
        Device device = devices.get(key(serial));
        if (device == null) {
            throw IamError.noSuchEntity("MFA device with serial number " + serial + " doesn't exist.");
        }
        if (device.assigned()) {
            throw IamError.entityAlreadyExists("MFA Device is already in use.");
        }
        checkDeviceQuota(user);
        long nowStep = TotpCodes.stepAt(clock.instant());
        if (!TotpCodes.consecutiveCodesMatch(device.seed(), code1, code2, nowStep, ENABLE_STEPS_BACK, ENABLE_STEPS_AHEAD)) {
            throw IamError.invalidAuthenticationCode();
        }
        changed(devices).put(key(device.serial()), device.assignedTo(user.name(), now()));
    }

    synchronized void resync(String userName, String serial, String code1, String code2) {
        Device device = assignedDevice(user(userName), serial);
        long nowStep = TotpCodes.stepAt(clock.instant());
        if (!TotpCodes.consecutiveCodesMatch(device.seed(), code1, code2, nowStep, RESYNC_STEPS, RESYNC_STEPS)) {
            throw IamError.invalidAuthenticationCode();
        }
    }

    synchronized void deactivate(String userName, String serial) {
        Device device = assignedDevice(user(userName), serial);
        changed(devices).put(key(device.serial()), device.unassigned());
    }

    synchronized void deleteVirtual(String serial) {
        Device device = virtualDevice(serial);
        if (device.assigned()) {
            throw new IamError(409, "DeleteConflict", "MFA device is in use; deactivate it before deleting it.");
        }
        changed(devices).remove(key(device.serial()));
    }

    /** The user's MFA devices, sorted by serial; NoSuchEntity for an unknown user. */
    synchronized List<Device> devicesOf(String userName) {
        User user = user(userName);
        return devices.values().stream()
                .filter(d -> d.assigned() && key(d.userName()).equals(key(user.name())))
                .sorted(Comparator.comparing(d -> key(d.serial())))
                .toList();
    }

    synchronized List<Device> virtualDevices(Assignment assignment) {
        Predicate<Device> filter = switch (assignment) {
            case ASSIGNED -> Device::assigned;
            case UNASSIGNED -> d -> !d.assigned();
            case ANY -> d -> true;
        };
        return devices.values().stream().filter(d -> !d.hardware()).filter(filter)
                .sorted(Comparator.comparing(d -> key(d.serial()))).toList();
    }

    private void checkDeviceQuota(User user) {
        long count = devices.values().stream()
                .filter(d -> d.assigned() && key(d.userName()).equals(key(user.name()))).count();
        if (count >= MAX_MFA_DEVICES_PER_USER) {
            throw new IamError(409, "LimitExceeded", "Cannot exceed quota for MfaDevicesPerUser: " + MAX_MFA_DEVICES_PER_USER);
        }
    }

    private Device virtualDevice(String serial) {
        Device device = devices.get(key(serial));
        if (device == null || device.hardware()) {
            throw IamError.noSuchEntity("VirtualMFADevice with serial number " + serial + " doesn't exist.");
        }
        return device;
    }

    private Device assignedDevice(User user, String serial) {
        Device device = devices.get(key(serial));
        if (device == null || !device.assigned() || !key(device.userName()).equals(key(user.name()))) {
            throw IamError.noSuchEntity("MFA Device with serial number " + serial + " not found for user "
                    + user.name() + ".");
        }
        return device;
    }

    // ---- credential report --------------------------------------------------------------------------------

    synchronized CredentialReport.Status generateCredentialReport() {
        Set<String> withMfa = new TreeSet<>();
        devices.values().stream().filter(Device::assigned).forEach(d -> withMfa.add(key(d.userName())));
        boolean rootMfa = rootMfaActive;
        return report.generate(clock.instant(), () -> CredentialReport.render(
                accountId, accountCreated, rootMfa, users(), user -> withMfa.contains(key(user.name()))));
    }

    synchronized CredentialReport.Snapshot credentialReport() {
        return report.get(clock.instant());
    }

    // ---- inspection for tests -----------------------------------------------------------------------------

    synchronized List<String> assignedSerials(String userName) {
        return users.containsKey(key(userName)) ? devicesOf(userName).stream().map(Device::serial).toList() : List.of();
    }

    synchronized Optional<String> deviceOwner(String serial) {
        return Optional.ofNullable(devices.get(key(serial))).map(Device::userName);
    }

    synchronized boolean virtualDeviceExists(String serial) {
        return Optional.ofNullable(devices.get(key(serial))).filter(d -> !d.hardware()).isPresent();
    }

    synchronized Set<String> virtualDeviceSerials() {
        return devices.values().stream().filter(d -> !d.hardware()).map(Device::serial)
                .collect(Collectors.toUnmodifiableSet());
    }

    synchronized Optional<String> seedOf(String serial) {
        return Optional.ofNullable(devices.get(key(serial))).map(Device::seed);
    }
}
