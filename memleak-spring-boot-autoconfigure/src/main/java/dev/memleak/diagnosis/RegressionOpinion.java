package dev.memleak.diagnosis;

import org.jspecify.annotations.Nullable;

/**
 * The count regression's opinion, as a second one on the route or task of a leak.
 *
 * @param agreement how it compares with the workload found on the allocation stack
 * @param workload the route or task the regression names first, {@code GET /owners/{id}}
 * or {@code task InvoiceArchiveJob.archive}, or {@code null}
 * @param confidence the regression's confidence in it, or {@code null}
 * @param note what the comparison means, in one sentence
 * @author memleak
 */
public record RegressionOpinion(Agreement agreement, @Nullable String workload, @Nullable Double confidence,
		String note) {

}
