/**
 * Heap snapshots: scheduled class histograms, a bounded history of them, and the classes
 * whose instances keep growing across snapshots (the suspects).
 */
package dev.memleak.snapshot;
