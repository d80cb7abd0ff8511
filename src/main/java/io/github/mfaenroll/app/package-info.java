/**
 * Start-up and wiring, the top floor: {@link io.github.mfaenroll.app.Main} (the picocli commands),
 * {@link io.github.mfaenroll.app.AppConfig} (every setting, composed from each feature's settings record),
 * {@link io.github.mfaenroll.app.Components} (the only place objects are built), the route table
 * ({@link io.github.mfaenroll.app.RouteTable}), the web app built from it and the one mapping from typed failures to
 * error pages ({@link io.github.mfaenroll.app.ErrorPages}).
 */
package io.github.mfaenroll.app;
