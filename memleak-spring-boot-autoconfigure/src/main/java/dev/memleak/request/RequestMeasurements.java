package dev.memleak.request;

import java.util.concurrent.ThreadLocalRandom;

import dev.memleak.allocation.AllocationCounter;
import dev.memleak.allocation.AllocationReader;
import dev.memleak.allocation.UnmeasuredReason;
import dev.memleak.core.FailureRecorder;
import org.jspecify.annotations.Nullable;

/**
 * What the servlet and the WebFlux filter share: exclusions, sampling, the thread's
 * allocation readings, route naming with its fixed buckets, and recording. Nothing here
 * throws: every failure is counted in {@code memleak.errors} and the request goes on.
 *
 * @author memleak
 */
final class RequestMeasurements {

	static final String COMPONENT = "request";

	/** A start reading that says the request was not sampled. */
	static final long NOT_SAMPLED = Long.MIN_VALUE;

	private final RequestAllocationRecorder recorder;

	private final AllocationReader allocation;

	private final FailureRecorder failures;

	private final PathExclusions exclusions;

	private final double sampleRate;

	RequestMeasurements(RequestAllocationRecorder recorder, AllocationCounter counter, FailureRecorder failures,
			RequestSettings settings) {
		this.recorder = recorder;
		this.failures = failures;
		this.allocation = new AllocationReader(counter, (failure) -> failures.record(COMPONENT, failure));
		this.exclusions = new PathExclusions(settings.exclude());
		this.sampleRate = settings.sampleRate();
	}

	/**
	 * Whether a path within the application is excluded; a failure excludes it.
	 * @param path the path, without the context or base path
	 * @return {@code true} if the request is neither measured nor counted
	 */
	boolean isExcluded(String path) {
		try {
			return this.exclusions.isExcluded(path);
		}
		catch (RuntimeException ex) {
			failed(ex);
			return true;
		}
	}

	/**
	 * Decide whether the request is sampled and read the thread's counter if it is.
	 * @return the reading, {@link #NOT_SAMPLED}, or a negative value that says why the
	 * thread cannot be measured
	 */
	long start() {
		if (this.sampleRate < 1.0 && ThreadLocalRandom.current().nextDouble() >= this.sampleRate) {
			return NOT_SAMPLED;
		}
		return this.allocation.read();
	}

	/**
	 * Return the bytes the thread allocated since {@link #start()}, on the same thread.
	 * @param start the start reading
	 * @return the bytes, or the start reading if it was not a byte count
	 */
	long since(long start) {
		return (start == NOT_SAMPLED) ? NOT_SAMPLED : this.allocation.since(start);
	}

	/**
	 * Record a request.
	 * @param method the HTTP method
	 * @param pattern the matched handler pattern, or {@code null} if none matched
	 * @param status the response status
	 * @param allocated a result of {@link #since(long)}
	 */
	void record(String method, @Nullable String pattern, int status, long allocated) {
		try {
			RouteRecord route = this.recorder.route(method, route(pattern, status));
			if (allocated >= 0) {
				route.recordMeasured(status, allocated);
			}
			else if (allocated == NOT_SAMPLED) {
				route.recordNotSampled();
			}
			else {
				route.recordUnmeasured(this.allocation.whyUnmeasured(allocated));
			}
		}
		catch (RuntimeException | LinkageError ex) {
			failed(ex);
		}
	}

	/**
	 * Record a sampled request whose allocation cannot be known, or a request that was
	 * not sampled.
	 * @param method the HTTP method
	 * @param pattern the matched handler pattern, or {@code null} if none matched
	 * @param status the response status
	 * @param start the start reading, to tell unsampled requests apart
	 * @param reason why a sampled request is not measured
	 */
	void recordUnmeasured(String method, @Nullable String pattern, int status, long start, UnmeasuredReason reason) {
		if (start == NOT_SAMPLED || start < 0) {
			record(method, pattern, status, start);
			return;
		}
		try {
			this.recorder.route(method, route(pattern, status)).recordUnmeasured(reason);
		}
		catch (RuntimeException | LinkageError ex) {
			failed(ex);
		}
	}

	/**
	 * Count a failure of memleak's own.
	 * @param failure what went wrong
	 */
	void failed(Throwable failure) {
		this.failures.record(COMPONENT, failure);
	}

	/**
	 * Name the route of a request: its handler pattern, or a fixed bucket when none
	 * matched.
	 * @param pattern the matched pattern, or {@code null}
	 * @param status the response status
	 * @return the route
	 */
	static String route(@Nullable String pattern, int status) {
		if (pattern != null && !pattern.isEmpty()) {
			return pattern;
		}
		if (status == 404) {
			return RequestAllocationRecorder.NOT_FOUND;
		}
		return (status >= 300 && status < 400) ? RequestAllocationRecorder.REDIRECTION
				: RequestAllocationRecorder.UNKNOWN;
	}

}
