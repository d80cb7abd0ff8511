package io.github.mfaenroll.testing;

import java.net.URI;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives test classes one Chromium for the whole run ({@code @BeforeAll static void start(Chromium browser)}), quit
 * when the run ends. A start costs 5 s on an idle machine and over 20 s on a busy one: shared, the browser suite
 * pays it once. Each class then calls {@link Chromium#useApp} to point it at its own app and clear its cookies, or
 * lets its app do that ({@link TestAppExtension#inSharedChromium()}).
 */
public final class SharedChromium implements ParameterResolver {

    /** For {@code @ResourceLock}: classes sharing the browser never run at the same time, even if tests go parallel. */
    public static final String LOCK = "shared-chromium";

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Chromium.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return of(context);
    }

    /** The run's one Chromium, started on first use. */
    static Chromium of(ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.create(SharedChromium.class))
                .getOrComputeIfAbsent("chromium", key -> new Closing(Chromium.start(URI.create("http://127.0.0.1/"))),
                        Closing.class).browser;
    }

    /** Closed by JUnit when the run ends (the root store closes its resources). */
    private record Closing(Chromium browser) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            browser.close();
        }
    }
}
