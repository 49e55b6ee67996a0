package dev.memleak.snapshot;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;

import dev.memleak.core.FailureRecorder;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.task.TaskRejectedException;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * Runs scheduled snapshots on a private single-thread scheduler, so that the application
 * needs no {@code @EnableScheduling} and its own scheduler is never blocked by a
 * histogram. Every scheduled run is delayed by a random amount up to the jitter. Closing
 * it stops the thread.
 *
 * @author memleak
 */
public final class SnapshotScheduler implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(SnapshotScheduler.class);

	private final ClassHistogramSnapshotter snapshotter;

	private final Duration initialDelay;

	private final Duration interval;

	private final Duration jitter;

	private final Clock clock;

	private final FailureRecorder failures;

	private final ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();

	private volatile boolean closed;

	private volatile @Nullable Instant nextRun;

	private @Nullable ScheduledFuture<?> pending;

	/**
	 * Create an instance; nothing runs until {@link #start()}.
	 * @param snapshotter takes the snapshots
	 * @param settings interval, initial delay and jitter
	 * @param clock the clock of the snapshots
	 * @param failures where unexpected failures of a run are counted
	 */
	public SnapshotScheduler(ClassHistogramSnapshotter snapshotter, SnapshotSettings settings, Clock clock,
			FailureRecorder failures) {
		this.snapshotter = snapshotter;
		this.initialDelay = settings.initialDelay();
		this.interval = settings.interval();
		this.jitter = settings.jitter();
		this.clock = clock;
		this.failures = failures;
		this.scheduler.setPoolSize(1);
		this.scheduler.setThreadNamePrefix("memleak-snapshot-");
		this.scheduler.setDaemon(true);
		this.scheduler.setClock(clock);
		this.scheduler.setRemoveOnCancelPolicy(true);
		this.scheduler.setWaitForTasksToCompleteOnShutdown(false);
	}

	/**
	 * Schedule the first snapshot after the initial delay.
	 */
	public void start() {
		this.scheduler.initialize();
		scheduleAfter(this.initialDelay);
	}

	/**
	 * Return when the next scheduled snapshot is due.
	 * @return the time, or {@code null} if none is scheduled
	 */
	public @Nullable Instant nextRun() {
		return this.nextRun;
	}

	/**
	 * Return the time between two scheduled snapshots, before the jitter.
	 * @return {@code memleak.snapshot.interval}
	 */
	public Duration interval() {
		return this.interval;
	}

	/**
	 * Take the next scheduled snapshot now instead of when it is due, on the snapshot
	 * thread, and schedule the one after it an interval later: the schedule takes no more
	 * snapshots than before, one of them sooner.
	 * @param reason why, kept as the snapshot's note
	 * @return whether it was brought forward: not once closed, nor while a scheduled
	 * snapshot runs
	 */
	public synchronized boolean runNow(String reason) {
		ScheduledFuture<?> pending = this.pending;
		if (this.closed || (pending != null && !pending.cancel(false))) {
			return false;
		}
		Instant due = this.nextRun;
		String note = "Brought forward" + ((due != null) ? " from " + due : "") + ": " + reason;
		try {
			this.pending = this.scheduler.schedule(() -> runScheduled(note), this.clock.instant());
			this.nextRun = this.clock.instant();
		}
		catch (TaskRejectedException ex) {
			this.nextRun = null;
			return false;
		}
		logger.info("memleak: the scheduled heap snapshot is taken now. " + note);
		return true;
	}

	@Override
	public void close() {
		this.closed = true;
		this.nextRun = null;
		this.scheduler.shutdown();
	}

	private void runScheduled(@Nullable String note) {
		try {
			this.snapshotter.takeSnapshot(SnapshotTrigger.SCHEDULED, this.snapshotter.mode(), note);
		}
		catch (RuntimeException ex) {
			this.failures.record(ClassHistogramSnapshotter.COMPONENT, ex);
		}
		finally {
			scheduleAfter(this.interval);
		}
	}

	private synchronized void scheduleAfter(Duration delay) {
		if (this.closed) {
			return;
		}
		long jitterMillis = this.jitter.toMillis();
		long random = (jitterMillis > 0) ? ThreadLocalRandom.current().nextLong(jitterMillis + 1) : 0;
		Instant at = this.clock.instant().plus(delay).plusMillis(random);
		try {
			this.pending = this.scheduler.schedule(() -> runScheduled(null), at);
			this.nextRun = at;
		}
		catch (TaskRejectedException ex) {
			// Closed meanwhile: nothing left to schedule.
			this.nextRun = null;
		}
	}

}
