package dev.memleak.escalation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;

import dev.memleak.core.PauseBudget;
import dev.memleak.escalation.EscalationStatus.Phase;
import dev.memleak.heap.FloorCandidate;
import dev.memleak.snapshot.ClassHistogramSnapshotter;
import dev.memleak.snapshot.HeapSnapshot;
import dev.memleak.snapshot.SnapshotMode;
import dev.memleak.snapshot.SnapshotStatus;
import dev.memleak.snapshot.SnapshotTrigger;
import org.jspecify.annotations.Nullable;

/**
 * The heap snapshots of one escalation. Up to the forced-GC limit they are {@code live}:
 * a full collection first, so only reachable objects are counted, and each one is an
 * exact floor point for the detector too. Above it they are {@code all}, taken right
 * after a collection that reclaimed the old generation (when the young generation is
 * nearly empty and the old generation's garbage was just reclaimed), or, when none comes
 * for a while, right after a young collection. They are spaced so that the leak adds well
 * over {@code memleak.snapshot.suspect-min-growth} between two of them, until K of them
 * name suspects; while the detector still needs floor points (WATCH, or an old generation
 * that nothing reclaims), {@code live} snapshots go on at a fraction of min-duration. Not
 * thread-safe except {@link #onCandidate}: the escalation's thread drives it.
 *
 * @author memleak
 */
final class HistogramBurst {

	/** The leak should add this many times suspect-min-growth between two snapshots. */
	static final int GAIN_FACTOR = 4;

	/**
	 * Least time between two snapshots of an escalation, as a fraction of
	 * {@code memleak.escalation.max-duration}: 30 s with the default 10 minutes.
	 */
	static final int MIN_SPACING_PER_MAX_DURATION = 20;

	/** Snapshots the detector needs per min-duration when it lacks floor points. */
	static final int PROBES_PER_MIN_DURATION = 10;

	/**
	 * How long an {@code all} snapshot waits for a collection that reclaims the old
	 * generation before it settles for a young collection, as a fraction of
	 * {@code memleak.escalation.max-duration}: 2 minutes with the default 10 minutes.
	 */
	static final int RECLAIM_WAITS_PER_MAX_DURATION = 5;

	private final ClassHistogramSnapshotter snapshotter;

	private final PauseBudget budget;

	private final LongSupplier heapUsed;

	private final Clock clock;

	private final Executor executor;

	private Instant deadline;

	private boolean extended;

	private final int planned;

	private final Duration minDuration;

	private final Duration minSpacing;

	private final Duration reclaimWait;

	private @Nullable SnapshotMode mode;

	private @Nullable String method;

	private int taken;

	private int attempts;

	private double pauseMillis;

	private @Nullable Instant nextAt;

	private @Nullable Duration spacing;

	private Phase phase = Phase.RUNNING;

	private @Nullable String note;

	private volatile @Nullable Instant armedSince;

	HistogramBurst(ClassHistogramSnapshotter snapshotter, PauseBudget budget, LongSupplier heapUsed, Clock clock,
			Executor executor, Instant start, Duration maxDuration, Duration minDuration) {
		this.snapshotter = snapshotter;
		this.budget = budget;
		this.heapUsed = heapUsed;
		this.clock = clock;
		this.executor = executor;
		this.deadline = start.plus(maxDuration);
		this.planned = snapshotter.suspectMinSnapshots();
		this.minDuration = minDuration;
		this.minSpacing = maxDuration.dividedBy(MIN_SPACING_PER_MAX_DURATION);
		this.reclaimWait = maxDuration.dividedBy(RECLAIM_WAITS_PER_MAX_DURATION);
		this.nextAt = start;
		if (!snapshotter.isAvailable()) {
			this.phase = Phase.UNAVAILABLE;
			this.note = "This JVM cannot take class histograms: no heap snapshots.";
		}
	}

