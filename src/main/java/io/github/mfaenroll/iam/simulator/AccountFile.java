package io.github.mfaenroll.iam.simulator;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.github.mfaenroll.store.OwnerOnlyFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Keeps a simulated organization (every account, and what Organizations and STS know of them) in a JSON file that
 * several processes share: the demo's server and each CLI command run with {@code --demo} in the same data directory
 * see the same AWS accounts, as they would see real ones.
 *
 * <p>Every request runs under an exclusive OS lock on {@code FILE.lock}: it reads the file (when another process
 * changed it), acts, and writes the file back when the account changed. The demo's traffic is a few requests a
 * second, so serialising them costs nothing a person notices. The file holds the demo devices' seeds; it is
 * created readable by the app's OS user only, like the rest of the data directory.
 */
final class AccountFile {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new SimpleModule().addSerializer(Instant.class, new InstantText())
                    .addDeserializer(Instant.class, new InstantFromText()))
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private final Path file;
    private final Path lockFile;
    private final SimulatedOrganization organization;
    /**
     * The OS lock belongs to the whole JVM, and asking for it twice in one JVM fails; so every keeper of one file in
     * this JVM (a server and an in-process command, say) takes this lock, one per file, first.
     */
    private static final Map<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();
    private final ReentrantLock inProcess;
    /** The file as this process last read or wrote it (time and size): an unchanged file is not read again. */
    private FileVersion lastSeen = FileVersion.NONE;
    /** The account's change count when it last matched the file: an unchanged account is not written. */
    private long changesKept = -1;

    private record FileVersion(FileTime modified, long size, Object fileKey) {
        static final FileVersion NONE = new FileVersion(null, -1, null);

        static FileVersion of(Path file) throws IOException {
            if (!Files.exists(file)) {
                return NONE;
            }
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return new FileVersion(attributes.lastModifiedTime(), attributes.size(), attributes.fileKey());
        }
    }

    AccountFile(Path file, SimulatedOrganization organization) {
        this.file = file.toAbsolutePath();
        this.lockFile = this.file.resolveSibling(this.file.getFileName() + ".lock");
        this.organization = organization;
        this.inProcess = IN_PROCESS.computeIfAbsent(this.file.normalize(), path -> new ReentrantLock());
    }

    /**
     * Loads the account from the file, or, when there is no file yet, runs {@code seed} and writes the result: one
     * step under the lock, so two processes starting at once seed the account once. Returns whether it existed.
     */
    boolean loadOrSeed(Runnable seed) {
        return around(() -> {
            if (lastSeen != FileVersion.NONE) {
                return true;
            }
            seed.run();
            return false;
        });
    }

    /** Runs {@code action} on the account as the file holds it now, and keeps what it changed. */
    <T> T around(Supplier<T> action) {
        if (inProcess.isHeldByCurrentThread()) {
            return action.get();
        }
        OwnerOnlyFiles.createDirectory(file.getParent());
        inProcess.lock();
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock ignored = channel.lock()) {
            refresh();
            try {
                return action.get();
            } finally {
                keep();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or write the demo's simulated AWS account in " + file, e);
        } finally {
            inProcess.unlock();
        }
    }

    /** Reads the account from the file when another process has replaced the file since this one last saw it. */
    private void refresh() throws IOException {
        FileVersion now = FileVersion.of(file);
        if (now.equals(lastSeen) || now == FileVersion.NONE) {
            return;
        }
        try {
            organization.restore(JSON.readValue(Files.readAllBytes(file), SimulatedOrganization.State.class));
        } catch (IOException | RuntimeException e) {
            // Not the parser's message: it may quote the file, which holds seeds.
            throw new IllegalStateException("The demo's simulated AWS account in " + file + " cannot be read ("
                    + e.getClass().getSimpleName() + "); delete the file to start the demo account afresh", e);
        }
        lastSeen = now;
        changesKept = organization.changes();
    }

    /** Writes the account when it changed since it last matched the file (most requests only read). */
    private void keep() throws IOException {
        if (organization.changes() == changesKept) {
            return;
        }
        OwnerOnlyFiles.replace(file, JSON.writeValueAsBytes(organization.state()));
        lastSeen = FileVersion.of(file);
        changesKept = organization.changes();
    }

    /** Instants as ISO-8601 text, which a person reading the file understands. */
    private static final class InstantText extends JsonSerializer<Instant> {
        @Override
        public void serialize(Instant value, JsonGenerator generator, SerializerProvider provider) throws IOException {
            generator.writeString(value.toString());
        }
    }

    private static final class InstantFromText extends JsonDeserializer<Instant> {
        @Override
        public Instant deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            return Instant.parse(parser.getValueAsString());
        }
    }
}
