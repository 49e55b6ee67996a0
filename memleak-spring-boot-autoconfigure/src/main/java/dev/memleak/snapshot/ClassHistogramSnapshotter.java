package dev.memleak.snapshot;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

import dev.memleak.core.FailureRecorder;
import dev.memleak.core.PauseBudget;
import dev.memleak.core.PauseOperation;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Takes heap snapshots (class histograms), one at a time, within the pause budget, keeps
 * a bounded history of them and ranks the suspects after each one. A snapshot that fails
 * is recorded as failed, and counted in {@code memleak.errors{component="snapshot"}};
 * nothing else is affected.
 *
 * @author memleak
 */
public class ClassHistogramSnapshotter {

	static final String COMPONENT = "snapshot";

	private static final Log logger = LogFactory.getLog(ClassHistogramSnapshotter.class);

	private final ClassHistogramSource source;

	private final SnapshotMode mode;

	private final long maxHeapForForcedGc;

	private final int topClasses;

	private final int minSnapshots;

	private final long minGrowthBytes;

	private final double minShare;

	private final Clock clock;

	private final FailureRecorder failures;

	private final SnapshotMetrics metrics;

	private final SnapshotHistory history;

	private final PauseBudget budget;

	private final ReentrantLock running = new ReentrantLock();

	private volatile @Nullable Instant runningSince;

	private volatile List<Suspect> suspects = List.of();

	/**
	 * Create an instance.
	 * @param source takes the histograms
	 * @param settings mode, limits and bounds
	 * @param clock the time of snapshots, from which growth per hour is computed
	 * @param failures where failed snapshots are counted
	 * @param registry where the snapshot meters go, or {@code null}
	 * @param budget the pauses memleak may cause
	 */
	public ClassHistogramSnapshotter(ClassHistogramSource source, SnapshotSettings settings, Clock clock,
			FailureRecorder failures, @Nullable MeterRegistry registry, PauseBudget budget) {
		this.source = source;
		this.mode = settings.mode();
		this.maxHeapForForcedGc = settings.maxHeapForForcedGcBytes();
		this.topClasses = settings.topClasses();
		this.minSnapshots = settings.suspectMinSnapshots();
		this.minGrowthBytes = settings.suspectMinGrowthBytes();
		this.minShare = settings.suspectMinShare();
		this.clock = clock;
		this.failures = failures;
		this.metrics = new SnapshotMetrics(registry, settings.suspectMeters());
		this.history = new SnapshotHistory(settings.historySize());
		this.budget = budget;
	}

	/**
	 * Take a snapshot now in the configured mode, on the calling thread, unless one is
	 * already running.
	 * @param trigger why
	 * @return the snapshot, whatever its status; a {@link SnapshotStatus#BUSY} one (not
	 * kept in the history) if another snapshot was running
	 */
	public HeapSnapshot takeSnapshot(SnapshotTrigger trigger) {
		return takeSnapshot(trigger, this.mode);
	}

	/**
	 * Take a snapshot now in the given mode, on the calling thread, unless one is already
	 * running. It needs room in the pause budget, unless it was asked for on demand.
	 * @param trigger why
	 * @param mode whether to force a full collection first
	 * @return the snapshot, whatever its status; a {@link SnapshotStatus#BUSY} one (not
	 * kept in the history) if another snapshot was running
	 */
	public HeapSnapshot takeSnapshot(SnapshotTrigger trigger, SnapshotMode mode) {
		return takeSnapshot(trigger, mode, null);
	}

