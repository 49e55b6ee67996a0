package dev.memleak.snapshot;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

import dev.memleak.core.FailureRecorder;
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

	private final ClassHistogramSnapshotter snapshotter;

	private final Duration initialDelay;

	private final Duration interval;

	private final Duration jitter;

	private final Clock clock;

	private final FailureRecorder failures;

	private final ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();

	private volatile boolean closed;

	private volatile @Nullable Instant nextRun;

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

	@Override
	public void close() {
		this.closed = true;
		this.nextRun = null;
		this.scheduler.shutdown();
	}

	private void runScheduled() {
		try {
			this.snapshotter.takeSnapshot(SnapshotTrigger.SCHEDULED);
		}
		catch (RuntimeException ex) {
			this.failures.record(ClassHistogramSnapshotter.COMPONENT, ex);
		}
		finally {
			scheduleAfter(this.interval);
		}
	}

	private void scheduleAfter(Duration delay) {
		if (this.closed) {
			return;
		}
		long jitterMillis = this.jitter.toMillis();
		long random = (jitterMillis > 0) ? ThreadLocalRandom.current().nextLong(jitterMillis + 1) : 0;
		Instant at = this.clock.instant().plus(delay).plusMillis(random);
		try {
			this.scheduler.schedule(this::runScheduled, at);
			this.nextRun = at;
		}
		catch (TaskRejectedException ex) {
			// Closed meanwhile: nothing left to schedule.
			this.nextRun = null;
		}
	}

}
