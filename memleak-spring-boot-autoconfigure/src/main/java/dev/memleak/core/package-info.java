/**
 * What every memleak feature shares: the master switch, the allocation counter and the
 * record of memleak's own failures.
 */
package dev.memleak.core;
