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
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Keeps a simulated account in a JSON file that several processes share: the demo's server and each CLI command
 * run with {@code --demo} in the same data directory see one AWS account, as they would see one real account.
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
    private final SimulatedAccount account;
    /** The OS lock is per process; this keeps this process's threads from asking for it twice at once. */
    private final ReentrantLock inProcess = new ReentrantLock();
    /** The file's content as this process last read or wrote it: unchanged content is not parsed again. */
    private byte[] lastSeen = new byte[0];

    AccountFile(Path file, SimulatedAccount account) {
        this.file = file.toAbsolutePath();
        this.lockFile = this.file.resolveSibling(this.file.getFileName() + ".lock");
        this.account = account;
    }

    /**
     * Loads the account from the file, or, when there is no file yet, runs {@code seed} and writes the result: one
     * step under the lock, so two processes starting at once seed the account once. Returns whether it existed.
     */
    boolean loadOrSeed(Runnable seed) {
        return around(() -> {
            if (lastSeen.length > 0) {
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

    private void refresh() throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        byte[] content = Files.readAllBytes(file);
        if (Arrays.equals(content, lastSeen)) {
            return;
        }
        try {
            account.restore(JSON.readValue(content, SimulatedAccount.State.class));
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("The demo's simulated AWS account in " + file + " cannot be read ("
                    + e.getClass().getSimpleName() + "); delete the file to start the demo account afresh", e);
        }
        lastSeen = content;
    }

    private void keep() throws IOException {
        byte[] content = JSON.writeValueAsBytes(account.state());
        if (!Arrays.equals(content, lastSeen)) {
            OwnerOnlyFiles.replace(file, content);
            lastSeen = content;
        }
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
