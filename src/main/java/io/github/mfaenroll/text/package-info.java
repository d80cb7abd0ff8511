/**
 * The ground floor every user-facing word goes through: the message bundles in the languages the app speaks, how a
 * language is chosen, and Pebble template rendering, shared by web pages and mail.
 */
package io.github.mfaenroll.text;
