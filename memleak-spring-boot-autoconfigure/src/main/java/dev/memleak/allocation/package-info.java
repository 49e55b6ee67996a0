/**
 * Per-thread allocation measurement and bounded per-key allocation statistics, shared by
 * the request and task recorders.
 */
package dev.memleak.allocation;
