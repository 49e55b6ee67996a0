package dev.memleak.footprint;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import dev.memleak.core.FailureRecorder;
import dev.memleak.footprint.FootprintReport.CategoryReport;
import dev.memleak.footprint.FootprintReport.ContainerReport;
import dev.memleak.footprint.FootprintReport.NativeMemoryReport;
import dev.memleak.footprint.GrowthJudge.Judgement;
import dev.memleak.heap.LeakStatus;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Samples the memory outside the heap at a fixed interval on one daemon thread, judges
 * each category and keeps the latest report. Its own schedule, not the leak detector's:
 * it works with detection off, and a slow NMT or file read never delays a live-set
 * evaluation. Closing it stops the thread.
 *
 * @author memleak
 */
public final class FootprintMonitor implements AutoCloseable {

	/** The sampling thread's name. */
	public static final String THREAD_NAME = "memleak-footprint";

	private static final Log logger = LogFactory.getLog(FootprintMonitor.class);

	private final FootprintSettings settings;

	private final FootprintSampler sampler;

	private final FootprintHistory history;

	private final FootprintAssessor assessor;

	private final @Nullable JvmFlags flags;

	private final FailureRecorder failures;

	private volatile FootprintReport current;

	private volatile @Nullable FootprintSample latest;

	private volatile @Nullable FootprintSample latestNative;

	private boolean budgetLogged;

	private @Nullable ScheduledExecutorService executor;

	FootprintMonitor(FootprintSettings settings, FootprintSampler.Readers readers, @Nullable JvmFlags flags,
			FailureRecorder failures, Clock clock) {
		this(settings, readers, flags, failures, clock, System::nanoTime);
	}

	/**
	 * Create a monitor.
	 * @param ticker the time source of NMT reads' durations (tests make reads slow)
	 */
	FootprintMonitor(FootprintSettings settings, FootprintSampler.Readers readers, @Nullable JvmFlags flags,
			FailureRecorder failures, Clock clock, LongSupplier ticker) {
		this.settings = settings;
		this.sampler = new FootprintSampler(readers,
				new NativeMemoryPacing(NativeMemoryPacing.BUDGET_NANOS, settings.nativeMemoryMaxEvery(), ticker),
				failures, clock);
		this.history = new FootprintHistory(settings.historySize(), settings.maxThreadGroups());
		this.assessor = new FootprintAssessor(settings);
		this.flags = flags;
		this.failures = failures;
		this.current = new FootprintReport(LeakStatus.UNKNOWN, null, 0, List.of(), null, null,
				new NativeMemoryReport(tracking(), null, null, null, List.of(), null, 1), List.of(), null,
				List.of("The footprint has not been sampled yet."));
	}

	/**
	 * Create a monitor of this JVM.
	 * @param settings the settings
	 * @param root the file-system root, {@code /} outside tests
	 * @param failures where failures are counted
	 * @param clock the time source
	 * @return the monitor, not started
	 */
	public static FootprintMonitor create(FootprintSettings settings, Path root, FailureRecorder failures,
			Clock clock) {
		JvmFlags flags = null;
		try {
			flags = JvmFlagsReader.read();
		}
		catch (RuntimeException ex) {
			logger.info("memleak: the JVM's memory settings are unknown (" + ex.getMessage()
					+ "): no memory budget, no Native Memory Tracking");
		}
		NativeMemoryReader nmt = (flags != null && flags.isNativeMemoryTracked() && settings.nativeMemoryTracking())
				? new NativeMemoryReader() : null;
		return new FootprintMonitor(settings,
				new FootprintSampler.Readers(new CgroupMemoryReader(root), new ProcessMemoryReader(root), nmt,
						new JvmMemoryReader(), new ThreadCensusReader(settings.maxThreadGroups())),
				flags, failures, clock);
	}

	/**
	 * Sample every sample interval on a daemon thread, the first time now.
	 */
	public synchronized void start() {
		if (this.executor == null) {
			this.executor = Executors.newSingleThreadScheduledExecutor((task) -> {
				Thread thread = new Thread(task, THREAD_NAME);
				thread.setDaemon(true);
				return thread;
			});
			long interval = this.settings.sampleInterval().toMillis();
			this.executor.scheduleWithFixedDelay(this::sampleSafely, 0, interval, TimeUnit.MILLISECONDS);
		}
	}

