package io.github.mfaenroll.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher script ({@code src/main/launcher/mfa-enroll}, copied next to the jar by the build) with a stand-in jar
 * (its {@link Probe} answers as the app's commands do, in a few milliseconds): it passes arguments through
 * unchanged, makes a class-data archive by a training run, uses it while it is newer than the jar, and otherwise runs
 * the jar as {@code java -jar} would, with nothing extra on standard output.
 */
class LauncherTest {

    private static final Path LAUNCHER = Path.of("src/main/launcher/mfa-enroll");

    @TempDir
    Path dir;

    private Path jar;
    private Path archive;

    /** Stands in for the app: prints its arguments and whether the JVM was given an archive; serve waits to be stopped. */
    public static final class Probe {
        public static void main(String[] args) throws InterruptedException {
            boolean archive = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                    .anyMatch(option -> option.startsWith("-XX:SharedArchiveFile="));
            if (args.length > 0 && args[0].equals("healthcheck")) {
                return;
            }
            System.out.println("args=" + String.join("|", args));
            System.out.println("archive=" + archive);
            if (args.length > 0 && args[0].equals("serve")) {
                System.out.println("helpdesk console: http://localhost/signin");
                Thread.sleep(TimeUnit.MINUTES.toMillis(2));
            }
        }
    }

    @BeforeEach
    void launcherNextToAJar() throws IOException {
        Path launcher = dir.resolve("mfa-enroll");
        Files.copy(LAUNCHER, launcher);
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        jar = dir.resolve("mfa-enroll.jar");
        archive = dir.resolve("mfa-enroll.jsa");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, Probe.class.getName());
        String entry = Probe.class.getName().replace('.', '/') + ".class";
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest);
             InputStream probe = Probe.class.getClassLoader().getResourceAsStream(entry)) {
            out.putNextEntry(new JarEntry(entry));
            probe.transferTo(out);
            out.closeEntry();
        }
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().minusSeconds(60)));
    }

    private record Run(int exitCode, String out, String err) {
    }

    private Run launch(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(dir.resolve("mfa-enroll").toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
        process.getOutputStream().close();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("the launcher did not finish: " + command);
        }
        return new Run(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Nested
    class WithoutAnArchive {

        @Test
        void runsTheJarWithTheArgumentsUnchanged() throws Exception {
            Run run = launch("link", "issue", "alice smith", "--demo");

            assertThat(run.exitCode()).isZero();
            assertThat(run.out()).isEqualTo("args=link|issue|alice smith|--demo\narchive=false\n");
            assertThat(run.err()).isEmpty();
        }
    }

    @Nested
    class MakingTheArchive {

        @Test
        void writesItNextToTheJarAndLaterRunsUseIt() throws Exception {
            Run made = launch("--make-cds-archive");

            assertThat(made.exitCode()).as(made.err()).isZero();
            assertThat(archive).isNotEmptyFile();
            Run run = launch("report", "--demo");
            assertThat(run.out()).isEqualTo("args=report|--demo\narchive=true\n");
            assertThat(run.err()).isEmpty();
        }
    }

    @Nested
    class WithAnArchiveItCannotUse {

        @Test
        void olderThanTheJarRunsWithoutIt() throws Exception {
            launch("--make-cds-archive");
            Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(60)));

            Run run = launch("--help");

            assertThat(run.exitCode()).isZero();
            assertThat(run.out()).isEqualTo("args=--help\narchive=false\n");
            assertThat(run.err()).isEmpty();
        }

        @Test
        void thatTheJvmRefusesRunsTheCommandWithNothingElseOnStdout() throws Exception {
            Files.write(archive, "not an archive".getBytes(StandardCharsets.UTF_8));

            Run run = launch("report");

            assertThat(run.exitCode()).isZero();
            assertThat(run.out()).isEqualTo("args=report\narchive=true\n");
        }
    }
}
