package dev.memleak.allocation;

/**
 * Reads how many bytes the calling thread has allocated since it started.
 *
 * @author memleak
 */
@FunctionalInterface
public interface AllocationCounter {

	/**
	 * Value returned when the JVM cannot measure the current thread (virtual threads,
	 * JVMs without the facility, measurement disabled).
	 */
	long UNAVAILABLE = -1;

	/**
	 * Return the bytes allocated by the current thread so far, or {@link #UNAVAILABLE}.
	 * @return a monotonically increasing byte count, or {@link #UNAVAILABLE}
	 */
	long currentThreadAllocatedBytes();

	/**
	 * Explain why the current thread cannot be measured. Called only after
	 * {@link #currentThreadAllocatedBytes()} returned {@link #UNAVAILABLE}, never on the
	 * measured path.
	 * @return the reason
	 */
	default UnmeasuredReason whyUnavailable() {
		return UnmeasuredReason.NOT_SUPPORTED;
	}

}
