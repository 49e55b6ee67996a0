package dev.memleak.diagnosis;

/**
 * What the count regression (the report's {@code retention}) says of the route or task
 * found on the allocation stack.
 *
 * @author memleak
 */
public enum Agreement {

	/** The regression names the same route or task. */
	AGREES,

	/**
	 * The regression names another route or task, and says it cannot tell it apart from
	 * this one (their traffic is proportional or steady).
	 */
	CANNOT_TELL_APART,

	/** The regression names other routes or tasks only. */
	DISAGREES,

	/** The regression names nothing (poor fit, too few floor points, no growth). */
	NO_OPINION

}
