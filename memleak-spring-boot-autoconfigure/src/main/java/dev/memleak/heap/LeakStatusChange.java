package dev.memleak.heap;

import java.time.Instant;

/**
 * Published (as an application event) when the leak verdict changes, so that snapshots
 * and leak-site recordings can start when a leak becomes {@link LeakStatus#SUSPECTED}.
 *
 * @param previous the verdict before
 * @param current the verdict now
 * @param at when it changed
 * @author memleak
 */
public record LeakStatusChange(LeakStatus previous, LeakStatus current, Instant at) {

	/**
	 * Whether this change makes a leak suspected.
	 * @return {@code true} on entering {@link LeakStatus#SUSPECTED}
	 */
	public boolean entersSuspected() {
		return this.current == LeakStatus.SUSPECTED && this.previous != LeakStatus.SUSPECTED;
	}

}
