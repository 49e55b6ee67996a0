package dev.memleak.escalation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
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
import dev.memleak.heap.Trend;
import dev.memleak.heap.UpperBound;
import dev.memleak.sites.LeakSiteMonitor;
import dev.memleak.sites.SitesTrigger;
import dev.memleak.snapshot.ClassHistogramSnapshotter;
import dev.memleak.snapshot.SnapshotMode;
import dev.memleak.snapshot.SnapshotScheduler;
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

	/** Full collections of its own an escalation needs to call the live set flat. */
	static final int FLAT_PROBES = 4;

	/** The time those full collections must span. */
	static final Duration FLAT_SPAN = Duration.ofMinutes(3);

	/**
	 * How many times the floor points' scatter the threshold's growth over their span
	 * must be before they can show the live set flat.
	 */
	static final double RESOLUTION = 2;

	/**
	 * After a brought-forward snapshot, the old generation's growth from its exact floor
	 * point that starts the escalation at once, in times min-growth-per-hour (plus the
	 * promotion measured before): a leak of 1 MiB/min grows 60 MB/h, a healthy service
	 * promotes a few MB/h once warmed up.
	 */
	static final int CLEAR_GROWTH = 4;

	/** How recent an old-generation collection must be for leak sites not to need one. */
	static final Duration SITES_COLLECTION_AGE = Duration.ofMinutes(3);

	private final EscalationSettings settings;

	private final DetectionSettings detection;

	private final Supplier<LeakVerdict> verdicts;

	private final @Nullable FloorSeries series;

	private final @Nullable ClassHistogramSnapshotter snapshotter;

	private final @Nullable SnapshotScheduler schedule;

	private final @Nullable SitesGathering sites;

	private final @Nullable LeakSiteMonitor siteMonitor;

	private final PauseBudget budget;

	private final LongSupplier heapUsed;

	private final Clock clock;

	private final Executor executor;

	private final EscalationTriggers triggers;

	private volatile @Nullable HistogramBurst burst;

	private @Nullable Trigger trigger;

	private @Nullable String reason;

	private @Nullable Instant startedAt;

	private @Nullable Instant endedAt;

	private @Nullable Instant lastBurstAt;

	private boolean withBurst;

	private boolean dumped;

	private boolean rearmed = true;

	private int started;

	private @Nullable Instant lastSitesSnapshot;

	private @Nullable Instant scheduleBroughtForwardAt;

	private EscalationTriggers.@Nullable Reason awaitingSchedule;

	private boolean holding;

	private volatile EscalationStatus status;

	Escalation(Builder builder) {
		this.settings = builder.settings;
		this.detection = builder.detection;
		this.verdicts = builder.verdicts;
		this.series = builder.series;
		this.snapshotter = builder.snapshotter;
		this.schedule = builder.schedule;
		this.siteMonitor = builder.sites;
		this.sites = (builder.sites != null) ? new SitesGathering(builder.sites, builder.settings) : null;
		this.budget = builder.budget;
		this.heapUsed = builder.heapUsed;
		this.clock = builder.clock;
		this.executor = builder.executor;
		this.triggers = new EscalationTriggers(builder.settings, builder.detection, builder.series, builder.snapshotter,
				builder.heapUsed);
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
		EscalationTriggers.Reason why = this.triggers.evaluate(now, verdict);
		this.holding = false;
		if (!isRunning()) {
			why = throughSchedule(now, status, why);
		}
		if (!isRunning() && !this.holding) {
			if (why != null && mayBurst(now)) {
				start(now, why, true);
			}
			else if (why != null && why.trigger() == Trigger.SUSPECTED && this.sites != null && this.sites.isArmed()) {
				// Leak sites start on SUSPECTED whatever the minimum interval of bursts.
				start(now, why, false);
			}
			else if (why == null) {
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
		if (this.withBurst && burst != null && burst.isRunning()) {
			burst.step(now, needs(now, verdict));
		}
		if (this.sites != null) {
			this.sites.step(now, status == LeakStatus.SUSPECTED);
			collectForSites(now);
		}
		if (this.startedAt != null && this.endedAt == null && !isRunning()) {
			this.endedAt = now;
			if (this.withBurst && burst != null && this.trigger == Trigger.UNOBSERVED && flat() != null) {
				this.triggers.learnPromotion(this.startedAt);
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
		EscalationStatus.Histograms histograms = histogramsStatus();
		EscalationStatus.Sites sites = (this.sites != null) ? this.sites.status()
				: new EscalationStatus.Sites(Phase.UNAVAILABLE, null, 0, 0, null, null, null,
						"Leak sites are off (memleak.sites.enabled=false): no allocation sites.");
		State state = (this.startedAt == null) ? State.IDLE : (isRunning() ? State.GATHERING : State.DONE);
		Instant next = (this.lastBurstAt != null) ? this.lastBurstAt.plus(this.settings.minInterval()) : null;
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

	/**
	 * Return how many escalations started.
	 * @return the count
	 */
	public int started() {
		return this.started;
	}

	/**
	 * Return how fast the old generation grows by promotion alone, as an escalation
	 * measured it; 0 before.
	 * @return bytes per hour
	 */
	double promotionBytesPerHour() {
		return this.triggers.promotionBytesPerHour();
	}

	private EscalationStatus.Histograms histogramsStatus() {
		HistogramBurst burst = this.burst;
		int planned = (this.snapshotter != null) ? this.snapshotter.suspectMinSnapshots() : 0;
		if (this.snapshotter == null) {
			return new EscalationStatus.Histograms(Phase.UNAVAILABLE, null, null, 0, 0, null, null, 0,
					"Heap snapshots are off (memleak.snapshot.enabled=false): no suspects.");
		}
		if (burst == null) {
			return new EscalationStatus.Histograms(Phase.NOT_NEEDED, null, null, planned, 0, null, null, 0, null);
		}
		EscalationStatus.Histograms last = burst.status();
		if (this.withBurst) {
			return last;
		}
		return new EscalationStatus.Histograms(Phase.NOT_NEEDED, last.mode(), last.method(), planned, 0, null, null, 0,
				"No new heap snapshots: the suspects come from the escalation that started at " + this.lastBurstAt
						+ " (" + last.taken() + " taken, " + last.phase() + "); memleak.escalation.min-interval lets "
						+ "the next burst start at " + this.lastBurstAt.plus(this.settings.minInterval()) + ".");
	}

	private boolean isRunning() {
		HistogramBurst burst = this.burst;
		return (this.withBurst && burst != null && burst.isRunning()) || (this.sites != null && this.sites.isRunning());
	}

	// A new burst needs min-interval since the last one started, and a reason to start
	// again: the status went back to one that triggers nothing since the last one ended,
	// or the last one ended without the answer. A leak that stays SUSPECTED does not
	// pause the application for a new burst every interval.
	private boolean mayBurst(Instant now) {
		if (this.lastBurstAt == null) {
			return true;
		}
		return !now.isBefore(this.lastBurstAt.plus(this.settings.minInterval())) && (this.rearmed || lastIncomplete());
	}

	private boolean lastIncomplete() {
		HistogramBurst burst = this.burst;
		return (burst != null && burst.status().phase() == Phase.INCOMPLETE)
				|| (this.sites != null && this.sites.status().phase() == Phase.INCOMPLETE);
	}

	private void start(Instant now, EscalationTriggers.Reason why, boolean withBurst) {
		this.started++;
		this.rearmed = false;
		this.startedAt = now;
		this.endedAt = null;
		this.dumped = false;
		this.lastSitesSnapshot = null;
		this.trigger = why.trigger();
		this.reason = why.text();
		this.withBurst = withBurst;
		if (withBurst) {
			this.lastBurstAt = now;
			this.burst = (this.snapshotter != null) ? new HistogramBurst(this.snapshotter, this.budget, this.heapUsed,
					this.clock, this.executor, now, this.settings.maxDuration(), this.detection.minDuration()) : null;
		}
		if (this.sites != null) {
			this.sites.reset();
		}
		logger.info("memleak: gathering evidence (" + this.trigger + (withBurst ? "" : ", leak sites only") + "): "
				+ why.text());
	}

	// An old generation that nothing reclaims and that grows steadily: the next scheduled
	// heap snapshot, brought forward, measures the live set with its full collection, at
	// no more pauses than the schedule takes; a healthy service turns OK on it. The
	// escalation waits a probe interval for its floor point and starts if the detector
	// still cannot decide while the old generation grows clearly from that floor point
	// (a leak); slower growth waits until the trigger could fire again by itself (half
	// of min-duration), which a healthy service's promotion after its warm-up does not
	// make it do. Sets holding while it waits.
	private EscalationTriggers.@Nullable Reason throughSchedule(Instant now, LeakStatus status,
			EscalationTriggers.@Nullable Reason why) {
		EscalationTriggers.Reason awaiting = this.awaitingSchedule;
		Instant last = this.scheduleBroughtForwardAt;
		if (awaiting != null && last != null) {
			Duration minDuration = this.detection.minDuration();
			boolean clear = growsClearlySince(last);
			boolean waiting = now.isBefore(last.plus(HistogramBurst.probeInterval(minDuration)))
					|| (now.isBefore(last.plus(minDuration.dividedBy(EscalationTriggers.UNOBSERVED_SPAN))) && !clear);
			if (waiting && (why == null || why.trigger() == Trigger.UNOBSERVED)) {
				this.holding = true;
				return why;
			}
			this.awaitingSchedule = null;
			if (why == null && status == LeakStatus.UNKNOWN && clear) {
				return new EscalationTriggers.Reason(Trigger.UNOBSERVED, awaiting.text()
						+ " The scheduled heap snapshot brought forward at " + last + " did not decide it.");
			}
			return why;
		}
		if (why == null || why.trigger() != Trigger.UNOBSERVED || this.schedule == null || this.snapshotter == null
				|| this.snapshotter.mode() != SnapshotMode.LIVE
				|| (last != null && now.isBefore(last.plus(this.schedule.interval())))
				|| !this.schedule.runNow(why.text())) {
			return why;
		}
		this.scheduleBroughtForwardAt = now;
		this.awaitingSchedule = why;
		this.holding = true;
		return why;
	}

	// Whether the old generation grew, from the exact floor point the brought-forward
	// snapshot measured to its latest observation, at least CLEAR_GROWTH times
	// min-growth-per-hour plus the promotion an earlier escalation measured. Without that
	// floor point (the snapshot did not run), it cannot tell: true.
	private boolean growsClearlySince(Instant broughtForward) {
		if (this.series == null) {
			return true;
		}
		List<FloorSeries.FloorPoint> exact = this.series.floorPoints(broughtForward)
			.stream()
			.filter(FloorSeries.FloorPoint::inspection)
			.toList();
		if (exact.isEmpty()) {
			return true;
		}
		FloorSeries.FloorPoint from = exact.get(exact.size() - 1);
		List<FloorSeries.FloorPoint> later = this.series.upperBounds(Instant.ofEpochMilli(from.epochMillis() + 1));
		if (later.isEmpty()) {
			return false;
		}
		FloorSeries.FloorPoint to = later.get(later.size() - 1);
		double perHour = (to.bytes() - from.bytes()) * (double) Duration.ofHours(1).toMillis()
				/ Math.max(1, to.epochMillis() - from.epochMillis());
		return perHour >= CLEAR_GROWTH
				* (this.detection.minGrowthBytesPerHour() + this.triggers.promotionBytesPerHour());
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
			// Floor points for the detector when the collector gives too few of its own.
			floorPoints = this.trigger == Trigger.UNOBSERVED
					|| (verdict.status() == LeakStatus.WATCH && collectorFloorPointsAreFew(now));
		}
		return new HistogramBurst.Needs(growth, floorPoints, verdict.status() == LeakStatus.OK,
				(this.trigger != Trigger.SUSPECTED) ? flat() : null,
				verdict.status() == LeakStatus.WATCH || verdict.status() == LeakStatus.UNKNOWN);
	}

	// Few: fewer than min-samples in the last min-duration, or none for longer than the
	// probes would be apart. A collector that reclaimed the old generation while the
	// application started and then stopped (G1 below its marking threshold) leaves the
	// detector at WATCH until the next marking cycle, which can be an hour away: the
	// probes go on until the detector decides, even once the suspects are named.
	private boolean collectorFloorPointsAreFew(Instant now) {
		if (this.series == null) {
			return false;
		}
		List<FloorSeries.FloorPoint> own = this.series.floorPoints(now.minus(this.detection.minDuration()))
			.stream()
			.filter((point) -> !point.inspection())
			.toList();
		if (own.size() < this.detection.minSamples()) {
			return true;
		}
		long silentMillis = now.toEpochMilli() - own.get(own.size() - 1).epochMillis();
		return silentMillis > HistogramBurst.probeInterval(this.detection.minDuration()).toMillis();
	}

	// The live set since this escalation started, measured by its own full collections
	// and the collector's reclaiming ones: flat when at least FLAT_PROBES floor points,
	// over FLAT_SPAN and long enough to resolve the threshold, grow by less than it.
	private @Nullable String flat() {
		if (this.series == null || this.startedAt == null) {
			return null;
		}
		List<FloorSeries.FloorPoint> points = this.series.floorPoints(this.startedAt);
		if (points.size() < FLAT_PROBES) {
			return null;
		}
		FloorSeries.FloorPoint first = points.get(0);
		FloorSeries.FloorPoint last = points.get(points.size() - 1);
		if (last.epochMillis() - first.epochMillis() < FLAT_SPAN.toMillis()) {
			return null;
		}
		double[] x = new double[points.size()];
		double[] y = new double[points.size()];
		for (int i = 0; i < x.length; i++) {
			x[i] = (points.get(i).epochMillis() - first.epochMillis()) / 1000.0;
			y[i] = points.get(i).bytes();
		}
		Trend trend = Trend.fit(x, y);
		double perHour = trend.slope() * 3600;
		if (perHour >= this.detection.minGrowthBytesPerHour()) {
			return null;
		}
		// The span must resolve the threshold: growth at min-growth-per-hour over it at
		// least RESOLUTION times the floor points' scatter about the trend. A slow leak
		// in
		// a live set that moves by a megabyte from one full collection to the next looks
		// flat over 3 minutes (seen at 1 MiB/min on 512 MiB).
		double[] scatter = new double[x.length];
		for (int i = 0; i < x.length; i++) {
			scatter[i] = Math.abs(y[i] - trend.valueAt(x[i]));
		}
		Arrays.sort(scatter);
		double resolved = this.detection.minGrowthBytesPerHour() / 3600 * x[x.length - 1];
		if (resolved < RESOLUTION * scatter[scatter.length / 2]) {
			return null;
		}
		long exact = points.stream().filter(FloorSeries.FloorPoint::inspection).count();
		return "The live set measured since the escalation started does not grow ("
				+ String.format(Locale.ROOT, "%+.1f MB/h", perHour / 1_000_000) + " over " + points.size()
				+ " floor points, " + exact + " of them memleak's own full collections).";
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
				|| (this.withBurst && burst != null && burst.isRunning())
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

	/**
	 * Builds an {@link Escalation}.
	 */
	public static final class Builder {

		private final EscalationSettings settings;

		private final DetectionSettings detection;

		private final Supplier<LeakVerdict> verdicts;

		private @Nullable FloorSeries series;

		private @Nullable ClassHistogramSnapshotter snapshotter;

		private @Nullable SnapshotScheduler schedule;

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

		/**
		 * Set the heap snapshots' schedule, whose next snapshot is brought forward to
		 * measure an old generation that nothing reclaims before an escalation would.
		 * @param schedule the schedule, or {@code null} for none
		 * @return this builder
		 */
		public Builder schedule(@Nullable SnapshotScheduler schedule) {
			this.schedule = schedule;
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
