package dev.memleak.sites;

import java.io.IOException;
import java.nio.file.Path;
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
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

/**
 * Runs the old-object recording and turns its samples into leak sites, one emission at a
 * time. Failures are recorded in {@code memleak.errors{component="sites"}} and in the
 * report; the application is never affected. Closing it stops the recording and deletes
 * its files.
 *
 * @author memleak
 */
public class LeakSiteSampler implements AutoCloseable {

	static final String COMPONENT = "sites";

	static final String EMISSION_DURATION = "memleak.sites.emission.duration";

	// The JVM keeps 256 samples unless -XX:FlightRecorderOptions:old-object-queue-size
	// raises it; this bounds what one emission can cost to read.
	private static final int MAX_SAMPLES = 16_384;

	/**
	 * The old-object samples memleak asks for
	 * ({@code -XX:FlightRecorderOptions:old-object-queue-size}); see
	 * {@link #sparseSamplesNote()}.
	 */
	public static final int RECOMMENDED_QUEUE_SIZE = 1024;

	// An emission with fewer samples than this share of the queue is sparse.
	private static final int SPARSE_SHARE = 8;

	private final RecordingControl control;

	private final @Nullable OldGenerationCollections collections;

	private final StackFolding folding;

	private final int topSites;

	private final EmissionFiles files;

	private final Clock clock;

	private final FailureRecorder failures;

	private final @Nullable MeterRegistry registry;

	private final PauseBudget budget;

	private final ReentrantLock lock = new ReentrantLock();

	private volatile boolean closed;

	private volatile SiteRanking.OldCollections observed = SiteRanking.OldCollections.NONE;

	private volatile @Nullable SitesEmission lastEmission;

	private volatile List<LeakSite> sites = List.of();

	private final @Nullable String directoryProblem;

	private final int queueSize;

	/**
	 * Create an instance; nothing records until {@link #startRecording()}.
	 * @param recorder starts recordings, or {@code null} if JFR is missing
	 * @param collections when the old generation was last collected, or {@code null} if
	 * the leak detector is off (then no site is a leak site)
	 * @param settings stack folding, bounds and the directory
	 * @param clock the time of emissions
	 * @param failures where failures are counted
	 * @param registry where {@code memleak.sites.emission.duration} goes, or {@code null}
	 * @param budget the pauses memleak may cause
	 */
	public LeakSiteSampler(@Nullable OldObjectRecorder recorder, @Nullable OldGenerationCollections collections,
			SitesSettings settings, Clock clock, FailureRecorder failures, @Nullable MeterRegistry registry,
			PauseBudget budget) {
		this.control = new RecordingControl(recorder, settings.effectiveCutoff(), clock, failures);
		this.collections = collections;
		this.folding = new StackFolding(settings.frameworkPackages(), settings.maxFrames());
		this.topSites = settings.topSites();
		this.files = new EmissionFiles(settings.directory());
		this.budget = budget;
		this.clock = clock;
		this.failures = failures;
		this.registry = registry;
		this.directoryProblem = this.files.problem();
		this.queueSize = (recorder != null) ? recorder.queueSize() : OldObjectRecorder.DEFAULT_QUEUE_SIZE;
		if (this.directoryProblem != null) {
			failures.record(COMPONENT, new IOException(this.directoryProblem));
		}
	}

