/**
 * Memory outside the heap: the container's usage and limit, the process's resident
 * memory, Native Memory Tracking, threads, metaspace, code cache and buffers; a memory
 * budget, a trend and verdict per category, and the projected time until the container's
 * limit.
 */
package dev.memleak.footprint;
