package dev.memleak.request;

import dev.memleak.allocation.AllocationSummary;
import org.jspecify.annotations.Nullable;

/**
 * Allocation of one route, as shown in the {@code requests} section of the report.
 *
 * @param method the HTTP method
 * @param uri the handler pattern, or a fixed bucket ({@code NOT_FOUND},
 * {@code REDIRECTION}, {@code UNKNOWN}, {@code OTHER})
 * @param count requests served, exact whatever the sampling
 * @param measuredCount requests whose allocation was measured
 * @param allocatedBytesMean mean bytes per measured request, {@code null} if none was
 * measured
 * @param allocatedBytesMax the largest measured request, {@code null} if none was
 * measured
 * @param allocatedBytesTotal bytes allocated by all requests (measured total scaled to
 * the exact count when sampling)
 * @param allocationUnavailable why some requests could not be measured, or {@code null}
 * @author memleak
 */
public record RouteAllocation(String method, String uri, long count, long measuredCount,
		@Nullable Long allocatedBytesMean, @Nullable Long allocatedBytesMax, long allocatedBytesTotal,
		@Nullable String allocationUnavailable) {

	static RouteAllocation of(String method, String uri, AllocationSummary summary) {
		boolean measured = summary.measuredCount() > 0;
		return new RouteAllocation(method, uri, summary.count(), summary.measuredCount(), summary.meanBytes(),
				measured ? summary.maxBytes() : null, summary.estimatedTotalBytes(),
				(summary.unmeasuredReason() != null) ? summary.unmeasuredReason().description() : null);
	}

}
