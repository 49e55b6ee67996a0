/**
 * The {@code memoryleak} actuator endpoint: one report of everything memleak knows.
 */
package dev.memleak.endpoint;
