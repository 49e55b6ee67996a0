package dev.memleak.task;

import org.jspecify.annotations.Nullable;

/**
 * Allocation and duration of one task, as shown in the {@code tasks} section of the
 * report.
 *
 * @param name the task name ({@code Class.method}, the task's class, or a fixed bucket:
 * {@code UNNAMED}, {@code OTHER})
 * @param count executions, exact
 * @param failureCount executions that failed
 * @param measuredCount executions whose allocation was measured
 * @param allocatedBytesMean mean bytes per measured execution, {@code null} if none was
 * measured
 * @param allocatedBytesMax the largest measured execution, {@code null} if none was
 * measured
 * @param allocatedBytesTotal bytes allocated by all measured executions
 * @param durationMillisMean mean wall-clock duration of an execution, in milliseconds
 * @param durationMillisMax the longest execution, in milliseconds
 * @param allocationUnavailable why some executions could not be measured, or {@code null}
 * @author memleak
 */
public record TaskAllocation(String name, long count, long failureCount, long measuredCount,
		@Nullable Long allocatedBytesMean, @Nullable Long allocatedBytesMax, long allocatedBytesTotal,
		double durationMillisMean, double durationMillisMax, @Nullable String allocationUnavailable) {

}
