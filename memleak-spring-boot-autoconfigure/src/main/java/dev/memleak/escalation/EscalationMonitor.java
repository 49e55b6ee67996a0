package dev.memleak.escalation;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import dev.memleak.core.FailureRecorder;
import dev.memleak.heap.FloorSeries;
import org.jspecify.annotations.Nullable;

/**
 * Runs an {@link Escalation} on one private daemon thread, {@code memleak-escalation}: a
 * tick every few seconds, and the snapshots a collection triggers right after it. Closing
 * it stops the thread and removes its listener from the floor series.
 *
 * @author memleak
 */
public final class EscalationMonitor implements AutoCloseable {

	/** Time between two ticks: the escalation's timing is this fine. */
	static final Duration TICK = Duration.ofSeconds(5);

	private final ScheduledThreadPoolExecutor executor;

	private final FailureRecorder failures;

	private final Escalation escalation;

	private final @Nullable FloorSeries series;

	private @Nullable AutoCloseable listener;

	/**
	 * Create a monitor; nothing runs until {@link #start()}.
	 * @param builder the escalation, whose executor is set to the monitor's thread
	 * @param series the floor series whose collections arm {@code all} snapshots, or
	 * {@code null}
	 * @param failures where failures of the escalation are counted
	 */
	public EscalationMonitor(Escalation.Builder builder, @Nullable FloorSeries series, FailureRecorder failures) {
		this.executor = new ScheduledThreadPoolExecutor(1, (task) -> {
			Thread thread = new Thread(task, "memleak-escalation");
			thread.setDaemon(true);
			return thread;
		});
		this.executor.setRemoveOnCancelPolicy(true);
		this.executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
		this.failures = failures;
		this.series = series;
		this.escalation = builder.series(series).executor(this::execute).build();
	}

	/**
	 * Start ticking and listening to collections.
	 */
	public synchronized void start() {
		if (this.series != null && this.listener == null) {
			this.listener = this.series.onFloorCandidate(this.escalation::onCandidate);
		}
		this.executor.scheduleWithFixedDelay(() -> run(this.escalation::tick), TICK.toMillis(), TICK.toMillis(),
				TimeUnit.MILLISECONDS);
	}

	/**
	 * Return the escalation.
	 * @return the escalation
	 */
	public Escalation escalation() {
		return this.escalation;
	}

	/**
	 * Return what the escalation is doing.
	 * @return the status as of the last tick
	 */
	public EscalationStatus status() {
		return this.escalation.lastStatus();
	}

	/**
	 * Whether the monitor's thread has ended, after {@link #close()}.
	 * @return {@code true} once stopped
	 */
	public boolean isStopped() {
		return this.executor.isTerminated();
	}

	@Override
	public synchronized void close() throws Exception {
		if (this.listener != null) {
			this.listener.close();
			this.listener = null;
		}
		this.executor.shutdownNow();
	}

	private void execute(Runnable work) {
		try {
			this.executor.execute(() -> run(work));
		}
		catch (RejectedExecutionException ex) {
			// Closed: nothing gathers evidence any more.
		}
	}

	private void run(Runnable work) {
		try {
			work.run();
		}
		catch (RuntimeException ex) {
			this.failures.record(COMPONENT, ex);
		}
	}

	/** The component of {@code memleak.errors} that counts the escalation's failures. */
	public static final String COMPONENT = "escalation";

}
