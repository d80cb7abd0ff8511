package io.github.mfaenroll.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * An extension holding a server that runs once for the test class that registers it, nested classes included:
 * JUnit calls a registered extension's class callbacks again for each nested class, which must not restart it.
 */
public abstract class OncePerClass implements BeforeAllCallback, AfterAllCallback {

    /** The class whose callbacks started the server. */
    private String startedFor;

    /** Starts the server unless it runs already (another extension may have needed it first). */
    protected abstract void startIfStopped();

    /** Stops the server. */
    protected abstract void stop();

    @Override
    public final void beforeAll(ExtensionContext context) {
        startIfStopped();
        if (startedFor == null) {
            startedFor = context.getUniqueId();
        }
    }

    @Override
    public final void afterAll(ExtensionContext context) {
        if (context.getUniqueId().equals(startedFor)) {
            stop();
            startedFor = null;
        }
    }
}
