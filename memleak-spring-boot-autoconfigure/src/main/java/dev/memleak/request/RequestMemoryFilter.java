package dev.memleak.request;

import java.io.IOException;

import dev.memleak.allocation.AllocationCounter;
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
import org.jspecify.annotations.Nullable;

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

	static final String COMPONENT = RequestMeasurements.COMPONENT;

	private final RequestMeasurements measurements;

	/**
	 * Create an instance.
	 * @param recorder where measurements go
	 * @param counter reads the thread's allocation
	 * @param failures where the filter's own failures are counted
	 * @param settings sampling and exclusions
	 */
	public RequestMemoryFilter(RequestAllocationRecorder recorder, AllocationCounter counter, FailureRecorder failures,
			RequestSettings settings) {
		this.measurements = new RequestMeasurements(recorder, counter, failures, settings);
	}

	@Override
	public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
			throws IOException, ServletException {
		if (!(req instanceof HttpServletRequest request) || !(res instanceof HttpServletResponse response)
				|| this.measurements.isExcluded(pathWithinApplication(request))) {
			chain.doFilter(req, res);
			return;
		}
		long start = this.measurements.start();
		boolean failed = true;
		try {
			chain.doFilter(request, response);
			failed = false;
		}
		finally {
			finish(request, response, start, failed);
		}
	}

	private void finish(HttpServletRequest request, HttpServletResponse response, long start, boolean failed) {
		long allocated = this.measurements.since(start);
		try {
			if (request.isAsyncStarted()) {
				request.getAsyncContext().addListener(new AsyncCompletion(allocated));
				return;
			}
			this.measurements.record(request.getMethod(), pattern(request), status(response, failed), allocated);
		}
		catch (RuntimeException | LinkageError ex) {
			this.measurements.failed(ex);
		}
	}

	private static String pathWithinApplication(HttpServletRequest request) {
		String uri = request.getRequestURI();
		String contextPath = request.getContextPath();
		return (contextPath.isEmpty() || !uri.startsWith(contextPath)) ? uri : uri.substring(contextPath.length());
	}

	private static int status(HttpServletResponse response, boolean failed) {
		int status = response.getStatus();
		// The container turns an exception that escapes the chain into a 500 after we
		// return.
		return (failed && status < 400) ? 500 : status;
	}

	private static @Nullable String pattern(HttpServletRequest request) {
		return (request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE) instanceof String pattern)
				? pattern : null;
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
				RequestMemoryFilter.this.measurements.record(request.getMethod(), pattern(request),
						status(response, this.failed), this.allocated);
			}
			catch (RuntimeException | LinkageError ex) {
				RequestMemoryFilter.this.measurements.failed(ex);
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
