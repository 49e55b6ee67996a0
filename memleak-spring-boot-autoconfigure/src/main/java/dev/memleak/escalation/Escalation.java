package dev.memleak.escalation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import dev.memleak.core.PauseBudget;
import dev.memleak.escalation.EscalationStatus.Phase;
import dev.memleak.escalation.EscalationStatus.State;
import dev.memleak.escalation.EscalationStatus.Trigger;
import dev.memleak.heap.DetectionSettings;
import dev.memleak.heap.FloorCandidate;
import dev.memleak.heap.FloorSeries;
import dev.memleak.heap.HeapSummary;
import dev.memleak.heap.LeakStatus;
import dev.memleak.heap.LeakVerdict;
import dev.memleak.heap.UpperBound;
import dev.memleak.sites.LeakSiteMonitor;
import dev.memleak.sites.SitesTrigger;
import dev.memleak.snapshot.ClassHistogramSnapshotter;
import dev.memleak.snapshot.SnapshotMode;
import dev.memleak.snapshot.SnapshotTrigger;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Gathers evidence by itself, for a bounded time, when the leak detector suspects a leak,
 * and earlier when evidence is cheap and the growth already significant: a burst of heap
 * snapshots spaced from the growth rate (see {@link HistogramBurst}), the old-object
 * recording until the top leak site is stable (see {@link SitesGathering}), and a heap
 * dump if configured, all within the pause budget. No second escalation starts while one
 * runs or within {@code memleak.escalation.min-interval} of the last start, whatever the
 * status does. Driven by {@link #tick()} on one thread; {@link #onCandidate} is called on
 * the GC notification thread.
 *
 * @author memleak
 */
public final class Escalation {

	private static final Log logger = LogFactory.getLog(Escalation.class);

	/**
	 * The old generation must grow, with nothing reclaiming it, for min-duration divided
	 * by this before the live set is measured by full collections.
	 */
	static final int UNOBSERVED_SPAN = 3;

	/** Significant, large growth (WATCH) must hold for min-duration divided by this. */
	static final int WATCH_PERSISTENCE = 10;

	/** Full collections of its own an escalation needs to call the live set flat. */
	static final int FLAT_PROBES = 4;

	/** The time those full collections must span. */
	static final Duration FLAT_SPAN = Duration.ofMinutes(3);

	/** How recent an old-generation collection must be for leak sites not to need one. */
	static final Duration SITES_COLLECTION_AGE = Duration.ofMinutes(3);

	private final EscalationSettings settings;

	private final DetectionSettings detection;

	private final Supplier<LeakVerdict> verdicts;

	private final @Nullable FloorSeries series;

	private final @Nullable ClassHistogramSnapshotter snapshotter;

	private final @Nullable SitesGathering sites;

	private final @Nullable LeakSiteMonitor siteMonitor;

	private final PauseBudget budget;

	private final LongSupplier heapUsed;

	private final Clock clock;

	private final Executor executor;

	private volatile @Nullable HistogramBurst burst;

	private @Nullable Trigger trigger;

	private @Nullable String reason;

	private @Nullable Instant startedAt;

	private @Nullable Instant endedAt;

	private boolean dumped;

	private boolean rearmed = true;

	private int started;

	private @Nullable Instant lastSitesSnapshot;

	// How fast the old generation grew by promotion alone, as an escalation that found
	// the
	// live set flat measured it; 0 before.
	private double promotionBytesPerHour;

	private double triggerBytesPerHour;

	private @Nullable Instant watchSince;

	private volatile EscalationStatus status;

	Escalation(Builder builder) {
		this.settings = builder.settings;
		this.detection = builder.detection;
		this.verdicts = builder.verdicts;
		this.series = builder.series;
		this.snapshotter = builder.snapshotter;
		this.siteMonitor = builder.sites;
		this.sites = (builder.sites != null) ? new SitesGathering(builder.sites, builder.settings) : null;
		this.budget = builder.budget;
		this.heapUsed = builder.heapUsed;
		this.clock = builder.clock;
		this.executor = builder.executor;
		this.status = status();
	}

	/**
	 * Start a builder.
	 * @param settings the escalation's settings
	 * @param detection the detector's settings (significance, growth threshold,
	 * min-duration)
	 * @param verdicts the detector's latest verdict
	 * @return the builder
	 */
	public static Builder builder(EscalationSettings settings, DetectionSettings detection,
			Supplier<LeakVerdict> verdicts) {
		return new Builder(settings, detection, verdicts);
	}

	/**
	 * Look at the detector's latest verdict and gather what is due.
	 */
	public synchronized void tick() {
		Instant now = this.clock.instant();
		LeakVerdict verdict = this.verdicts.get();
		LeakStatus status = verdict.status();
		if (!isRunning()) {
			if (mayStart(now)) {
				start(now, verdict);
			}
			else if (triggerReason(now, verdict) == null) {
				this.rearmed = true;
			}
		}
		if (isRunning() && status == LeakStatus.SUSPECTED) {
			if (this.trigger != Trigger.SUSPECTED) {
				this.reason = this.reason + " The detector has suspected a leak since " + verdict.since() + ".";
				this.trigger = Trigger.SUSPECTED;
			}
			dumpHeapOnce();
		}
		HistogramBurst burst = this.burst;
		if (burst != null && burst.isRunning()) {
			burst.step(now, needs(now, verdict));
		}
		if (this.sites != null) {
			this.sites.step(now, status == LeakStatus.SUSPECTED, isRunning());
			collectForSites(now);
		}
		if (this.startedAt != null && this.endedAt == null && !isRunning()) {
			this.endedAt = now;
			HistogramBurst ended = this.burst;
			if (ended != null && this.trigger == Trigger.UNOBSERVED && ended.status().phase() != Phase.DONE
					&& flat() != null) {
				this.promotionBytesPerHour = Math.max(this.promotionBytesPerHour, this.triggerBytesPerHour);
			}
			logger.info("memleak: the escalation that started at " + this.startedAt + " ended");
		}
		this.status = status();
	}

	/**
	 * Hear of a collection, on the GC notification thread.
	 * @param candidate what the collection left
	 */
	public void onCandidate(FloorCandidate candidate) {
		HistogramBurst burst = this.burst;
		if (burst != null) {
			burst.onCandidate(candidate);
		}
	}

	/**
	 * Return what the escalation is doing, as of the last {@link #tick()}.
	 * @return the status
	 */
	public EscalationStatus status() {
		HistogramBurst burst = this.burst;
		EscalationStatus.Histograms histograms = (burst != null) ? burst.status()
				: new EscalationStatus.Histograms((this.snapshotter != null) ? Phase.NOT_NEEDED : Phase.UNAVAILABLE,
						null, null, (this.snapshotter != null) ? this.snapshotter.suspectMinSnapshots() : 0, 0, null,
						null, 0, (this.snapshotter != null) ? null
								: "Heap snapshots are off (memleak.snapshot.enabled=false): no suspects.");
		EscalationStatus.Sites sites = (this.sites != null) ? this.sites.status()
				: new EscalationStatus.Sites(Phase.UNAVAILABLE, null, 0, 0, null, null, null,
						"Leak sites are off (memleak.sites.enabled=false): no allocation sites.");
		State state = (this.startedAt == null) ? State.IDLE : (isRunning() ? State.GATHERING : State.DONE);
		Instant next = (this.startedAt != null) ? this.startedAt.plus(this.settings.minInterval()) : null;
		return new EscalationStatus(state, this.trigger, this.reason, this.startedAt, this.endedAt, next, histograms,
				sites, missing(state, histograms, sites));
	}

	/**
	 * Return the status as of the last {@link #tick()}, without computing it again.
	 * @return the status
	 */
	public EscalationStatus lastStatus() {
		return this.status;
	}

	private boolean isRunning() {
		HistogramBurst burst = this.burst;
		return (burst != null && burst.isRunning()) || (this.sites != null && this.sites.isRunning());
	}

	/**
	 * Return how many escalations started.
	 * @return the count
	 */
	public int started() {
		return this.started;
	}

	// A new escalation needs min-interval since the last one started, and a reason to
	// start again: the status went back to one that triggers nothing since the last one
	// ended, or the last one ended without the answer. A leak that stays SUSPECTED does
	// not pause the application for a new burst every interval.
	private boolean mayStart(Instant now) {
		if (this.startedAt == null) {
			return true;
		}
		return !now.isBefore(this.startedAt.plus(this.settings.minInterval())) && (this.rearmed || lastIncomplete());
	}

	private boolean lastIncomplete() {
		HistogramBurst burst = this.burst;
		return (burst != null && burst.status().phase() == Phase.INCOMPLETE)
				|| (this.sites != null && this.sites.status().phase() == Phase.INCOMPLETE);
	}

	private void start(Instant now, LeakVerdict verdict) {
		String why = trigger(now, verdict);
		if (why == null) {
			this.rearmed = true;
			return;
		}
		this.started++;
		this.rearmed = false;
		this.startedAt = now;
		this.endedAt = null;
		this.dumped = false;
		this.lastSitesSnapshot = null;
		this.burst = (this.snapshotter != null) ? new HistogramBurst(this.snapshotter, this.budget, this.heapUsed,
				this.clock, this.executor, now, this.settings.maxDuration(), this.detection.minDuration()) : null;
		if (this.sites != null) {
			this.sites.reset();
		}
		this.reason = why;
		logger.info("memleak: gathering evidence (" + this.trigger + "): " + why);
	}

	private @Nullable String triggerReason(Instant now, LeakVerdict verdict) {
		Trigger current = this.trigger;
		String reason = trigger(now, verdict);
		this.trigger = current;
		return reason;
	}

	// Sets the trigger and returns the reason, or returns null if nothing triggers.
	private @Nullable String trigger(Instant now, LeakVerdict verdict) {
		HeapSummary heap = verdict.heap();
		if (verdict.status() == LeakStatus.SUSPECTED) {
			this.trigger = Trigger.SUSPECTED;
			return "The leak detector suspects a leak: the live set grows by " + megabytesPerHour(heap) + ".";
		}
		if (!this.settings.onWatch()) {
			return null;
		}
		boolean watch = verdict.status() == LeakStatus.WATCH && isSignificantAndLarge(heap);
		if (!watch) {
			this.watchSince = null;
		}
		else if (this.watchSince == null) {
			this.watchSince = now;
		}
		// Significant growth that held for a while: one noisy evaluation is not enough.
		if (watch && !now.isBefore(this.watchSince.plus(this.detection.minDuration().dividedBy(WATCH_PERSISTENCE)))) {
			this.trigger = Trigger.WATCH;
			return "The live set grows by " + megabytesPerHour(heap) + " at a confidence of "
					+ String.format(Locale.ROOT, "%.0f%%", heap.confidence() * 100)
					+ ", above memleak.detection.min-growth-per-hour, but not yet long or steadily enough to "
					+ "suspect a leak (WATCH).";
		}
		UpperBound bound = unobserved(now, verdict);
		if (bound != null) {
			this.trigger = Trigger.UNOBSERVED;
			return "The old generation grew by "
					+ String.format(Locale.ROOT, "%+.1f MB/h", bound.growthBytesPerHour() / 1_000_000) + " since "
					+ bound.since()
					+ " and no collection reclaimed it, so the live set cannot be told from promoted garbage: "
					+ "memleak's own heap snapshots measure it.";
		}
		return null;
	}

	// Growth that the detector cannot observe: too few floor points, an old generation
	// growing faster than the threshold, in both halves of a third of min-duration (and
	// faster than promotion alone, once an escalation measured that), and live snapshots
	// (whose full collections measure the live set) within the forced-GC limit.
	private @Nullable UpperBound unobserved(Instant now, LeakVerdict verdict) {
		if (verdict.status() != LeakStatus.UNKNOWN || this.series == null || this.snapshotter == null
				|| this.heapUsed.getAsLong() > this.snapshotter.maxHeapForForcedGc()) {
			return null;
		}
		UpperBound bound = UpperBound.of(this.series, now, this.detection);
		List<FloorSeries.FloorPoint> bounds = (bound.since() != null) ? this.series.upperBounds(bound.since())
				: List.of();
		if (bound.since() == null || bounds.size() < 3) {
			return null;
		}
		FloorSeries.FloorPoint first = bounds.get(0);
		FloorSeries.FloorPoint last = bounds.get(bounds.size() - 1);
		if (Duration.ofMillis(last.epochMillis() - first.epochMillis())
			.compareTo(this.detection.minDuration().dividedBy(UNOBSERVED_SPAN)) < 0) {
			return null;
		}
		// Growth the old generation showed before with a flat live set is promotion; and
		// it must grow in both halves of the span, as a leak does: a warm-up levels off.
		double threshold = this.promotionBytesPerHour + this.detection.minGrowthBytesPerHour();
		FloorSeries.FloorPoint middle = bounds.get(bounds.size() / 2);
		if (bound.growthBytesPerHour() < threshold || perHour(first, middle) < this.detection.minGrowthBytesPerHour()
				|| perHour(middle, last) < this.detection.minGrowthBytesPerHour()) {
			return null;
		}
		this.triggerBytesPerHour = bound.growthBytesPerHour();
		return bound;
	}

	private static double perHour(FloorSeries.FloorPoint from, FloorSeries.FloorPoint to) {
		return (to.bytes() - from.bytes()) * 3_600_000.0 / Math.max(1, to.epochMillis() - from.epochMillis());
	}

	private boolean isSignificantAndLarge(HeapSummary heap) {
		return heap.confidence() != null && heap.growthBytesPerSecond() != null
				&& heap.confidence() >= 1 - this.detection.significance()
				&& heap.growthBytesPerSecond() * 3600 >= this.detection.minGrowthBytesPerHour();
	}

	private HistogramBurst.Needs needs(Instant now, LeakVerdict verdict) {
		HeapSummary heap = verdict.heap();
		double growth = (heap.growthBytesPerSecond() != null) ? heap.growthBytesPerSecond() : 0;
		boolean floorPoints = false;
		if (verdict.status() == LeakStatus.WATCH || verdict.status() == LeakStatus.UNKNOWN) {
			UpperBound bound = (this.series != null) ? UpperBound.of(this.series, now, this.detection) : null;
			if (growth <= 0 && bound != null && bound.growthBytesPerHour() > 0) {
				growth = bound.growthBytesPerHour() / 3600;
			}
			floorPoints = verdict.status() == LeakStatus.WATCH || this.trigger == Trigger.UNOBSERVED;
		}
		return new HistogramBurst.Needs(growth, floorPoints, verdict.status() == LeakStatus.OK,
				(this.trigger != Trigger.SUSPECTED) ? flat() : null);
	}

	// The live set measured by this escalation's own full collections: flat when at least
	// FLAT_PROBES of them, over FLAT_SPAN, grow by less than the detector's threshold.
	private @Nullable String flat() {
		if (this.series == null || this.startedAt == null) {
			return null;
		}
		List<FloorSeries.FloorPoint> exact = this.series.floorPoints(this.startedAt)
			.stream()
			.filter(FloorSeries.FloorPoint::inspection)
			.toList();
		if (exact.size() < FLAT_PROBES) {
			return null;
		}
		FloorSeries.FloorPoint first = exact.get(0);
		FloorSeries.FloorPoint last = exact.get(exact.size() - 1);
		long millis = last.epochMillis() - first.epochMillis();
		if (millis < FLAT_SPAN.toMillis()) {
			return null;
		}
		double[] x = new double[exact.size()];
		double[] y = new double[exact.size()];
		for (int i = 0; i < x.length; i++) {
			x[i] = (exact.get(i).epochMillis() - first.epochMillis()) / 1000.0;
			y[i] = exact.get(i).bytes();
		}
		double perHour = dev.memleak.heap.Trend.fit(x, y).slope() * 3600;
		if (perHour >= this.detection.minGrowthBytesPerHour()) {
			return null;
		}
		return "The live set measured by " + exact.size() + " of memleak's own full collections does not grow ("
				+ String.format(Locale.ROOT, "%+.1f MB/h", perHour / 1_000_000) + ").";
	}

	private void dumpHeapOnce() {
		if (!this.dumped && this.siteMonitor != null && this.siteMonitor.isDumpOnSuspected()) {
			this.dumped = true;
			this.siteMonitor.dumpHeap(SitesTrigger.ESCALATION);
		}
	}

	// Leak sites need two old-generation collections while recording; on a heap that
	// reclaims nothing for minutes, a live snapshot (within the pause budget) is one.
	private void collectForSites(Instant now) {
		HistogramBurst burst = this.burst;
		if (this.sites == null || this.snapshotter == null || this.series == null
				|| (burst != null && burst.isRunning())
				|| this.heapUsed.getAsLong() > this.snapshotter.maxHeapForForcedGc()) {
			return;
		}
		Instant since = now.minus(SITES_COLLECTION_AGE);
		if (this.lastSitesSnapshot != null && this.lastSitesSnapshot.isAfter(since)) {
			return;
		}
		if (this.sites.needsOldCollection(this.series.lastCandidateAt(), since)) {
			this.lastSitesSnapshot = now;
			this.snapshotter.takeSnapshot(SnapshotTrigger.ESCALATION, SnapshotMode.LIVE);
		}
	}

	private static List<String> missing(State state, EscalationStatus.Histograms histograms,
			EscalationStatus.Sites sites) {
		List<String> missing = new ArrayList<>();
		if (state != State.GATHERING) {
			return missing;
		}
		if (histograms.phase() == Phase.RUNNING) {
			missing.add("Suspects: " + histograms.taken() + " of " + histograms.planned()
					+ " heap snapshots of this escalation taken"
					+ ((histograms.nextAt() != null) ? ", the next at " + histograms.nextAt() : "") + ".");
		}
		if (sites.phase() == Phase.RUNNING) {
			missing.add("Leak site: " + sites.emissions() + " emissions, the top leak site the same in "
					+ sites.stableEmissions() + " in a row"
					+ ((sites.nextEmissionAt() != null) ? ", the next at " + sites.nextEmissionAt() : "") + ".");
		}
		return missing;
	}

	private static String megabytesPerHour(HeapSummary heap) {
		Double growth = heap.growthBytesPerSecond();
		return (growth != null) ? String.format(Locale.ROOT, "%+.1f MB/h", growth * 3600 / 1_000_000)
				: "an unknown rate";
	}

	/**
	 * Builds an {@link Escalation}.
	 */
	public static final class Builder {

		private final EscalationSettings settings;

		private final DetectionSettings detection;

		private final Supplier<LeakVerdict> verdicts;

		private @Nullable FloorSeries series;

		private @Nullable ClassHistogramSnapshotter snapshotter;

		private @Nullable LeakSiteMonitor sites;

		private PauseBudget budget = PauseBudget.unlimited();

		private LongSupplier heapUsed = () -> java.lang.management.ManagementFactory.getMemoryMXBean()
			.getHeapMemoryUsage()
			.getUsed();

		private Clock clock = Clock.systemUTC();

		private Executor executor = Runnable::run;

		Builder(EscalationSettings settings, DetectionSettings detection, Supplier<LeakVerdict> verdicts) {
			this.settings = settings;
			this.detection = detection;
			this.verdicts = verdicts;
		}

		public Builder series(@Nullable FloorSeries series) {
			this.series = series;
			return this;
		}

		public Builder snapshots(@Nullable ClassHistogramSnapshotter snapshotter) {
			this.snapshotter = snapshotter;
			return this;
		}

		public Builder sites(@Nullable LeakSiteMonitor sites) {
			this.sites = sites;
			return this;
		}

		public Builder budget(PauseBudget budget) {
			this.budget = budget;
			return this;
		}

		public Builder heapUsed(LongSupplier heapUsed) {
			this.heapUsed = heapUsed;
			return this;
		}

		public Builder clock(Clock clock) {
			this.clock = clock;
			return this;
		}

		/**
		 * Set where work that a collection triggers runs (an {@code all} snapshot right
		 * after it): the escalation's own thread.
		 * @param executor the executor
		 * @return this builder
		 */
		public Builder executor(Executor executor) {
			this.executor = executor;
			return this;
		}

		public Escalation build() {
			return new Escalation(this);
		}

	}

}
