package dev.memleak.core;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The {@code pauses} section of the report: the pause budget, what was spent in the last
 * hour per operation, and the operations refused.
 *
 * @param limitMillisPerHour {@code memleak.pause-budget.per-hour}, in milliseconds
 * @param spentMillis the time the application was stopped by memleak in the last hour
 * (pauses running now counted at their estimate)
 * @param availableMillis what is left of the budget now
 * @param operations the pauses of the last hour, per operation
 * @param refused the last operations refused, oldest first
 * @author memleak
 */
public record PauseReport(double limitMillisPerHour, double spentMillis, double availableMillis,
		List<OperationPauses> operations, List<RefusedPause> refused) {

	public PauseReport {
		operations = List.copyOf(operations);
		refused = List.copyOf(refused);
	}

	/**
	 * The pauses of one operation in the last hour.
	 *
	 * @param operation such as {@code histogram-live}
	 * @param count pauses in the last hour
	 * @param spentMillis their total
	 * @param lastMillis the last pause measured, or {@code null}
	 * @param refusedTotal operations refused since startup
	 */
	public record OperationPauses(String operation, int count, double spentMillis, @Nullable Double lastMillis,
			long refusedTotal) {

	}

	/**
	 * An operation the budget refused.
	 *
	 * @param operation such as {@code histogram-all}
	 * @param at when
	 * @param estimateMillis its estimated pause
	 * @param freesAt when the budget had room for it, or {@code null} if never (larger
	 * than the whole budget)
	 */
	public record RefusedPause(String operation, Instant at, double estimateMillis, @Nullable Instant freesAt) {

	}

}
