/**
 * Start-up: {@link io.github.mfaenroll.app.Main} (the picocli commands), {@link io.github.mfaenroll.app.AppConfig}
 * (every setting, read once from the environment) and {@link io.github.mfaenroll.app.Components} (the only place
 * objects are built).
 */
package io.github.mfaenroll.app;
