package io.github.mfaenroll.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The floors of the house (README, "How it works"): a package imports only its own floor and the ones below it; of
 * the feature floor, only controllers stand on {@code web}. Read from the sources' import lines, so a new import that
 * runs up fails here with the file and the import named.
 */
class ArchitectureTest {

    private static final Path SOURCES = Path.of("src/main/java/io/github/mfaenroll");
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?io\\.github\\.mfaenroll\\.([a-z]+)\\.",
            Pattern.MULTILINE);

    /** Package -> floor. Ground floor first; {@code app} wires everything and is the top. */
    private static final Map<String, Integer> FLOORS = Map.ofEntries(
            Map.entry("text", 0), Map.entry("store", 0), Map.entry("totp", 0), Map.entry("audit", 0),
            Map.entry("iam", 0),
            Map.entry("identity", 1), Map.entry("limits", 1), Map.entry("mail", 1),
            Map.entry("web", 2),
            Map.entry("enrollment", 3), Map.entry("onboarding", 3), Map.entry("staff", 3), Map.entry("oidc", 3),
            Map.entry("helpdesk", 3), Map.entry("compliance", 3), Map.entry("enforcement", 3),
            Map.entry("api", 3),
            Map.entry("app", 4));

    @Test
    void everyPackageHasAFloor() {
        try (Stream<Path> packages = Files.list(SOURCES)) {
            List<String> names = packages.filter(Files::isDirectory).map(p -> p.getFileName().toString()).toList();

            assertThat(FLOORS.keySet()).containsExactlyInAnyOrderElementsOf(names);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void noImportRunsUpTheFloors() {
        List<String> upward = new ArrayList<>();

        forEachImport((file, from, to) -> {
            if (FLOORS.get(to) > FLOORS.get(from)) {
                upward.add(file + " imports " + to);
            }
        });

        assertThat(upward).as("imports from a lower floor to a higher one").isEmpty();
    }

    @Test
    void onlyControllersOfTheFeatureFloorImportWeb() {
        List<String> offenders = new ArrayList<>();

        forEachImport((file, from, to) -> {
            boolean controller = file.getFileName().toString().endsWith("Controller.java");
            if (to.equals("web") && FLOORS.get(from) == 3 && !controller) {
                offenders.add(file.toString());
            }
        });

        assertThat(new TreeSet<>(offenders)).as("feature classes other than controllers that import web").isEmpty();
    }

    @Test
    void noClassOutsideAppImportsApp() {
        List<String> offenders = new ArrayList<>();

        forEachImport((file, from, to) -> {
            if (to.equals("app") && !from.equals("app")) {
                offenders.add(file.toString());
            }
        });

        assertThat(offenders).isEmpty();
    }

    private interface ImportVisitor {
        void visit(Path file, String fromPackage, String toPackage);
    }

    private static void forEachImport(ImportVisitor visitor) {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String from = SOURCES.relativize(file).getName(0).toString();
                Matcher imports = IMPORT.matcher(Files.readString(file));
                while (imports.find()) {
                    visitor.visit(SOURCES.relativize(file), from, imports.group(1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
