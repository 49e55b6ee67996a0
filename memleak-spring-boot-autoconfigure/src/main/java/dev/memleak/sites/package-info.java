/**
 * Leak sites: where long-lived objects were allocated, from JDK Flight Recorder's
 * old-object samples, and opt-in heap dumps when a leak is suspected.
 */
package dev.memleak.sites;
