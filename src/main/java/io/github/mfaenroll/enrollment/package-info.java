/**
 * The enrollment wizard: {@link io.github.mfaenroll.enrollment.EnrollmentService} is the state machine
 * (no Javalin), {@link io.github.mfaenroll.enrollment.DeviceProvisioner} creates and deletes the virtual devices
 * the app owns, the stores persist both, and {@link io.github.mfaenroll.enrollment.EnrollmentController} is HTTP.
 */
package io.github.mfaenroll.enrollment;
