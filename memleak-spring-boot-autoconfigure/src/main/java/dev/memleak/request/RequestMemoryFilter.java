package dev.memleak.request;

import java.io.IOException;
import java.util.concurrent.ThreadLocalRandom;

import dev.memleak.allocation.AllocationCounter;
import dev.memleak.allocation.AllocationReader;
import dev.memleak.allocation.UnmeasuredReason;
import dev.memleak.core.FailureRecorder;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.servlet.HandlerMapping;

/**
 * Servlet filter that measures the bytes the request thread allocates while serving a
 * request and records them per route. It never changes or fails a request: every failure
 * of its own is counted in {@code memleak.errors} and the request goes on.
 * <p>
 * For asynchronous requests only the part that runs on the request thread is measured;
 * the request is recorded when it completes, with its final status.
 *
 * @author memleak
 */
public final class RequestMemoryFilter implements Filter {

	static final String COMPONENT = "request";

	// Values of a measurement that is not a byte count.
	private static final long NOT_SAMPLED = Long.MIN_VALUE;

	private final RequestAllocationRecorder recorder;

	private final AllocationReader allocation;

	private final FailureRecorder failures;

	private final PathExclusions exclusions;

	private final double sampleRate;

	/**
	 * Create an instance.
	 * @param recorder where measurements go
	 * @param counter reads the thread's allocation
	 * @param failures where the filter's own failures are counted
	 * @param properties sampling and exclusions
	 */
	public RequestMemoryFilter(RequestAllocationRecorder recorder, AllocationCounter counter, FailureRecorder failures,
			RequestMemoryProperties properties) {
		this.recorder = recorder;
		this.failures = failures;
		this.allocation = new AllocationReader(counter, (failure) -> failures.record(COMPONENT, failure));
		this.exclusions = new PathExclusions(properties.getExclude());
		this.sampleRate = properties.getSampleRate();
	}

	@Override
	public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
			throws IOException, ServletException {
		if (!(req instanceof HttpServletRequest request) || !(res instanceof HttpServletResponse response)
				|| isExcluded(request)) {
			chain.doFilter(req, res);
			return;
		}
		long start = start();
		boolean failed = true;
		try {
			chain.doFilter(request, response);
			failed = false;
		}
		finally {
			finish(request, response, start, failed);
		}
	}

	private boolean isExcluded(HttpServletRequest request) {
		try {
			return this.exclusions.isExcluded(request);
		}
		catch (RuntimeException ex) {
			this.failures.record(COMPONENT, ex);
			return true;
		}
	}

	private long start() {
		if (this.sampleRate < 1.0 && ThreadLocalRandom.current().nextDouble() >= this.sampleRate) {
			return NOT_SAMPLED;
		}
		return this.allocation.read();
	}

	private void finish(HttpServletRequest request, HttpServletResponse response, long start, boolean failed) {
		try {
			long allocated = this.allocation.since(start);
			if (request.isAsyncStarted()) {
				request.getAsyncContext().addListener(new AsyncCompletion(allocated));
				return;
			}
			record(request, status(response, failed), allocated);
		}
		catch (RuntimeException | LinkageError ex) {
			this.failures.record(COMPONENT, ex);
		}
	}

	private void record(HttpServletRequest request, int status, long allocated) {
		RouteRecord route = this.recorder.route(request.getMethod(), uri(request, status));
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

	private static int status(HttpServletResponse response, boolean failed) {
		int status = response.getStatus();
		// The container turns an exception that escapes the chain into a 500 after we
		// return.
		return (failed && status < 400) ? 500 : status;
	}

	private static String uri(HttpServletRequest request, int status) {
		Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
		if (pattern instanceof String matched && !matched.isEmpty()) {
			return matched;
		}
		if (status == 404) {
			return RequestAllocationRecorder.NOT_FOUND;
		}
		return (status >= 300 && status < 400) ? RequestAllocationRecorder.REDIRECTION
				: RequestAllocationRecorder.UNKNOWN;
	}

	/**
	 * Records an asynchronous request once it completes, with the bytes measured on the
	 * request thread.
	 */
	private final class AsyncCompletion implements AsyncListener {

		private final long allocated;

		private volatile boolean failed;

		AsyncCompletion(long allocated) {
			this.allocated = allocated;
		}

		@Override
		public void onComplete(AsyncEvent event) {
			try {
				HttpServletRequest request = (HttpServletRequest) event.getSuppliedRequest();
				HttpServletResponse response = (HttpServletResponse) event.getSuppliedResponse();
				record(request, status(response, this.failed), this.allocated);
			}
			catch (RuntimeException | LinkageError ex) {
				RequestMemoryFilter.this.failures.record(COMPONENT, ex);
			}
		}

		@Override
		public void onTimeout(AsyncEvent event) {
			this.failed = true;
		}

		@Override
		public void onError(AsyncEvent event) {
			this.failed = true;
		}

		@Override
		public void onStartAsync(AsyncEvent event) {
			event.getAsyncContext().addListener(this);
		}

	}

}