	/**
	 * Take the next snapshot if it is due, or finish.
	 * @param now the time
	 * @param needs what the evidence is needed for now
	 */
	void step(Instant now, Needs needs) {
		if (this.phase != Phase.RUNNING) {
			return;
		}
		boolean named = this.taken >= this.planned && !this.snapshotter.suspects().isEmpty();
		if (needs.liveSetStopped()) {
			finish(named ? Phase.DONE : Phase.INCOMPLETE,
					named ? null : "The live set stopped growing before suspects were named.");
			return;
		}
		boolean probing = needs.floorPoints() && this.mode != SnapshotMode.ALL;
		if (needs.flat() != null) {
			finish(named ? Phase.DONE : Phase.INCOMPLETE, needs.flat());
			return;
		}
		if (named && !probing) {
			if (!needs.undecided() || !now.isBefore(this.deadline)) {
				finish(Phase.DONE, null);
				return;
			}
			// The suspects are named and the collector gives the detector floor points
			// now, but the detector has not decided: no pause until it decides, or until
			// the collector falls silent and the probes must supply them.
			this.note = "Suspects named; waiting, without heap snapshots, for the detector to decide from the "
					+ "collector's floor points (probes resume if the collector stops reclaiming).";
			return;
		}
		if (!now.isBefore(this.deadline) && probing && !this.extended) {
			// The detector still lacks the floor points to decide: go on for at most
			// min-duration, the time growth must be observed for.
			this.extended = true;
			this.deadline = this.deadline.plus(this.minDuration);
		}
		if (!now.isBefore(this.deadline)) {
			finish(named ? Phase.DONE : Phase.INCOMPLETE,
					named ? null
							: "memleak.escalation.max-duration ran out after " + this.taken + " heap snapshots"
									+ ((this.taken < this.planned) ? "; suspects need " + this.planned + " of one mode."
											: "; no class kept growing across the last " + this.planned + "."));
			return;
		}
		this.spacing = spacing(needs, named);
		if (this.nextAt != null && now.isBefore(this.nextAt)) {
			return;
		}
		if (this.mode == null) {
			chooseMode();
		}
		Duration estimate = this.budget.estimate(ClassHistogramSnapshotter.pauseOperation(this.mode),
				this.heapUsed.getAsLong());
		Instant freesAt = this.budget.freesAt(estimate);
		// The budget answers "now" with its own clock, a little after this tick's now.
		if (freesAt == null || freesAt.isAfter(this.clock.instant())) {
			this.nextAt = (freesAt != null) ? freesAt : this.deadline;
			this.note = "Waiting for the pause budget (memleak.pause-budget.per-hour): the next snapshot, about "
					+ estimate.toMillis() + " ms, fits " + ((freesAt != null) ? "at " + freesAt : "never") + ".";
			return;
		}
		if (this.mode == SnapshotMode.LIVE) {
			take(SnapshotMode.LIVE, now);
		}
		else if (this.armedSince == null) {
			this.armedSince = now;
			this.note = "Waiting for a collection that reclaims the old generation, to take an 'all' snapshot "
					+ "right after it.";
		}
	}

	/**
	 * Hear of a collection, on the GC notification thread: an armed {@code all} snapshot
	 * runs right after a reclaiming collection, or after a young one once it waited a
	 * fifth of max-duration.
	 * @param candidate what the collection left
	 */
	void onCandidate(FloorCandidate candidate) {
		Instant armed = this.armedSince;
		if (armed == null) {
			return;
		}
		boolean reclaimed = candidate.isFloor();
		if (reclaimed || !candidate.at().isBefore(armed.plus(this.reclaimWait))) {
			this.armedSince = null;
			this.executor.execute(() -> takeAll(reclaimed));
		}
	}

	/**
	 * Stop taking snapshots.
	 * @param note why, or {@code null}
	 */
	void stop(@Nullable String note) {
		if (this.phase == Phase.RUNNING) {
			finish(Phase.INCOMPLETE, note);
		}
	}

	boolean isRunning() {
		return this.phase == Phase.RUNNING;
	}

	EscalationStatus.Histograms status() {
		return new EscalationStatus.Histograms(this.phase, this.mode, this.method, this.planned, this.taken,
				this.spacing, (this.phase == Phase.RUNNING) ? this.nextAt : null, this.pauseMillis, this.note);
	}

	private void takeAll(boolean reclaimed) {
		if (this.phase != Phase.RUNNING) {
			return;
		}
		this.method = reclaimed
				? "all, taken right after a collection that reclaimed the old generation: the heap in use is above "
						+ "memleak.snapshot.max-heap-for-forced-gc, where a forced full collection would pause too "
						+ "long; right after such a collection the young generation is nearly empty and the old "
						+ "generation's garbage was just reclaimed, so few dead objects are counted"
				: "all, taken right after a young collection: the heap in use is above "
						+ "memleak.snapshot.max-heap-for-forced-gc and no collection reclaimed the old generation "
						+ "within " + this.reclaimWait.toSeconds() + " s; garbage waiting in the old generation "
						+ "is counted, so classes that turn over there can look like growth";
		take(SnapshotMode.ALL, this.clock.instant());
	}

