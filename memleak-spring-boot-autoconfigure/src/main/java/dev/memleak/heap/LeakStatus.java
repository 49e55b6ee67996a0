package dev.memleak.heap;

/**
 * Verdict on whether the live set leaks.
 *
 * @author memleak
 */
public enum LeakStatus {

	/** The live set is flat or shrinking. */
	OK,

	/** The live set grows, but the growth may still level off. */
	WATCH,

	/** The live set grows steadily and significantly: a leak. */
	SUSPECTED,

	/** Not enough data yet, or the collector gives no usable signal. */
	UNKNOWN

}
