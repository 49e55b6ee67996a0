package dev.memleak.sample;

import java.time.Duration;
import java.util.Arrays;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

import org.awaitility.core.ThrowingRunnable;

/**
 * Waits for an outcome of a scenario with a bound expressed in the progress the outcome
 * depends on (snapshots taken, floor points, job runs, requests sent) rather than in
 * wall-clock seconds, which load on a shared machine stretches: the wait fails once every
 * budget is spent without the outcome. A wall-clock safety limit, far above what a
 * scenario needs, only stops one that makes no progress at all.
 *
 * @author memleak
 */
final class Progress {

	/** Wall-clock limit of any wait, whatever its budgets. */
	static final Duration SAFETY_LIMIT = Duration.ofMinutes(6);

	private Progress() {
	}

	/**
	 * Return a budget.
	 * @param name what is counted, for the failure message
	 * @param spent how much has been spent so far
	 * @param limit the budget
	 * @return the budget
	 */
	static Budget budget(String name, LongSupplier spent, long limit) {
		return new Budget(name, spent, limit);
	}

	/**
	 * Check until the check passes, failing once every budget is spent without it (the
	 * outcome had all the progress it needs), or at the safety limit.
	 * @param outcome what is waited for, for the failure message
	 * @param poll time between two checks
	 * @param check an assertion that passes once the outcome holds
	 * @param budgets the progress the outcome may take
	 * @throws InterruptedException if interrupted while waiting
	 */
	static void until(String outcome, Duration poll, ThrowingRunnable check, Budget... budgets)
			throws InterruptedException {
		long deadline = System.nanoTime() + SAFETY_LIMIT.toNanos();
		while (true) {
			// Read before the check, so that an outcome reached with the last of the
			// budget passes.
			boolean spent = Arrays.stream(budgets).allMatch(Budget::spent);
			Throwable last;
			try {
				check.run();
				return;
			}
			catch (InterruptedException | VirtualMachineError ex) {
				throw ex;
			}
			catch (Throwable ex) {
				// Not yet, or the application too busy to answer in time.
				last = ex;
			}
			if (spent) {
				throw new AssertionError(outcome + " not within " + describe(budgets), last);
			}
			if (System.nanoTime() - deadline > 0) {
				throw new AssertionError(
						outcome + " not within the safety limit of " + SAFETY_LIMIT + " at " + describe(budgets), last);
			}
			Thread.sleep(poll.toMillis());
		}
	}

	private static String describe(Budget... budgets) {
		return Arrays.stream(budgets).map(Budget::toString).collect(Collectors.joining(" and "));
	}

	/**
	 * Progress an outcome may take.
	 *
	 * @param name what is counted
	 * @param progress how much has been spent so far
	 * @param limit the budget
	 */
	record Budget(String name, LongSupplier progress, long limit) {

		boolean spent() {
			return this.progress.getAsLong() >= this.limit;
		}

		@Override
		public String toString() {
			return this.progress.getAsLong() + " of " + this.limit + " " + this.name;
		}

	}

}