	/**
	 * Take a snapshot now in the given mode, on the calling thread, unless one is already
	 * running, and keep a note with it.
	 * @param trigger why
	 * @param mode whether to force a full collection first
	 * @param note why it was taken when the trigger does not say it all (a scheduled one
	 * brought forward), or {@code null}; a snapshot not taken keeps its own reason
	 * instead
	 * @return the snapshot, whatever its status; a {@link SnapshotStatus#BUSY} one (not
	 * kept in the history) if another snapshot was running
	 */
	public HeapSnapshot takeSnapshot(SnapshotTrigger trigger, SnapshotMode mode, @Nullable String note) {
		if (!this.running.tryLock()) {
			Instant since = this.runningSince;
			return HeapSnapshot.notTaken(this.clock.instant(), trigger, mode, SnapshotStatus.BUSY, Duration.ZERO,
					"Another snapshot is running" + ((since != null) ? " since " + since : "")
							+ "; only one is taken at a time, try again when it ends");
		}
		try {
			Instant time = this.clock.instant();
			this.runningSince = time;
			HeapSnapshot snapshot = this.history.add(attempt(time, trigger, mode, note));
			if (snapshot.isCompleted()) {
				updateSuspects();
			}
			return snapshot;
		}
		finally {
			this.runningSince = null;
			this.running.unlock();
		}
	}

	/**
	 * Return the kept snapshots.
	 * @return the snapshots, oldest first
	 */
	public List<HeapSnapshot> history() {
		return this.history.snapshots();
	}

	/**
	 * Return the classes that keep growing across the last snapshots.
	 * @return the suspects, the strongest first
	 */
	public List<Suspect> suspects() {
		return this.suspects;
	}

	/**
	 * Return when the last snapshot was attempted.
	 * @return the time, or {@code null} before the first attempt
	 */
	public @Nullable Instant lastAttempt() {
		HeapSnapshot latest = this.history.latest();
		return (latest != null) ? latest.time() : null;
	}

	/**
	 * Return the history for {@code GET /actuator/memoryleak/snapshots}.
	 * @return the report
	 */
	public SnapshotHistoryReport historyReport() {
		List<SnapshotSummary> summaries = history().stream().map(HeapSnapshot::summary).toList();
		return new SnapshotHistoryReport(this.source.unavailableReason() == null, this.mode, this.runningSince,
				summaries, notes());
	}

	/**
	 * Return sentences that explain missing or degraded snapshot data.
	 * @return the notes, empty when all is well
	 */
	public List<String> notes() {
		List<String> notes = new ArrayList<>();
		String unavailable = this.source.unavailableReason();
		if (unavailable != null) {
			notes.add(unavailable);
			return notes;
		}
		List<HeapSnapshot> snapshots = history();
		long completed = snapshots.stream().filter(HeapSnapshot::isCompleted).count();
		if (completed < this.minSnapshots) {
			notes.add("Suspects need " + this.minSnapshots + " completed heap snapshots "
					+ "(memleak.snapshot.suspect-min-snapshots); " + completed + " so far.");
		}
		HeapSnapshot latest = this.history.latest();
		if (latest != null && !latest.isCompleted()) {
			notes.add("The latest heap snapshot (" + latest.time() + ") is " + latest.status() + ": " + latest.note());
		}
		if (this.mode == SnapshotMode.ALL) {
			notes.add("Heap snapshots count unreachable objects too (memleak.snapshot.mode=all): garbage waiting "
					+ "for an old-generation collection can look like growth.");
		}
		return notes;
	}

	/**
	 * Return the heap in use above which a {@code live} snapshot is skipped.
	 * @return the limit in bytes ({@code memleak.snapshot.max-heap-for-forced-gc})
	 */
	public long maxHeapForForcedGc() {
		return this.maxHeapForForcedGc;
	}

	/**
	 * Return the number of completed snapshots of the same mode suspects are judged on.
	 * @return K ({@code memleak.snapshot.suspect-min-snapshots})
	 */
	public int suspectMinSnapshots() {
		return this.minSnapshots;
	}

	/**
	 * Return the least bytes a suspect gains over the compared snapshots.
	 * @return the bytes ({@code memleak.snapshot.suspect-min-growth})
	 */
	public long suspectMinGrowthBytes() {
		return this.minGrowthBytes;
	}

	/**
	 * Return the least share of the growth of all steadily growing classes a suspect
	 * explains.
	 * @return the share, 0 to 0.5 ({@code memleak.snapshot.suspect-min-share})
	 */
	public double suspectMinShare() {
		return this.minShare;
	}

