package dev.memleak.snapshot;

/**
 * How a class histogram counts objects.
 *
 * @author memleak
 */
public enum SnapshotMode {

	/**
	 * Force a full collection first, then count what is still reachable: exact live
	 * counts, at the price of a full-GC pause (about twice the pause of {@link #ALL}).
	 */
	LIVE,

	/**
	 * Count every object on the heap, unreachable ones included, without collecting: a
	 * shorter pause, but garbage that waits in the old generation is counted as if it
	 * were live.
	 */
	ALL;

	/**
	 * Return the arguments of the {@code GC.class_histogram} diagnostic command for this
	 * mode.
	 * @return the arguments
	 */
	public String[] diagnosticCommandArguments() {
		return (this == LIVE) ? new String[0] : new String[] { "-all" };
	}

	/**
	 * Return the value used in meter tags and in the report.
	 * @return {@code live} or {@code all}
	 */
	public String tagValue() {
		return (this == LIVE) ? "live" : "all";
	}

}
