package dev.memleak.request;

import dev.memleak.allocation.AllocationCounter;
import dev.memleak.core.FailureRecorder;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * WebFlux filter that counts every exchange per route and measures the bytes it allocates
 * where that can be known exactly: when the whole exchange completes within one
 * uninterrupted run on the thread that started it. An exchange that waits for I/O or hops
 * threads is counted with its allocation unavailable, since the event loop serves other
 * exchanges meanwhile. It never changes or fails an exchange.
 *
 * @author memleak
 */
public final class ReactiveRequestMemoryFilter implements WebFilter, Ordered {

	private final RequestMeasurements measurements;

	private final int order;

	/**
	 * Create an instance.
	 * @param recorder where measurements go
	 * @param counter reads the thread's allocation
	 * @param failures where the filter's own failures are counted
	 * @param settings sampling, exclusions and order
	 */
	public ReactiveRequestMemoryFilter(RequestAllocationRecorder recorder, AllocationCounter counter,
			FailureRecorder failures, RequestSettings settings) {
		this.measurements = new RequestMeasurements(recorder, counter, failures, settings);
		this.order = settings.filterOrder();
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (isExcluded(exchange)) {
			return chain.filter(exchange);
		}
		return new MeasuredExchange(chain.filter(exchange), exchange, this.measurements);
	}

	@Override
	public int getOrder() {
		return this.order;
	}

	private boolean isExcluded(ServerWebExchange exchange) {
		try {
			return this.measurements.isExcluded(exchange.getRequest().getPath().pathWithinApplication().value());
		}
		catch (RuntimeException ex) {
			this.measurements.failed(ex);
			return true;
		}
	}

}
