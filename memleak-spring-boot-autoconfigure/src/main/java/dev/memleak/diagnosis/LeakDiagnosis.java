package dev.memleak.diagnosis;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One leak: which class, where it is allocated, which route or task allocates it, and
 * when the heap runs out.
 *
 * @param leakingClass which class leaks
 * @param allocationSite where its objects are allocated, or {@code null} if not known yet
 * @param workload the route or task whose handler is on the allocation stack, or
 * {@code null} if none is (or the site is not known)
 * @param regression the count regression's opinion on the route or task
 * @param projectedExhaustion when the live set reaches its maximum at its current growth,
 * or {@code null} if it does not grow significantly
 * @param exhaustionConfidence how sure the live set grows (the heap section's
 * confidence), or {@code null}
 * @author memleak
 */
public record LeakDiagnosis(LeakingClass leakingClass, @Nullable AllocationSite allocationSite,
		@Nullable WorkloadFinding workload, RegressionOpinion regression, @Nullable Instant projectedExhaustion,
		@Nullable Double exhaustionConfidence) {

}
