package dev.memleak.sites;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import dev.memleak.core.FailureRecorder;
import org.jspecify.annotations.Nullable;

/**
 * Drives leak sites and heap dumps: runs the recording from startup, or starts it when
 * asked to gather sites (the escalation does, on a suspected leak), emits sites at the
 * emission interval while gathering and on demand, and writes heap dumps when asked to.
 * Scheduled emissions run on one private daemon thread, created with the first one;
 * closing the monitor stops it.
 *
 * @author memleak
 */
public final class LeakSiteMonitor implements AutoCloseable {

	private final LeakSiteSampler sampler;

	private final HeapDumpTaker dumps;

	private final SitesSettings.RecordingStart recordingStart;

	private final Duration emissionInterval;

	private final boolean dumpOnSuspected;

	private final boolean initializeJfrAtStartup;

	private final Clock clock;

	private final FailureRecorder failures;

	private final ScheduledThreadPoolExecutor executor;

	private @Nullable ScheduledFuture<?> emissions;

	private volatile @Nullable Instant gatheringSince;

	/**
	 * Create an instance; nothing runs until {@link #start()}.
	 * @param sampler records and emits the samples
	 * @param dumps writes heap dumps
	 * @param settings when to record, emit and dump
	 * @param clock the time source
	 * @param failures where failures of scheduled work are counted
	 */
	public LeakSiteMonitor(LeakSiteSampler sampler, HeapDumpTaker dumps, SitesSettings settings, Clock clock,
			FailureRecorder failures) {
		this.sampler = sampler;
		this.dumps = dumps;
		this.recordingStart = settings.recordingStart();
		this.emissionInterval = settings.emissionInterval();
		this.dumpOnSuspected = settings.heapDump().onSuspected();
		this.initializeJfrAtStartup = settings.initializeJfrAtStartup();
		this.clock = clock;
		this.failures = failures;
		this.executor = new ScheduledThreadPoolExecutor(1, (task) -> {
			Thread thread = new Thread(task, "memleak-sites");
			thread.setDaemon(true);
			return thread;
		});
		this.executor.setRemoveOnCancelPolicy(true);
		this.executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
	}

	/**
	 * Start recording and emitting if the recording starts with the application;
	 * otherwise nothing runs until sites are gathered or asked for, and the recorder is
	 * only made ready if the settings say so.
	 */
	public void start() {
		if (this.recordingStart == SitesSettings.RecordingStart.AT_STARTUP) {
			startGathering();
		}
		else if (this.initializeJfrAtStartup) {
			this.sampler.prepareRecording();
		}
	}

	/**
	 * Return when the recording starts.
	 * @return with the application, when a leak is suspected, or on demand only
	 */
	public SitesSettings.RecordingStart recordingStart() {
		return this.recordingStart;
	}

	/**
	 * Whether a heap dump should be written when a leak becomes suspected
	 * ({@code memleak.sites.heap-dump.on-suspected}).
	 * @return {@code true} if so
	 */
	public boolean isDumpOnSuspected() {
		return this.dumpOnSuspected;
	}

	/**
	 * Start the recording unless it runs, and emit sites every emission interval from now
	 * on, on the monitor's thread, until {@link #stopGathering()}.
	 * @return whether the recording runs now
	 */
	public synchronized boolean startGathering() {
		boolean recording = this.sampler.startRecording();
		if (!recording || this.emissions != null) {
			return recording;
		}
		long interval = this.emissionInterval.toMillis();
		if (interval > 0) {
			try {
				this.emissions = this.executor.scheduleWithFixedDelay(() -> run(this::emitWhileGathering), interval,
						interval, TimeUnit.MILLISECONDS);
				this.gatheringSince = this.clock.instant();
			}
			catch (RejectedExecutionException ex) {
				// Closed: nothing emits any more.
			}
		}
		return true;
	}

	/**
	 * Stop the scheduled emissions; the recording goes on, and sites can still be asked
	 * for.
	 */
	public synchronized void stopGathering() {
		if (this.emissions != null) {
			this.emissions.cancel(false);
			this.emissions = null;
		}
		this.gatheringSince = null;
	}

	/**
	 * Stop the scheduled emissions and the recording. Sites of the last emission are
	 * kept.
	 */
	public synchronized void stopRecording() {
		stopGathering();
		this.sampler.stopRecording();
	}

	/**
	 * Whether sites are emitted every emission interval.
	 * @return {@code true} while gathering
	 */
	public boolean isGathering() {
		return this.gatheringSince != null;
	}

