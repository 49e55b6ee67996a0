package dev.memleak.request;

import java.util.Arrays;

import dev.memleak.allocation.AllocationStats;
import dev.memleak.allocation.UnmeasuredReason;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.http.Outcome;
import org.jspecify.annotations.Nullable;

/**
 * Totals and meters of one route (method and handler pattern). The summary of each status
 * is built once, on the first request with that status.
 *
 * @author memleak
 */
final class RouteRecord {

	static final String METER_NAME = "memleak.request.allocated";

	private static final StatusSummary[] NONE = new StatusSummary[0];

	private final String method;

	private final String uri;

	private final AllocationStats stats = new AllocationStats();

	private final @Nullable MeterRegistry registry;

	private volatile StatusSummary[] summaries = NONE;

	RouteRecord(String method, String uri, @Nullable MeterRegistry registry) {
		this.method = method;
		this.uri = uri;
		this.registry = registry;
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
		if (this.registry != null) {
			summaryFor(status).record(allocatedBytes);
		}
	}

	void recordNotSampled() {
		this.stats.recordNotSampled();
	}

	void recordUnmeasured(UnmeasuredReason reason) {
		this.stats.recordUnmeasured(reason);
	}

	private DistributionSummary summaryFor(int status) {
		for (StatusSummary candidate : this.summaries) {
			if (candidate.status == status) {
				return candidate.summary;
			}
		}
		return addSummary(status);
	}

	private synchronized DistributionSummary addSummary(int status) {
		StatusSummary[] current = this.summaries;
		for (StatusSummary candidate : current) {
			if (candidate.status == status) {
				return candidate.summary;
			}
		}
		DistributionSummary summary = DistributionSummary.builder(METER_NAME)
			.description("Bytes allocated by the request thread while serving a request")
			.baseUnit("bytes")
			.tag("method", this.method)
			.tag("uri", this.uri)
			.tag("status", Integer.toString(status))
			.tag("outcome", Outcome.forStatus(status).name())
			.register(this.registry);
		StatusSummary[] grown = Arrays.copyOf(current, current.length + 1);
		grown[current.length] = new StatusSummary(status, summary);
		this.summaries = grown;
		return summary;
	}

	private record StatusSummary(int status, DistributionSummary summary) {
	}

}
