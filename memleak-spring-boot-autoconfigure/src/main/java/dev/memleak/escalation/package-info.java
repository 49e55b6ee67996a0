/**
 * The evidence memleak gathers by itself when a leak is suspected: heap snapshots spaced
 * from the growth rate, leak sites until the top one is stable, within the pause budget.
 */
package dev.memleak.escalation;
