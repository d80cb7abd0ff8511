package io.github.mfaenroll.iam;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads the main sources for the AWS operations they send through an SDK v2 service client, so the permission lists
 * ({@link IamPermissions}, {@link CrossAccountPermissions}) can be held to the code. The operations are taken from
 * the SDK's client interface itself, so the scan is complete for any SDK version.
 */
final class SdkCallScan {

    static final Path SOURCES = Path.of("src/main/java");
    private static final Pattern CALL = Pattern.compile("\\.\\s*(\\w+)\\s*\\(");

    private SdkCallScan() {
    }

    /**
     * Every operation method of a service client (e.g. {@code listMFADevicesPaginator}) with the action it sends
     * (e.g. {@code iam:ListMFADevices}): the instance methods that return a type of the service's model or paginators
     * package. {@code prefix} is the service's prefix in IAM policies ({@code iam}, {@code sts}, {@code organizations}).
     */
    static Map<String, String> operations(Class<?> client, String prefix) {
        String servicePackage = client.getPackageName();
        Map<String, String> operations = new HashMap<>();
        for (Method method : client.getMethods()) {
            String returned = method.getReturnType().getPackageName();
            boolean operation = returned.equals(servicePackage + ".model")
                    || returned.equals(servicePackage + ".paginators");
            if (operation && !Modifier.isStatic(method.getModifiers())) {
                String name = method.getName().replaceFirst("Paginator$", "");
                operations.put(method.getName(), prefix + ":" + Character.toUpperCase(name.charAt(0)) + name.substring(1));
            }
        }
        return operations;
    }

    /** The client class when its SDK module is on the class path; when it is not, no main source can use it. */
    static Optional<Class<?>> clientClass(String className) {
        try {
            return Optional.of(Class.forName(className));
        } catch (ClassNotFoundException e) {
            return Optional.empty();
        }
    }

    /** Every main source file whose text contains {@code marker} (a class's or a package's qualified name). */
    static List<Path> sourcesMentioning(String marker) {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            return files.filter(f -> f.toString().endsWith(".java")).filter(f -> read(f).contains(marker)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The actions {@code sources} invoke: {@code .operation(} calls whose name is one of {@code operations}. */
    static Set<String> actionsCalled(List<Path> sources, Map<String, String> operations) {
        Set<String> called = new TreeSet<>();
        for (Path source : sources) {
            Matcher matcher = CALL.matcher(read(source));
            while (matcher.find()) {
                String action = operations.get(matcher.group(1));
                if (action != null) {
                    called.add(action);
                }
            }
        }
        return called;
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