	/**
	 * Get the JVM ready to record without recording anything (see
	 * {@link OldObjectRecorder#prepare()}); failures are counted.
	 */
	public void prepareRecording() {
		this.lock.lock();
		try {
			this.control.prepare();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Start the recording unless it runs already or cannot run.
	 * @return whether it runs now
	 */
	public boolean startRecording() {
		this.lock.lock();
		try {
			return start();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Stop the recording and drop its samples; the sites of the last emission are kept.
	 * The recording can be started again.
	 */
	public void stopRecording() {
		this.lock.lock();
		try {
			this.control.stop();
			this.observed = SiteRanking.OldCollections.NONE;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Emit the samples now, on the calling thread, and group them into sites; start the
	 * recording instead if it does not run yet.
	 * @param trigger why
	 * @return the emission, whatever its status; {@link EmissionStatus#BUSY} if another
	 * one was running
	 */
	public SitesEmission emit(SitesTrigger trigger) {
		Instant time = this.clock.instant();
		if (!this.lock.tryLock()) {
			return SitesEmission.notEmitted(time, trigger, EmissionStatus.BUSY,
					"Another emission of leak sites is running; only one runs at a time, try again when it ends");
		}
		try {
			SitesEmission emission = attempt(time, trigger);
			if (emission.status() != EmissionStatus.BUSY) {
				this.lastEmission = emission;
			}
			return emission;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Return the state of the recording.
	 * @return the status
	 */
	public RecordingStatus status() {
		if (this.closed) {
			return RecordingStatus.STOPPED;
		}
		if (this.control.recording() != null) {
			return RecordingStatus.RECORDING;
		}
		return (this.control.unavailableReason() != null) ? RecordingStatus.UNAVAILABLE : RecordingStatus.WAITING;
	}

	/**
	 * Whether the recording runs.
	 * @return {@code true} while sampling
	 */
	public boolean isRecording() {
		return this.control.recording() != null;
	}

	/**
	 * Return when the recording started.
	 * @return the time, or {@code null} if it does not run
	 */
	public @Nullable Instant recordingSince() {
		return this.control.since();
	}

	/**
	 * Return the last emission attempted.
	 * @return the emission, or {@code null} before the first
	 */
	public @Nullable SitesEmission lastEmission() {
		return this.lastEmission;
	}

	/**
	 * Return the sites of the last completed emission.
	 * @return the sites, leak sites first
	 */
	public List<LeakSite> sites() {
		return this.sites;
	}

	/**
	 * Why the recording may miss a leak: its last emission held few objects (fewer than
	 * an eighth of the JVM's samples) and none at a leak site although two old-generation
	 * collections were observed, and the JVM keeps fewer samples than
	 * {@link #RECOMMENDED_QUEUE_SIZE}. Once its samples are full, the JVM takes a new one
	 * only in place of one that stands for less allocated memory: when many threads
	 * allocate larger short-lived objects, these fill the samples between young
	 * collections, and the samples of a leak of smaller objects are pushed out before a
	 * collection shows that they stay.
	 * @return the note, or {@code null} if the samples are not sparse
	 */
	public @Nullable String sparseSamplesNote() {
		SitesEmission last = this.lastEmission;
		if (!isRecording() || last == null || this.observed.previous() == null || !isSparse(last, this.queueSize)) {
			return null;
		}
		return "The last emission held " + last.samples() + " sampled objects, none at a leak site: the JVM keeps "
				+ this.queueSize + " old-object samples"
				+ ((this.queueSize == OldObjectRecorder.DEFAULT_QUEUE_SIZE) ? " (its default)" : "")
				+ " and, once they are full, takes a new one only in place of one that stands for less allocated "
				+ "memory, so larger short-lived objects allocated by many threads can push out a leak of smaller "
				+ "ones before a collection shows that they stay. Start the JVM with "
				+ "-XX:FlightRecorderOptions:old-object-queue-size=" + RECOMMENDED_QUEUE_SIZE + " (docs/sites.md).";
	}

	/**
	 * Whether an emission held few samples for the JVM's queue (fewer than an eighth of
	 * it) and none at a leak site, with a queue smaller than
	 * {@link #RECOMMENDED_QUEUE_SIZE}.
	 * @param emission the emission
	 * @param queueSize the old-object samples the JVM keeps
	 * @return {@code true} if the emission is sparse
	 */
	static boolean isSparse(SitesEmission emission, int queueSize) {
		return emission.status() == EmissionStatus.COMPLETED && queueSize < RECOMMENDED_QUEUE_SIZE
				&& emission.samples() * SPARSE_SHARE < queueSize && emission.sites().stream().noneMatch(LeakSite::leak);
	}

	/**
	 * Return sentences that explain missing or degraded leak-site data.
	 * @return the notes, empty when all is well
	 */
	public List<String> notes() {
		List<String> notes = new ArrayList<>();
		String unavailable = this.control.unavailableReason();
		if (unavailable != null) {
			notes.add(unavailable);
			return notes;
		}
		if (this.directoryProblem != null) {
			notes.add(this.directoryProblem);
		}
		if (this.collections == null) {
			notes.add("Leak detection is off (memleak.detection.enabled=false): sites are listed, but without "
					+ "old-generation collections to prove retention none is marked as a leak site.");
		}
		else if (isRecording() && this.observed.previous() == null) {
			notes.add("Leak sites need two old-generation collections observed while recording; "
					+ ((this.observed.latest() == null) ? "none" : "one") + " so far.");
		}
		String sparse = sparseSamplesNote();
		if (sparse != null) {
			notes.add(sparse);
		}
		SitesEmission last = this.lastEmission;
		if (last != null && last.status() == EmissionStatus.FAILED) {
			notes.add("The latest emission of leak sites (" + last.time() + ") failed: " + last.note());
		}
		return notes;
	}

	@Override
	public void close() {
		this.lock.lock();
		try {
			this.closed = true;
			this.control.stop();
			this.files.close();
		}
		catch (IOException ex) {
			this.failures.record(COMPONENT, ex);
		}
		finally {
			this.lock.unlock();
		}
	}

	private SitesEmission attempt(Instant time, SitesTrigger trigger) {
		String unavailable = this.control.unavailableReason();
		if (unavailable != null || this.closed) {
			return SitesEmission.notEmitted(time, trigger, EmissionStatus.UNAVAILABLE,
					(unavailable != null) ? unavailable : "The application is shutting down.");
		}
		OldObjectRecording recording = this.control.recording();
		if (recording == null) {
			return start() ? SitesEmission.notEmitted(time, trigger, EmissionStatus.STARTED,
					"The old-object recording was not running and has started now. Sampled objects show up once they "
							+ "outlive a collection, and leak sites once they outlive two old-generation "
							+ "collections: ask again in a few minutes.")
					: SitesEmission.notEmitted(time, trigger, EmissionStatus.UNAVAILABLE,
							this.control.unavailableReason());
		}
		PauseBudget.Permit permit = this.budget.acquire(PauseOperation.SITES_EMISSION, 0,
				trigger == SitesTrigger.ON_DEMAND);
		if (!permit.isGranted()) {
			return SitesEmission.notEmitted(time, trigger, EmissionStatus.SKIPPED, permit.refusalNote());
		}
		this.observed = this.observed.next(lastOldCollection());
		long start = System.nanoTime();
		Path file = null;
		try {
			file = this.files.next();
			long emitting = System.nanoTime();
			try {
				recording.emitTo(file);
			}
			finally {
				// The application stops for JFR's safepoints within the emission, a few
				// milliseconds; its wall time is counted, an upper bound.
				permit.complete(Duration.ofNanos(System.nanoTime() - emitting));
			}
			List<OldObjectSample> samples = OldObjectSampleReader.read(file, MAX_SAMPLES);
			List<LeakSite> ranked = SiteRanking.rank(samples, this.observed.recordingSince(this.control.since()),
					this.folding, this.topSites);
			Duration duration = Duration.ofNanos(System.nanoTime() - start);
			recordDuration(true, duration);
			this.sites = ranked;
			return new SitesEmission(time, trigger, EmissionStatus.COMPLETED, duration, samples.size(), ranked, null);
		}
		catch (Exception ex) {
			Duration duration = Duration.ofNanos(System.nanoTime() - start);
			recordDuration(false, duration);
			this.failures.record(COMPONENT, ex);
			String where = (file != null) ? file.toString() : this.files.parent().toString();
			return new SitesEmission(time, trigger, EmissionStatus.FAILED, duration, 0, List.of(),
					"Emitting leak sites to " + where + " (memleak.sites.directory) failed: " + ex);
		}
		finally {
			deleteQuietly(file);
		}
	}

	private boolean start() {
		if (this.closed) {
			return false;
		}
		boolean wasRecording = isRecording();
		boolean started = this.control.start();
		if (started && !wasRecording) {
			this.observed = SiteRanking.OldCollections.NONE.next(lastOldCollection());
		}
		return started;
	}

	private @Nullable Instant lastOldCollection() {
		return (this.collections != null) ? this.collections.last() : null;
	}

	private void recordDuration(boolean success, Duration duration) {
		if (this.registry != null) {
			Timer.builder(EMISSION_DURATION)
				.description("Time taken to emit and read the samples of the old-object recording; the application "
						+ "is stopped for a few milliseconds of it")
				.tag("outcome", success ? "SUCCESS" : "FAILURE")
				.register(this.registry)
				.record(duration);
		}
	}

	private void deleteQuietly(@Nullable Path file) {
		if (file != null) {
			try {
				EmissionFiles.delete(file);
			}
			catch (IOException ex) {
				this.failures.record(COMPONENT, ex);
			}
		}
	}

}
