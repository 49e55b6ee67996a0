package dev.memleak.allocation;

import java.util.function.Consumer;

/**
 * Reads an {@link AllocationCounter} without ever throwing: a failing read is reported to
 * a failure sink and becomes {@link #FAILED}, so that measuring a request or a task can
 * never fail it.
 *
 * @author memleak
 */
public final class AllocationReader {

	/** Result of a read that threw; {@link AllocationCounter#UNAVAILABLE} is -1. */
	public static final long FAILED = -2;

	private final AllocationCounter counter;

	private final Consumer<Throwable> failures;

	/**
	 * Create a reader.
	 * @param counter the counter to read
	 * @param failures receives what a read threw
	 */
	public AllocationReader(AllocationCounter counter, Consumer<Throwable> failures) {
		this.counter = counter;
		this.failures = failures;
	}

	/**
	 * Read the current thread's allocated bytes.
	 * @return the bytes, {@link AllocationCounter#UNAVAILABLE} or {@link #FAILED}
	 */
	public long read() {
		try {
			return this.counter.currentThreadAllocatedBytes();
		}
		catch (RuntimeException | LinkageError ex) {
			this.failures.accept(ex);
			return FAILED;
		}
	}

	/**
	 * Return the bytes allocated since an earlier {@link #read()} on the same thread, or
	 * the negative value that says why they cannot be known.
	 * @param start the earlier reading
	 * @return the bytes, or a negative reading
	 */
	public long since(long start) {
		if (start < 0) {
			return start;
		}
		long now = read();
		return (now < 0) ? now : now - start;
	}

	/**
	 * Explain a negative measurement. Called only off the measured path.
	 * @param measurement a negative result of {@link #read()} or {@link #since(long)}
	 * @return the reason
	 */
	public UnmeasuredReason whyUnmeasured(long measurement) {
		return (measurement == FAILED) ? UnmeasuredReason.FAILED : this.counter.whyUnavailable();
	}

}
