package dev.memleak.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The time memleak may stop the application per hour
 * ({@code memleak.pause-budget.per-hour}), enforced for everything that stops it: heap
 * histograms, leak-site emissions and heap dumps. Before an operation, its pause is
 * estimated from the last ones measured and the heap in use; an operation whose estimate
 * does not fit what is left of the last hour is refused, with the time the budget frees
 * up. Operations someone asked for explicitly may exceed the budget, but are counted.
 * Thread-safe; bounded: at most {@link #MAX_ENTRIES} pauses and {@link #MAX_REFUSALS}
 * refusals are kept.
 *
 * @author memleak
 */
public final class PauseBudget {

	static final Duration HOUR = Duration.ofHours(1);

	static final int MAX_ENTRIES = 1024;

	static final int MAX_REFUSALS = 10;

	private final Duration perHour;

	private final Clock clock;

	private final PauseEstimates estimates = new PauseEstimates();

	private final Deque<Entry> entries = new ArrayDeque<>();

	private final Deque<Refusal> refusals = new ArrayDeque<>();

	private final Map<PauseOperation, Long> refusedCounts = new EnumMap<>(PauseOperation.class);

	/**
	 * Create a budget.
	 * @param perHour the most time the application may be stopped within any hour
	 * @param clock the time source
	 */
	public PauseBudget(Duration perHour, Clock clock) {
		if (perHour.isNegative() || perHour.compareTo(HOUR) > 0) {
			throw new IllegalArgumentException(
					"memleak.pause-budget.per-hour must be between 0s and 1h (inclusive), but was " + perHour);
		}
		this.perHour = perHour;
		this.clock = clock;
	}

	/**
	 * Return a budget that refuses nothing (an hour per hour), for components built
	 * without one; it still counts what they spend.
	 * @return the budget
	 */
	public static PauseBudget unlimited() {
		return new PauseBudget(HOUR, Clock.systemUTC());
	}

	/**
	 * Return the hourly limit.
	 * @return the limit
	 */
	public Duration perHour() {
		return this.perHour;
	}

	/**
	 * Estimate the pause of an operation from the last ones measured and the heap in use.
	 * @param operation the operation
	 * @param heapBytes the heap in use now
	 * @return the estimate
	 */
	public Duration estimate(PauseOperation operation, long heapBytes) {
		synchronized (this) {
			return this.estimates.estimate(operation, heapBytes);
		}
	}

	/**
	 * Ask to pause the application for an operation. A granted permit reserves its
	 * estimate until it is {@linkplain Permit#complete(Duration) completed} with the
	 * pause measured, or {@linkplain Permit#cancel() cancelled}.
	 * @param operation the operation
	 * @param heapBytes the heap in use now, from which the pause is estimated
	 * @param requested whether someone asked for it explicitly: then it is granted even
	 * over the budget, and counted
	 * @return the permit, granted or refused
	 */
	public synchronized Permit acquire(PauseOperation operation, long heapBytes, boolean requested) {
		Instant now = this.clock.instant();
		Duration estimate = this.estimates.estimate(operation, heapBytes);
		Duration spent = spentSince(now.minus(HOUR));
		if (!requested && spent.plus(estimate).compareTo(this.perHour) > 0) {
			Instant freesAt = freesAt(now, estimate);
			Refusal refusal = new Refusal(operation, now, estimate, freesAt);
			if (this.refusals.size() == MAX_REFUSALS) {
				this.refusals.removeFirst();
			}
			this.refusals.addLast(refusal);
			this.refusedCounts.merge(operation, 1L, Long::sum);
			return new Permit(this, null, operation, estimate, heapBytes, refusal);
		}
		Entry entry = new Entry(operation, now, estimate, true);
		add(entry);
		return new Permit(this, entry, operation, estimate, heapBytes, null);
	}

	/**
	 * Return when an operation of the given estimated pause would fit the budget.
	 * @param estimate the pause
	 * @return now if it fits, a later time, or {@code null} if it never fits (larger than
	 * the hourly budget)
	 */
	public synchronized @Nullable Instant freesAt(Duration estimate) {
		return freesAt(this.clock.instant(), estimate);
	}

	/**
	 * Return the time spent in pauses within the last hour, reservations included.
	 * @return the time
	 */
	public synchronized Duration spentInLastHour() {
		return spentSince(this.clock.instant().minus(HOUR));
	}

	/**
	 * Return the number of operations refused so far.
	 * @return the count
	 */
	public synchronized long refusedCount() {
		return this.refusedCounts.values().stream().mapToLong(Long::longValue).sum();
	}

	/**
	 * Return the time one operation spent in pauses within the last hour.
	 * @param operation the operation
	 * @return the time
	 */
	public synchronized Duration spentInLastHour(PauseOperation operation) {
		Instant from = this.clock.instant().minus(HOUR);
		Duration spent = Duration.ZERO;
		for (Entry entry : this.entries) {
			if (entry.operation == operation && entry.at.isAfter(from)) {
				spent = spent.plus(entry.duration);
			}
		}
		return spent;
	}

	/**
	 * Return the {@code pauses} section of the report.
	 * @return the report
	 */
	public synchronized PauseReport report() {
		Instant now = this.clock.instant();
		Instant from = now.minus(HOUR);
		Map<PauseOperation, long[]> perOperation = new EnumMap<>(PauseOperation.class);
		for (Entry entry : this.entries) {
			if (entry.at.isAfter(from)) {
				long[] totals = perOperation.computeIfAbsent(entry.operation, (key) -> new long[2]);
				totals[0]++;
				totals[1] += entry.duration.toNanos();
			}
		}
		List<PauseReport.OperationPauses> operations = new ArrayList<>();
		for (PauseOperation operation : PauseOperation.values()) {
			long[] totals = perOperation.getOrDefault(operation, new long[2]);
			Duration last = this.estimates.lastMeasured(operation);
			operations.add(new PauseReport.OperationPauses(operation.tagValue(), (int) totals[0],
					millis(Duration.ofNanos(totals[1])), (last != null) ? millis(last) : null,
					this.refusedCounts.getOrDefault(operation, 0L)));
		}
		Duration spent = spentSince(from);
		Duration available = this.perHour.minus(spent);
		List<PauseReport.RefusedPause> refused = this.refusals.stream()
			.map((refusal) -> new PauseReport.RefusedPause(refusal.operation.tagValue(), refusal.at,
					millis(refusal.estimate), refusal.freesAt))
			.toList();
		return new PauseReport(millis(this.perHour), millis(spent),
				millis(available.isNegative() ? Duration.ZERO : available), operations, refused);
	}

	synchronized void complete(@Nullable Entry entry, PauseOperation operation, Duration pause, long heapBytes) {
		this.estimates.measured(operation, pause, heapBytes);
		if (entry != null) {
			entry.duration = pause;
			entry.reserved = false;
		}
	}

	synchronized void cancel(@Nullable Entry entry) {
		if (entry != null) {
			this.entries.remove(entry);
		}
	}

	/**
	 * Record a pause that was not asked for beforehand, such as one someone else caused.
	 * @param operation the operation
	 * @param pause the pause measured
	 * @param heapBytes the heap in use when it ran
	 */
	public synchronized void record(PauseOperation operation, Duration pause, long heapBytes) {
		add(new Entry(operation, this.clock.instant(), pause, false));
		this.estimates.measured(operation, pause, heapBytes);
	}

	private void add(Entry entry) {
		Instant from = entry.at.minus(HOUR);
		for (Iterator<Entry> iterator = this.entries.iterator(); iterator.hasNext();) {
			Entry old = iterator.next();
			if (!old.reserved && !old.at.isAfter(from)) {
				iterator.remove();
			}
		}
		if (this.entries.size() >= MAX_ENTRIES) {
			// Merge the two oldest, keeping the later time: never undercounts the last
			// hour.
			Entry oldest = this.entries.removeFirst();
			Entry next = this.entries.peekFirst();
			if (next != null && !oldest.reserved) {
				next.duration = next.duration.plus(oldest.duration);
			}
		}
		this.entries.addLast(entry);
	}

	private Duration spentSince(Instant from) {
		Duration spent = Duration.ZERO;
		for (Entry entry : this.entries) {
			if (entry.at.isAfter(from) || entry.reserved) {
				spent = spent.plus(entry.duration);
			}
		}
		return spent;
	}

	// The earliest time from now on at which the pauses still within the hour before it,
	// plus the estimate, fit the budget.
	private @Nullable Instant freesAt(Instant now, Duration estimate) {
		if (estimate.compareTo(this.perHour) > 0) {
			return null;
		}
		Duration spent = spentSince(now.minus(HOUR));
		if (spent.plus(estimate).compareTo(this.perHour) <= 0) {
			return now;
		}
		List<Entry> expiring = this.entries.stream()
			.filter((entry) -> !entry.reserved && entry.at.isAfter(now.minus(HOUR)))
			.sorted((a, b) -> a.at.compareTo(b.at))
			.toList();
		for (Entry entry : expiring) {
			spent = spent.minus(entry.duration);
			if (spent.plus(estimate).compareTo(this.perHour) <= 0) {
				return entry.at.plus(HOUR);
			}
		}
		return null;
	}

	private static double millis(Duration duration) {
		return duration.toNanos() / 1e6;
	}

	static final class Entry {

		private final PauseOperation operation;

		private final Instant at;

		private Duration duration;

		private boolean reserved;

		Entry(PauseOperation operation, Instant at, Duration duration, boolean reserved) {
			this.operation = operation;
			this.at = at;
			this.duration = duration;
			this.reserved = reserved;
		}

	}

	private record Refusal(PauseOperation operation, Instant at, Duration estimate, @Nullable Instant freesAt) {

	}

	/**
	 * The answer to {@link PauseBudget#acquire}: granted, or refused with the time the
	 * budget frees up. Complete or cancel a granted permit once.
	 */
	public static final class Permit {

		private final PauseBudget budget;

		private final @Nullable Entry entry;

		private final PauseOperation operation;

		private final Duration estimate;

		private final long heapBytes;

		private final @Nullable Refusal refusal;

		Permit(PauseBudget budget, @Nullable Entry entry, PauseOperation operation, Duration estimate, long heapBytes,
				@Nullable Refusal refusal) {
			this.budget = budget;
			this.entry = entry;
			this.operation = operation;
			this.estimate = estimate;
			this.heapBytes = heapBytes;
			this.refusal = refusal;
		}

		/**
		 * Whether the operation may run.
		 * @return {@code true} if granted
		 */
		public boolean isGranted() {
			return this.refusal == null;
		}

		/**
		 * Return the estimated pause.
		 * @return the estimate
		 */
		public Duration estimate() {
			return this.estimate;
		}

		/**
		 * Return when the budget frees up for this operation, for a refused permit.
		 * @return the time, or {@code null} if granted or never
		 */
		public @Nullable Instant freesAt() {
			return (this.refusal != null) ? this.refusal.freesAt() : null;
		}

		/**
		 * Return a sentence saying why the operation was refused.
		 * @return the sentence, or {@code null} if granted
		 */
		public @Nullable String refusalNote() {
			if (this.refusal == null) {
				return null;
			}
			Instant freesAt = this.refusal.freesAt();
			return "The pause budget (memleak.pause-budget.per-hour=" + this.budget.perHour() + ") has "
					+ this.budget.perHour().minus(this.budget.spentInLastHour()).toMillis()
					+ " ms left for the last hour, less than the estimated " + this.estimate.toMillis() + " ms of "
					+ this.operation.tagValue() + "; "
					+ ((freesAt != null) ? "it frees up at " + freesAt : "this pause is larger than the whole budget")
					+ ".";
		}

		/**
		 * Record the pause the operation caused.
		 * @param pause the pause measured
		 */
		public void complete(Duration pause) {
			if (isGranted()) {
				this.budget.complete(this.entry, this.operation, pause, this.heapBytes);
			}
		}

		/**
		 * Release the reservation of an operation that did not stop the application.
		 */
		public void cancel() {
			if (isGranted()) {
				this.budget.cancel(this.entry);
			}
		}

	}

}
