package dev.memleak.allocation;

/**
 * Totals of the allocation of one route or task at one moment.
 *
 * @param count executions counted, exact whatever the sampling
 * @param measuredCount executions whose allocation was measured
 * @param unmeasuredCount executions sampled but not measurable (virtual threads,
 * failures)
 * @param totalBytes bytes allocated by the measured executions
 * @param maxBytes the largest allocation of one measured execution
 * @param unmeasuredReason why some executions were not measurable, or {@code null}
 * @author memleak
 */
public record AllocationSummary(long count, long measuredCount, long unmeasuredCount, long totalBytes, long maxBytes,
		UnmeasuredReason unmeasuredReason) {

	/**
	 * Return the mean bytes per measured execution, or {@code null} if none was measured.
	 * @return the mean or {@code null}
	 */
	public Long meanBytes() {
		return (this.measuredCount > 0) ? this.totalBytes / this.measuredCount : null;
	}

	/**
	 * Return the bytes all counted executions are estimated to have allocated: the
	 * measured total scaled up to the exact count when sampling.
	 * @return the estimate, 0 if nothing was measured
	 */
	public long estimatedTotalBytes() {
		if (this.measuredCount == 0) {
			return 0;
		}
		return (long) ((double) this.totalBytes * this.count / this.measuredCount);
	}

}