	/**
	 * Return the mode of scheduled and on-demand snapshots.
	 * @return the mode ({@code memleak.snapshot.mode})
	 */
	public SnapshotMode mode() {
		return this.mode;
	}

	/**
	 * Whether this JVM can take class histograms.
	 * @return {@code true} if it can
	 */
	public boolean isAvailable() {
		return this.source.unavailableReason() == null;
	}

	private HeapSnapshot attempt(Instant time, SnapshotTrigger trigger, SnapshotMode mode, @Nullable String note) {
		String unavailable = this.source.unavailableReason();
		if (unavailable != null) {
			return HeapSnapshot.notTaken(time, trigger, mode, SnapshotStatus.UNAVAILABLE, Duration.ZERO, unavailable);
		}
		long heapUsed = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
		if (mode == SnapshotMode.LIVE && heapUsed > this.maxHeapForForcedGc) {
			return HeapSnapshot.notTaken(time, trigger, mode, SnapshotStatus.SKIPPED, Duration.ZERO,
					"Heap used (" + (heapUsed >> 20) + " MB) is above memleak.snapshot.max-heap-for-forced-gc ("
							+ (this.maxHeapForForcedGc >> 20) + " MB): a forced full collection would "
							+ "pause the application too long. Raise the limit or set memleak.snapshot.mode=all; "
							+ "when a leak is suspected, memleak takes 'all' snapshots right after collections "
							+ "that reclaim the old generation instead.");
		}
		PauseBudget.Permit permit = this.budget.acquire(pauseOperation(mode), heapUsed,
				trigger == SnapshotTrigger.ON_DEMAND);
		if (!permit.isGranted()) {
			return HeapSnapshot.notTaken(time, trigger, mode, SnapshotStatus.SKIPPED, Duration.ZERO,
					permit.refusalNote());
		}
		long start = System.nanoTime();
		try {
			String text = this.source.classHistogram(mode);
			// The pause is the histogram itself; parsing runs beside the application.
			Duration pause = Duration.ofNanos(System.nanoTime() - start);
			permit.complete(pause);
			ClassHistogram histogram = ClassHistogramParser.parse(text, this.topClasses);
			this.metrics.recordDuration(mode, true, pause);
			if (logger.isDebugEnabled()) {
				logger.debug("memleak: " + mode.tagValue() + " class histogram of " + histogram.classCount()
						+ " classes taken in " + pause.toMillis() + " ms (" + trigger + ")");
			}
			return HeapSnapshot.completed(time, trigger, mode, pause, histogram, note);
		}
		catch (Exception ex) {
			Duration duration = Duration.ofNanos(System.nanoTime() - start);
			permit.complete(duration);
			this.metrics.recordDuration(mode, false, duration);
			this.failures.record(COMPONENT, ex);
			return HeapSnapshot.notTaken(time, trigger, mode, SnapshotStatus.FAILED, duration, ex.toString());
		}
	}

	/**
	 * Return what a snapshot of a mode counts against in the pause budget.
	 * @param mode the mode
	 * @return the operation
	 */
	public static PauseOperation pauseOperation(SnapshotMode mode) {
		return (mode == SnapshotMode.LIVE) ? PauseOperation.HISTOGRAM_LIVE : PauseOperation.HISTOGRAM_ALL;
	}

	private void updateSuspects() {
		List<Suspect> previous = this.suspects;
		List<Suspect> current = SuspectRanking.rank(this.history.snapshots(), this.minSnapshots, this.minGrowthBytes,
				this.minShare);
		this.suspects = current;
		this.metrics.updateSuspects(current);
		if (!current.isEmpty()
				&& (previous.isEmpty() || !previous.get(0).className().equals(current.get(0).className()))) {
			Suspect top = current.get(0);
			logger.info("memleak: " + top.className() + " is now the top leak suspect: +" + top.instancesGrowth()
					+ " instances, +" + top.bytesGrowth() + " bytes"
					+ ((top.heldBytesGrowth() > 0) ? " (+" + top.heldBytesGrowth() + " bytes held)" : "") + " over "
					+ top.snapshots() + " heap snapshots since " + top.since());
		}
	}

}
