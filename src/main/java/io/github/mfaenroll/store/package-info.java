/**
 * Persistence plumbing: the pooled {@code DataSource} (embedded H2 file database by default, PostgreSQL when
 * configured), Flyway migrations, the shared Jdbi, and {@link io.github.mfaenroll.store.SeedCipher} for secrets
 * at rest. Feature stores live with their features and use the Jdbi built here.
 */
package io.github.mfaenroll.store;
