package dev.memleak.request;

import dev.memleak.allocation.AllocatedBytesMeter;
import dev.memleak.allocation.AllocationStats;
import dev.memleak.allocation.UnmeasuredReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

/**
 * Totals and meter of one route (method and handler pattern). The route has one counter,
 * {@code memleak.request.allocated} per (method, uri): request counts, statuses and
 * outcomes are what {@code http.server.requests} already exports, so the mean per request
 * is the ratio of the two in the query (docs/metrics.md).
 *
 * @author memleak
 */
final class RouteRecord {

	static final String METER_NAME = "memleak.request.allocated";

	private final String method;

	private final String uri;

	private final AllocationStats stats = new AllocationStats();

	private final @Nullable AllocatedBytesMeter meter;

	RouteRecord(String method, String uri, @Nullable MeterRegistry registry) {
		this.method = method;
		this.uri = uri;
		this.meter = (registry != null) ? new AllocatedBytesMeter(() -> register(registry)) : null;
	}

	String method() {
		return this.method;
	}

	String uri() {
		return this.uri;
	}

	AllocationStats stats() {
		return this.stats;
	}

	void recordMeasured(int status, long allocatedBytes) {
		this.stats.recordMeasured(allocatedBytes);
		if (this.meter != null) {
			this.meter.recordMeasured(allocatedBytes);
		}
	}

	void recordNotSampled() {
		this.stats.recordNotSampled();
		if (this.meter != null) {
			this.meter.recordUnmeasured();
		}
	}

	void recordUnmeasured(UnmeasuredReason reason) {
		this.stats.recordUnmeasured(reason);
		if (this.meter != null) {
			this.meter.recordUnmeasured();
		}
	}

	private Counter register(MeterRegistry registry) {
		return Counter.builder(METER_NAME)
			.description("Bytes allocated by the request thread while serving the route's requests "
					+ "(requests not measured are represented by the next measured one)")
			.baseUnit("bytes")
			.tag("method", this.method)
			.tag("uri", this.uri)
			.register(registry);
	}

}