	/**
	 * Sample now.
	 * @return the report, also available from {@link #current()}
	 */
	public synchronized FootprintReport sample() {
		FootprintSample sample = this.sampler.sample();
		this.history.record(sample);
		// The latest sample that read NMT: NMT's series and what is derived from it come
		// from one moment, never from a summary read earlier taken as read now.
		FootprintSample nativeSample = (sample.nativeMemory() != null) ? sample : this.latestNative;
		FootprintAssessor.Assessment assessment = this.assessor.assess(sample, nativeSample, this.history);
		NativeMemory nmt = (nativeSample != null) ? nativeSample.nativeMemory() : null;
		MemoryBudget budget = (this.flags != null) ? MemoryBudgetCalculator.calculate(this.flags,
				(sample.container() != null) ? sample.container().limitBytes() : null, sample.jvm(), nmt,
				sample.process(), this.history.heapResidentBytes()) : null;
		if (!this.budgetLogged && budget != null) {
			this.budgetLogged = true;
			logger.info("memleak: " + BudgetLine.of(budget));
			if (budget.warning() != null) {
				logger.warn("memleak: " + budget.warning());
			}
		}
		ContainerReport container = container(sample, assessment.outsideHeap());
		List<String> notes = FootprintAdvice.notes(sample, assessment, budget, container, this.flags,
				this.settings.nativeMemoryTracking());
		NativeMemoryPacing pacing = this.sampler.pacing();
		if (nmt != null && pacing.every() > 1) {
			notes.add(FootprintAdvice.nativeMemoryPaced(pacing.every(), pacing.lastNanos(),
					nativeSample.threads().threads(), NativeMemoryPacing.BUDGET_NANOS));
		}
		LeakStatus status = assessment.categories()
			.stream()
			.map(CategoryReport::status)
			.max(Comparator.comparingInt(FootprintAssessor::severity))
			.orElse(LeakStatus.UNKNOWN);
		NativeMemoryReport nativeMemory = new NativeMemoryReport(tracking(),
				(nmt != null) ? nmt.committedBytes() : null,
				(nativeSample != null) ? nativeSample.untrackedBytes() : null,
				(nmt != null) ? nmt.mallocBelowPeakBytes() : null,
				(nmt != null) ? nmt.categories()
					.stream()
					.sorted(Comparator.comparingLong(NativeMemory.Category::committedBytes).reversed())
					.toList() : List.of(),
				(nativeSample != null) ? nativeSample.at() : null, pacing.every());
		this.latest = sample;
		this.latestNative = nativeSample;
		this.current = new FootprintReport(status, sample.at(), this.history.samples(), assessment.categories(),
				container, sample.process(), nativeMemory, assessment.threadGroups(), budget, notes);
		return this.current;
	}

	/**
	 * Return the latest report.
	 * @return the report
	 */
	public FootprintReport current() {
		return this.current;
	}

	/**
	 * Return the latest sample.
	 * @return the sample, or {@code null} before the first
	 */
	public @Nullable FootprintSample latest() {
		return this.latest;
	}

	FootprintHistory history() {
		return this.history;
	}

	/**
	 * Return the latest sample that read Native Memory Tracking's summary.
	 * @return the sample, or {@code null} before the first read or with NMT off
	 */
	public @Nullable FootprintSample latestNative() {
		return this.latestNative;
	}

	/**
	 * Return whether Native Memory Tracking is read.
	 * @return {@code true} when the JVM tracks native memory and the settings allow it
	 */
	public boolean isNativeMemoryTracked() {
		return this.flags != null && this.flags.isNativeMemoryTracked() && this.settings.nativeMemoryTracking();
	}

	/**
	 * Return the settings.
	 * @return the settings
	 */
	public FootprintSettings settings() {
		return this.settings;
	}

	@Override
	public synchronized void close() {
		if (this.executor != null) {
			this.executor.shutdownNow();
			this.executor = null;
		}
	}

	private void sampleSafely() {
		try {
			sample();
		}
		catch (RuntimeException ex) {
			this.failures.record(FootprintSampler.COMPONENT, ex);
		}
	}

	private @Nullable ContainerReport container(FootprintSample sample, Judgement outside) {
		CgroupMemory memory = sample.container();
		if (memory == null) {
			return null;
		}
		Instant reached = null;
		boolean growing = outside.status() == LeakStatus.WATCH || outside.status() == LeakStatus.SUSPECTED;
		if (growing && memory.limitBytes() != null && outside.perHour() != null && outside.perHour() > 0) {
			double seconds = Math.max(0, memory.limitBytes() - memory.workingSetBytes()) * 3600 / outside.perHour();
			reached = sample.at().plusSeconds((long) Math.min(seconds, 100L * 365 * 24 * 3600));
		}
		return new ContainerReport(memory, memory.workingSetBytes(), outside.perHour(), reached);
	}

	private String tracking() {
		return (this.flags != null) ? this.flags.nativeMemoryTracking() : "unknown";
	}

}
