package dev.memleak.heap;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

import dev.memleak.allocation.ExecutionCounts;
import dev.memleak.core.FailureRecorder;

/**
 * Evaluates the live set at a fixed interval on one daemon thread: records execution
 * counts and secondary signals, asks the detector for a verdict, attributes growth, and
 * announces verdict changes. Closing it stops the thread.
 *
 * @author memleak
 */
public final class LeakMonitor implements AutoCloseable {

	/**
	 * The most distinct workloads whose execution counts are kept, whatever the sources
	 * say they can produce (8 bytes each per kept evaluation).
	 */
	public static final int MAX_TRACKED_WORKLOADS = 4096;

	private final LiveSetTracker tracker;

	private final FloorSeries series;

	private final LeakDetector detector;

	private final RetentionAttributor attributor;

	private final CountHistory counts;

	private final NonHeapSignals nonHeap;

	private final Supplier<List<ExecutionCounts>> sources;

	private final Consumer<LeakStatusChange> changes;

	private final FailureRecorder failures;

	private final Clock clock;

	private final DetectionSettings settings;

	private volatile DetectionResult current;

	private final Duration sampleSpacing;

	private Instant lastNonHeapSample;

	private ScheduledExecutorService executor;

	LeakMonitor(Builder builder) {
		this.tracker = builder.tracker;
		this.series = builder.series;
		this.detector = new LeakDetector(builder.series, builder.settings, builder.clock);
		this.attributor = new RetentionAttributor(builder.settings.maxAttributedWorkloads());
		this.sampleSpacing = builder.settings.countHistorySpacing();
		this.counts = new CountHistory(builder.settings.countHistorySize(), this.sampleSpacing);
		this.nonHeap = new NonHeapSignals(builder.settings.countHistorySize());
		this.sources = builder.sources;
		this.changes = builder.changes;
		this.failures = builder.failures;
		this.clock = builder.clock;
		this.settings = builder.settings;
		this.current = new DetectionResult(this.clock.instant(),
				new LeakVerdict(LeakStatus.UNKNOWN, null, HeapSummary.unknown(Runtime.getRuntime().maxMemory()),
						List.of("Leak detection has not run yet.")),
				RetentionAttributor.Attribution.none("Leak detection has not run yet."),
				this.nonHeap.summary(this.clock.instant()));
	}

	/**
	 * Start a builder.
	 * @param tracker the live-set tracker
	 * @param series the floor series the tracker fills
	 * @param settings the detector's settings
	 * @return the builder
	 */
	public static Builder builder(LiveSetTracker tracker, FloorSeries series, DetectionSettings settings) {
		return new Builder(tracker, series, settings);
	}

	/**
	 * Evaluate every {@code memleak.detection.evaluation-interval} on a daemon thread.
	 */
	public synchronized void start() {
		long interval = this.settings.evaluationInterval().toMillis();
		if (this.executor == null) {
			this.executor = Executors.newSingleThreadScheduledExecutor((task) -> {
				Thread thread = new Thread(task, "memleak-detector");
				thread.setDaemon(true);
				return thread;
			});
			this.executor.scheduleWithFixedDelay(this::evaluateSafely, interval, interval, TimeUnit.MILLISECONDS);
		}
	}

	/**
	 * Evaluate now.
	 * @return the result, also available from {@link #current()}
	 */
	public synchronized DetectionResult evaluate() {
		Instant now = this.clock.instant();
		List<ExecutionCounts> sources = this.sources.get();
		this.counts.record(now, executionCounts(sources), trackedWorkloads(sources));
		// Secondary signals keep as many samples as the count history, as far apart, so
		// that they cover the window too.
		if (this.lastNonHeapSample == null || !now.isBefore(this.lastNonHeapSample.plus(this.sampleSpacing))) {
			this.nonHeap.sample(now);
			this.lastNonHeapSample = now;
		}
		LeakStatus previous = this.current.verdict().status();
		LeakVerdict verdict = this.detector.evaluate(this.tracker.signalNote());
		RetentionAttributor.Attribution attribution = (verdict.status() == LeakStatus.WATCH
				|| verdict.status() == LeakStatus.SUSPECTED)
						? this.attributor.attribute(this.series.floorPoints(now.minus(this.settings.window())),
								this.counts)
						: RetentionAttributor.Attribution
							.none("Growth is attributed when the live set grows " + "(status WATCH or SUSPECTED).");
		this.current = new DetectionResult(now, verdict, attribution,
				this.nonHeap.summary(now.minus(this.settings.window())));
		if (verdict.status() != previous) {
			this.changes.accept(new LeakStatusChange(previous, verdict.status(), now));
		}
		return this.current;
	}

	/**
	 * Return the latest result.
	 * @return the result
	 */
	public DetectionResult current() {
		return this.current;
	}

	/**
	 * Return the execution counts kept for the attribution.
	 * @return the count history
	 */
	CountHistory countHistory() {
		return this.counts;
	}

	@Override
	public synchronized void close() {
		if (this.executor != null) {
			this.executor.shutdownNow();
			this.executor = null;
		}
	}

	private void evaluateSafely() {
		try {
			evaluate();
		}
		catch (RuntimeException ex) {
			this.failures.record(LiveSetTracker.COMPONENT, ex);
		}
	}

	private static Map<String, Long> executionCounts(List<ExecutionCounts> sources) {
		Map<String, Long> all = new HashMap<>();
		for (ExecutionCounts source : sources) {
			all.putAll(source.executionCounts());
		}
		return all;
	}

	/**
	 * Return how many distinct workloads the sources can report together, at most
	 * {@link #MAX_TRACKED_WORKLOADS}.
	 * @param sources the sources of execution counts
	 * @return the number of workloads to track
	 */
	static int trackedWorkloads(List<ExecutionCounts> sources) {
		long total = 0;
		for (ExecutionCounts source : sources) {
			total += Math.max(0, source.maxWorkloads());
		}
		return (int) Math.min(MAX_TRACKED_WORKLOADS, total);
	}

	/**
	 * Builds a {@link LeakMonitor}.
	 */
	public static final class Builder {

		private final LiveSetTracker tracker;

		private final FloorSeries series;

		private final DetectionSettings settings;

		private Clock clock = Clock.systemUTC();

		private Supplier<List<ExecutionCounts>> sources = List::of;

		private Consumer<LeakStatusChange> changes = (change) -> {
		};

		private FailureRecorder failures = new FailureRecorder(null);

		Builder(LiveSetTracker tracker, FloorSeries series, DetectionSettings settings) {
			this.tracker = tracker;
			this.series = series;
			this.settings = settings;
		}

		public Builder clock(Clock clock) {
			this.clock = clock;
			return this;
		}

		public Builder sources(Supplier<List<ExecutionCounts>> sources) {
			this.sources = sources;
			return this;
		}

		public Builder onChange(Consumer<LeakStatusChange> changes) {
			this.changes = changes;
			return this;
		}

		public Builder failures(FailureRecorder failures) {
			this.failures = failures;
			return this;
		}

		public LeakMonitor build() {
			return new LeakMonitor(this);
		}

	}

}