	private void take(SnapshotMode mode, Instant now) {
		this.attempts++;
		HeapSnapshot snapshot = this.snapshotter.takeSnapshot(SnapshotTrigger.ESCALATION, mode);
		if (snapshot.status() == SnapshotStatus.BUSY) {
			this.nextAt = now.plusSeconds(5);
			return;
		}
		this.pauseMillis += snapshot.duration().toNanos() / 1e6;
		if (snapshot.status() == SnapshotStatus.COMPLETED) {
			this.taken++;
			this.note = null;
		}
		else {
			this.note = "The last heap snapshot was " + snapshot.status() + ": " + snapshot.note();
		}
		Duration spacing = (this.spacing != null) ? this.spacing : this.minSpacing;
		this.nextAt = now.plus(spacing);
	}

	private void chooseMode() {
		long heap = this.heapUsed.getAsLong();
		if (heap <= this.snapshotter.maxHeapForForcedGc()) {
			this.mode = SnapshotMode.LIVE;
			this.method = "live: a full collection first, so only reachable objects are counted (heap in use "
					+ (heap >> 20) + " MB is within memleak.snapshot.max-heap-for-forced-gc, "
					+ (this.snapshotter.maxHeapForForcedGc() >> 20) + " MB); each one is also an exact floor point "
					+ "for the leak detector";
		}
		else {
			this.mode = SnapshotMode.ALL;
			this.method = "all, right after a collection that reclaims the old generation (heap in use " + (heap >> 20)
					+ " MB is above memleak.snapshot.max-heap-for-forced-gc, "
					+ (this.snapshotter.maxHeapForForcedGc() >> 20) + " MB)";
		}
	}

	// Suspects: the leak should add GAIN_FACTOR times suspect-min-growth per interval,
	// and
	// K snapshots fit the escalation. Floor points: PROBES_PER_MIN_DURATION per
	// min-duration.
	private Duration spacing(Needs needs, boolean named) {
		Duration left = Duration.between(this.clock.instant(), this.deadline);
		Duration fit = max(this.minSpacing, left.dividedBy(Math.max(1, this.planned - this.taken)));
		Duration spacing = fit;
		if (!named && needs.growthBytesPerSecond() > 0) {
			long millis = (long) (GAIN_FACTOR * this.snapshotter.suspectMinGrowthBytes() * 1000.0
					/ needs.growthBytesPerSecond());
			spacing = clamp(Duration.ofMillis(millis), this.minSpacing, fit);
		}
		if (needs.floorPoints() && this.mode != SnapshotMode.ALL) {
			// Floor points for the detector first: the suspects are judged on the last K.
			spacing = max(this.minSpacing, probeInterval(this.minDuration));
		}
		return spacing;
	}

	/**
	 * Return the time between two floor-point probes when the detector lacks floor
	 * points.
	 * @param minDuration the detector's min-duration
	 * @return a tenth of it
	 */
	static Duration probeInterval(Duration minDuration) {
		return minDuration.dividedBy(PROBES_PER_MIN_DURATION);
	}

	private static Duration max(Duration a, Duration b) {
		return (a.compareTo(b) >= 0) ? a : b;
	}

	private static Duration clamp(Duration value, Duration min, Duration max) {
		if (max.compareTo(min) < 0) {
			return min;
		}
		return (value.compareTo(min) < 0) ? min : ((value.compareTo(max) > 0) ? max : value);
	}

	private void finish(Phase phase, @Nullable String note) {
		this.phase = phase;
		this.note = note;
		this.armedSince = null;
		this.nextAt = null;
	}

	/**
	 * What the escalation needs now.
	 *
	 * @param growthBytesPerSecond the live set's growth (or the old generation's when no
	 * floor point shows it), 0 if unknown
	 * @param floorPoints whether the detector needs floor points (WATCH, or an old
	 * generation nothing reclaims)
	 * @param liveSetStopped whether the live set stopped growing (status OK)
	 * @param flat why the exact floor points of this escalation show a live set that does
	 * not grow, or {@code null} if they do not (yet)
	 * @param undecided whether the detector has not decided yet (WATCH or UNKNOWN): a
	 * burst whose suspects are named then waits, until max-duration, for the collector to
	 * fall silent rather than end
	 */
	record Needs(double growthBytesPerSecond, boolean floorPoints, boolean liveSetStopped, @Nullable String flat,
			boolean undecided) {

	}

}
