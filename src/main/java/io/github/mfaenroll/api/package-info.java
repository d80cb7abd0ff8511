/**
 * The HTTP API for systems that create IAM users: tokens with scopes ({@link io.github.mfaenroll.api.ApiTokens},
 * hashed at rest, shown once) and the controllers under {@code /api/v1}, which speak JSON and call the same services
 * the console calls; {@link io.github.mfaenroll.api.OpenApiController} serves the OpenAPI document that describes them.
 * Administrators manage the tokens in the console too ({@code ApiTokensController}: a page, not
 * JSON), through the same store as the {@code token} command.
 */
package io.github.mfaenroll.api;
