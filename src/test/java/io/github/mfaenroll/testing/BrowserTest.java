package io.github.mfaenroll.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * A test class that drives the run's shared Chromium ({@link SharedChromium}): tagged {@code browser}, never run at
 * the same time as another such class, and given the browser as a {@code Chromium} parameter where it asks for one.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("browser")
@ExtendWith(SharedChromium.class)
@ResourceLock(SharedChromium.LOCK)
public @interface BrowserTest {
}
