package dev.memleak.sites;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import dev.memleak.core.FailureRecorder;
import org.jspecify.annotations.Nullable;

/**
 * Drives leak sites and heap dumps: starts the recording (at once, or when a leak is
 * suspected), emits sites at the configured interval and on demand, and writes a heap
 * dump when a leak becomes suspected if asked to. Scheduled and suspected-leak work runs
 * on one private daemon thread; closing it stops the thread.
 *
 * @author memleak
 */
public final class LeakSiteMonitor implements AutoCloseable {

	// When a leak becomes suspected while recording, sites are emitted at once unless the
	// last emission is more recent than this.
	static final Duration MIN_SUSPECTED_EMISSION_SPACING = Duration.ofMinutes(1);

	private final LeakSiteSampler sampler;

	private final HeapDumpTaker dumps;

	private final boolean startWhenSuspected;

	private final Duration emissionInterval;

	private final boolean dumpOnSuspected;

	private final Clock clock;

	private final FailureRecorder failures;

	private final ScheduledThreadPoolExecutor executor;

	/**
	 * Create an instance; nothing runs until {@link #start()}.
	 * @param sampler records and emits the samples
	 * @param dumps writes heap dumps
	 * @param properties when to record, emit and dump
	 * @param clock the time source
	 * @param failures where failures of scheduled work are counted
	 */
	public LeakSiteMonitor(LeakSiteSampler sampler, HeapDumpTaker dumps, SitesProperties properties, Clock clock,
			FailureRecorder failures) {
		this.sampler = sampler;
		this.dumps = dumps;
		this.startWhenSuspected = properties.isStartWhenSuspected();
		this.emissionInterval = properties.getEmissionInterval();
		this.dumpOnSuspected = properties.getHeapDump().isOnSuspected();
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
	 * Start recording unless it waits for a suspected leak, and schedule the emissions.
	 */
	public void start() {
		if (!this.startWhenSuspected) {
			this.sampler.startRecording();
		}
		long interval = this.emissionInterval.toMillis();
		if (interval > 0) {
			this.executor.scheduleWithFixedDelay(() -> run(this::emitScheduled), interval, interval,
					TimeUnit.MILLISECONDS);
		}
	}

	/**
	 * React to the leak detector suspecting a leak, on the monitor's thread: start the
	 * recording (or emit sites if it runs already) and write a heap dump if configured.
	 * @return whether the work was submitted
	 */
	public boolean leakSuspected() {
		try {
			this.executor.execute(() -> run(this::onLeakSuspected));
			return true;
		}
		catch (RejectedExecutionException ex) {
			// Closed: nothing reacts any more.
			return false;
		}
	}

	/**
	 * Emit sites now, on the calling thread.
	 * @return the emission; {@link EmissionStatus#BUSY} if another one is running
	 */
	public SitesEmission emitNow() {
		return this.sampler.emit(SitesTrigger.ON_DEMAND);
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
			notes.add("The old-object recording starts when the leak detector suspects a leak or on "
					+ "POST /actuator/memoryleak/sites (memleak.sites.start-when-suspected=true).");
		}
		return notes;
	}

	@Override
	public void close() {
		this.executor.shutdownNow();
	}

	private void emitScheduled() {
		if (this.sampler.isRecording()) {
			this.sampler.emit(SitesTrigger.SCHEDULED);
		}
	}

	private void onLeakSuspected() {
		if (this.sampler.isRecording()) {
			if (isDue(this.sampler.lastEmission())) {
				this.sampler.emit(SitesTrigger.LEAK_SUSPECTED);
			}
		}
		else if (this.startWhenSuspected) {
			this.sampler.startRecording();
		}
		if (this.dumpOnSuspected) {
			this.dumps.dump(SitesTrigger.LEAK_SUSPECTED);
		}
	}

	private boolean isDue(@Nullable SitesEmission last) {
		Instant now = this.clock.instant();
		return last == null || !last.time().plus(MIN_SUSPECTED_EMISSION_SPACING).isAfter(now);
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
