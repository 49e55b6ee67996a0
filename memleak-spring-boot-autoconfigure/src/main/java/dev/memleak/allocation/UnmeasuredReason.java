package dev.memleak.allocation;

/**
 * Why a request or task was counted but its allocation could not be measured.
 *
 * @author memleak
 */
public enum UnmeasuredReason {

	/**
	 * The work ran on a virtual thread, for which the JVM reports no allocation counter.
	 */
	VIRTUAL_THREAD("ran on virtual threads: the JVM does not measure allocation per virtual thread "
			+ "(ThreadMXBean.getCurrentThreadAllocatedBytes returns -1); counts are exact, bytes unavailable"),

	/**
	 * The JVM does not offer per-thread allocation measurement, or it is switched off.
	 */
	NOT_SUPPORTED("this JVM does not measure per-thread allocation "
			+ "(com.sun.management.ThreadMXBean missing or thread allocated memory disabled)"),

	/**
	 * A request on a reactive server did not complete in one uninterrupted run on the
	 * thread that started it (it waited for I/O, a timer or another thread): the event
	 * loop serves other requests meanwhile, so the thread's counter would include their
	 * work.
	 */
	ASYNCHRONOUS("completed asynchronously (it waited for I/O, a timer or another thread): a reactive server's "
			+ "event loop interleaves requests, so only exchanges that complete within one uninterrupted run on "
			+ "the thread that started them are measured; counts are exact, bytes unavailable"),

	/**
	 * Reading the allocation counter failed; the failure is counted in
	 * {@code memleak.errors}.
	 */
	FAILED("reading the thread allocation counter failed (see memleak.errors and the log)");

	private final String description;

	UnmeasuredReason(String description) {
		this.description = description;
	}

	/**
	 * Return a sentence for the report that says why bytes are missing.
	 * @return the description
	 */
	public String description() {
		return this.description;
	}

}