	/**
	 * Return when the next scheduled emission is due.
	 * @return the time, or {@code null} when not gathering
	 */
	public synchronized @Nullable Instant nextEmissionAt() {
		ScheduledFuture<?> emissions = this.emissions;
		if (emissions == null) {
			return null;
		}
		return this.clock.instant().plusMillis(Math.max(0, emissions.getDelay(TimeUnit.MILLISECONDS)));
	}

	/**
	 * Write a heap dump now, on the calling thread, within the limits of
	 * {@code memleak.sites.heap-dump.*} and the pause budget.
	 * @param trigger why
	 * @return the result
	 */
	public HeapDumpResult dumpHeap(SitesTrigger trigger) {
		return this.dumps.dump(trigger);
	}

	/**
	 * Emit sites now, on the calling thread.
	 * @return the emission; {@link EmissionStatus#BUSY} if another one is running
	 */
	public SitesEmission emitNow() {
		return this.sampler.emit(SitesTrigger.ON_DEMAND);
	}

	/**
	 * Return the state of the recording.
	 * @return the status
	 */
	public RecordingStatus status() {
		return this.sampler.status();
	}

	/**
	 * Return the last emission attempted.
	 * @return the emission, or {@code null} before the first
	 */
	public @Nullable SitesEmission lastEmission() {
		return this.sampler.lastEmission();
	}

	/**
	 * Return when the recording started.
	 * @return the time, or {@code null} if it does not run
	 */
	public @Nullable Instant recordingSince() {
		return this.sampler.recordingSince();
	}

	/**
	 * Why the recording may miss a leak, see {@link LeakSiteSampler#sparseSamplesNote()}.
	 * @return the note, or {@code null} if the samples are not sparse
	 */
	public @Nullable String sparseSamplesNote() {
		return this.sampler.sparseSamplesNote();
	}

	/**
	 * Return the sites of the last completed emission.
	 * @return the sites, leak sites first
	 */
	public List<LeakSite> sites() {
		return this.sampler.sites();
	}

	/**
	 * Return the sites of the last completed emission for one class.
	 * @param className the JVM's name of the class
	 * @param limit the most sites returned
	 * @return its sites, leak sites first
	 */
	public List<LeakSite> sitesOf(String className, int limit) {
		return this.sampler.sites().stream().filter((site) -> site.className().equals(className)).limit(limit).toList();
	}

	/**
	 * Return the report for {@code GET /actuator/memoryleak/sites}.
	 * @return the report
	 */
	public SitesReport report() {
		SitesEmission last = this.sampler.lastEmission();
		SitesEmission summary = (last != null) ? new SitesEmission(last.time(), last.trigger(), last.status(),
				last.duration(), last.samples(), List.of(), last.note()) : null;
		return new SitesReport(this.sampler.status(), this.sampler.recordingSince(), this.emissionInterval, summary,
				this.sampler.sites(), this.dumps.history(), notes());
	}

	/**
	 * Return sentences that explain missing or degraded leak-site data.
	 * @return the notes
	 */
	public List<String> notes() {
		List<String> notes = new ArrayList<>(this.sampler.notes());
		if (this.sampler.status() == RecordingStatus.WAITING) {
			notes.add((this.recordingStart == SitesSettings.RecordingStart.ON_DEMAND)
					? "The old-object recording starts only on POST /actuator/memoryleak/sites: leak detection or "
							+ "escalation is off (memleak.detection.enabled, memleak.escalation.enabled), so nothing "
							+ "suspects a leak."
					: "The old-object recording waits, sampling nothing, until a leak is suspected or someone asks "
							+ "for sites (POST /actuator/memoryleak/sites)."
							+ (this.initializeJfrAtStartup
									? " JDK Flight Recorder was initialized at startup, so that starting the recording "
											+ "does not make this JVM discard its compiled code "
											+ "(memleak.sites.initialize-jfr-at-startup)."
									: ""));
		}
		return notes;
	}

	@Override
	public void close() {
		this.executor.shutdownNow();
	}

	private void emitWhileGathering() {
		if (this.sampler.isRecording()) {
			this.sampler.emit((this.recordingStart == SitesSettings.RecordingStart.AT_STARTUP) ? SitesTrigger.SCHEDULED
					: SitesTrigger.ESCALATION);
		}
	}

	private void run(Runnable work) {
		try {
			work.run();
		}
		catch (RuntimeException ex) {
			this.failures.record(LeakSiteSampler.COMPONENT, ex);
		}
	}

}
