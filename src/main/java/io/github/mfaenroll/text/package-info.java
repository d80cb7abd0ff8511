/**
 * The ground floor every user-facing word goes through: the message bundles in the languages the app speaks, how a
 * language is chosen, and Pebble template rendering, shared by web pages and mail; and the shape of a failure a
 * page explains ({@code Explained}, {@code ExplainedFailure}), which the features' typed failures share.
 */
package io.github.mfaenroll.text;
