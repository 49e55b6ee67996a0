/**
 * The live set: old-generation occupancy after collections that reclaim it, its trend and
 * the leak verdict.
 */
package dev.memleak.heap;
