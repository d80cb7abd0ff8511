package io.github.mfaenroll.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/** Files and directories only the app's own OS user may read: the data directory, keys, the database password. */
public final class OwnerOnlyFiles {

    private OwnerOnlyFiles() {
    }

    /** Creates the directory (mode 0700) if it does not exist yet; an existing one is left as it is. */
    public static void createDirectory(Path dir) {
        try {
            if (Files.isDirectory(dir)) {
                return;
            }
            Files.createDirectories(dir, ownerOnly(dir, "rwx------"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the data directory " + dir, e);
        }
    }

    /** The text of {@code file}, creating it (mode 0600) with a new base64 secret of 32 random bytes if absent. */
    public static String readOrCreateSecret(Path file, SecureRandom random) {
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.US_ASCII).trim();
            }
            createDirectory(file.getParent());
            byte[] bytes = new byte[32];
            random.nextBytes(bytes);
            String secret = Base64.getEncoder().encodeToString(bytes);
            Files.createFile(file, ownerOnly(file, "rw-------"));
            Files.writeString(file, secret, StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
            return secret;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create " + file, e);
        }
    }

    /**
     * Writes {@code content} to {@code file} (mode 0600) in one step: a reader sees the old content or the new,
     * never half of it, because the new content is written beside the file and then moved over it.
     */
    public static void replace(Path file, byte[] content) throws IOException {
        Path next = file.resolveSibling(file.getFileName() + ".next");
        Files.deleteIfExists(next);
        Files.createFile(next, ownerOnly(next, "rw-------"));
        Files.write(next, content, StandardOpenOption.TRUNCATE_EXISTING);
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * The POSIX permissions to create a path with; none where the file system has no POSIX permissions (Windows),
     * where the data directory's own access rules then apply.
     */
    private static FileAttribute<?>[] ownerOnly(Path path, String permissions) {
        boolean posix = path.getFileSystem().supportedFileAttributeViews().contains("posix");
        return posix ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions))}
                : new FileAttribute<?>[0];
    }
}
