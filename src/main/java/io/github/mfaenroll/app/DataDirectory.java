package io.github.mfaenroll.app;

import io.github.mfaenroll.store.OwnerOnlyFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * The data directory a command works in (embedded database, its password, the seed key, the demo's AWS account).
 * It is relative to the working directory unless {@code MFA_DATA_DIR} is absolute, so every command says which one
 * it uses, and a directory this process may not write stops the command with what to do.
 */
record DataDirectory(Path dir, boolean embeddedDatabase) {

    /** Written by {@code serve}: tells {@code helpdesk add} that a server has used this directory. */
    static final String SERVED_MARKER = "served";

    /**
     * Creates the directory if needed (mode 0700), checks this process may use it, and says where it is: on stderr for
     * a command ({@code tell} prints), in the log for the server (whose stderr is its log, JSON on request).
     */
    static DataDirectory prepare(AppConfig config, Consumer<String> tell) {
        Path dir = config.dataDir().toAbsolutePath().normalize();
        try {
            OwnerOnlyFiles.createDirectory(dir);
        } catch (UncheckedIOException e) {
            throw unusable(dir, e.getCause());
        }
        if (!Files.isReadable(dir) || !Files.isWritable(dir) || !Files.isExecutable(dir)) {
            throw unusable(dir, new AccessDeniedException(dir.toString()));
        }
        boolean embedded = config.databaseUrl() == null;
        tell.accept("Data directory: " + dir + (embedded ? "" : " (the database is MFA_DATABASE_URL's)"));
        return new DataDirectory(dir, embedded);
    }

    /**
     * The message for a data directory this process cannot use; also for a file in it that cannot be read or
     * written (say a {@code database.password} left by another user).
     */
    static OperatorError unusable(Path dir, Throwable cause) {
        String reason = cause instanceof AccessDeniedException ? "permission denied for " + processUser()
                : String.valueOf(cause);
        return new OperatorError("The data directory " + dir + " (MFA_DATA_DIR) cannot be used: " + reason + ". It "
                + "holds the embedded database, its password (database.password) and the seed encryption key "
                + "(secret.key). Set MFA_DATA_DIR to a directory this user owns, or give the directory to this user; "
                + "with Docker, mount a volume or a host directory owned by uid 10001 (chown 10001:10001 DIR).", cause);
    }

    /** Notes that a server runs on this directory (best effort: the note only feeds a warning). */
    void markServed() {
        try {
            Files.writeString(dir.resolve(SERVED_MARKER), "mfa-enroll serve used this data directory\n");
        } catch (IOException e) {
            // A warning elsewhere would be wrong without it, nothing more.
        }
    }

    /**
     * A warning for commands that set up accounts for a server: with the embedded database, accounts live in this
     * directory, and one no server has used is likely not the server's (a command run from another directory).
     */
    void warnIfNeverServed(PrintWriter err) {
        if (embeddedDatabase && !Files.exists(dir.resolve(SERVED_MARKER))) {
            err.println("Warning: no server has used " + dir + " yet. Accounts created here exist only for a server "
                    + "started with this data directory. If your server runs elsewhere, run this command with "
                    + "MFA_DATA_DIR set to the server's data directory (the server prints it when it starts).");
        }
    }

    /** The OS user this process runs as, by uid where the system tells it (containers often have no name for it). */
    private static String processUser() {
        try {
            Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            // Java names a uid without a passwd entry (usual in containers) "?".
            String name = Main.systemUser();
            return "uid " + uid + (name.equals("?") ? "" : " (" + name + ")");
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "user " + Main.systemUser();
        }
    }
}
