/**
 * A local, stateful AWS IAM that speaks the IAM Query protocol on loopback, so demo mode and tests exercise
 * the production SDK path. When it and IAM's documented behaviour differ, IAM wins.
 */
package io.github.mfaenroll.iam.simulator;
