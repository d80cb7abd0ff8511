package io.github.mfaenroll.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A store test that runs once on each database ({@link Databases#both}: H2, then PostgreSQL), named after it; the
 * method takes a {@link Databases.NamedDatabase} and opens a fresh database from it.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@ParameterizedTest(name = "{0}")
@MethodSource("io.github.mfaenroll.testing.Databases#both")
public @interface OnBothDatabases {
}
