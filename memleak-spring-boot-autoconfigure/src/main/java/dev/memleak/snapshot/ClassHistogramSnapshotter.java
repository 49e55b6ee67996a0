package dev.memleak.snapshot;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

import dev.memleak.core.FailureRecorder;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Takes heap snapshots (class histograms), one at a time, keeps a bounded history of them
 * and ranks the suspects after each one. A snapshot that fails is recorded as failed, and
 * counted in {@code memleak.errors{component="snapshot"}}; nothing else is affected.
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

	private final Clock clock;

	private final FailureRecorder failures;

	private final SnapshotMetrics metrics;

	private final SnapshotHistory history;

	private final ReentrantLock running = new ReentrantLock();

	private volatile @Nullable Instant runningSince;

	private volatile List<Suspect> suspects = List.of();

	/**
	 * Create an instance.
	 * @param source takes the histograms
	 * @param properties mode, limits and bounds
	 * @param clock the time of snapshots, from which growth per hour is computed
	 * @param failures where failed snapshots are counted
	 * @param registry where the snapshot meters go, or {@code null}
	 */
	public ClassHistogramSnapshotter(ClassHistogramSource source, SnapshotProperties properties, Clock clock,
			FailureRecorder failures, @Nullable MeterRegistry registry) {
		properties.validate();
		this.source = source;
		this.mode = properties.getMode();
		this.maxHeapForForcedGc = properties.getMaxHeapForForcedGc().toBytes();
		this.topClasses = properties.getTopClasses();
		this.minSnapshots = properties.getSuspectMinSnapshots();
		this.minGrowthBytes = properties.getSuspectMinGrowth().toBytes();
		this.clock = clock;
		this.failures = failures;
		this.metrics = new SnapshotMetrics(registry, properties.getSuspectMeters());
		this.history = new SnapshotHistory(properties.getHistorySize());
	}

	/**
	 * Take a snapshot now, on the calling thread, unless one is already running.
	 * @param trigger why
	 * @return the snapshot, whatever its status; a {@link SnapshotStatus#BUSY} one (not
	 * kept in the history) if another snapshot was running
	 */
	public HeapSnapshot takeSnapshot(SnapshotTrigger trigger) {
		if (!this.running.tryLock()) {
			Instant since = this.runningSince;
			return HeapSnapshot.notTaken(this.clock.instant(), trigger, this.mode, SnapshotStatus.BUSY, Duration.ZERO,
					"Another snapshot is running" + ((since != null) ? " since " + since : "")
							+ "; only one is taken at a time, try again when it ends");
		}
		try {
			Instant time = this.clock.instant();
			this.runningSince = time;
			HeapSnapshot snapshot = this.history.add(attempt(time, trigger));
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

	private HeapSnapshot attempt(Instant time, SnapshotTrigger trigger) {
		String unavailable = this.source.unavailableReason();
		if (unavailable != null) {
			return HeapSnapshot.notTaken(time, trigger, this.mode, SnapshotStatus.UNAVAILABLE, Duration.ZERO,
					unavailable);
		}
		long heapUsed = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
		if (this.mode == SnapshotMode.LIVE && heapUsed > this.maxHeapForForcedGc) {
			return HeapSnapshot.notTaken(time, trigger, this.mode, SnapshotStatus.SKIPPED, Duration.ZERO,
					"Heap used (" + (heapUsed >> 20) + " MB) is above memleak.snapshot.max-heap-for-forced-gc ("
							+ (this.maxHeapForForcedGc >> 20) + " MB): a forced full collection would "
							+ "pause the application too long. Raise the limit or set memleak.snapshot.mode=all.");
		}
		long start = System.nanoTime();
		try {
			String text = this.source.classHistogram(this.mode);
			ClassHistogram histogram = ClassHistogramParser.parse(text, this.topClasses);
			Duration duration = Duration.ofNanos(System.nanoTime() - start);
			this.metrics.recordDuration(this.mode, true, duration);
			if (logger.isDebugEnabled()) {
				logger.debug("memleak: " + this.mode.tagValue() + " class histogram of " + histogram.classCount()
						+ " classes taken in " + duration.toMillis() + " ms");
			}
			return HeapSnapshot.completed(time, trigger, this.mode, duration, histogram);
		}
		catch (Exception ex) {
			Duration duration = Duration.ofNanos(System.nanoTime() - start);
			this.metrics.recordDuration(this.mode, false, duration);
			this.failures.record(COMPONENT, ex);
			return HeapSnapshot.notTaken(time, trigger, this.mode, SnapshotStatus.FAILED, duration, ex.toString());
		}
	}

	private void updateSuspects() {
		List<Suspect> previous = this.suspects;
		List<Suspect> current = SuspectRanking.rank(this.history.snapshots(), this.minSnapshots, this.minGrowthBytes);
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
