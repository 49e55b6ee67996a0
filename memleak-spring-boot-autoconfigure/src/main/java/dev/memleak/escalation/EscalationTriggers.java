package dev.memleak.escalation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;

import dev.memleak.escalation.EscalationStatus.Trigger;
import dev.memleak.heap.DetectionSettings;
import dev.memleak.heap.FloorSeries;
import dev.memleak.heap.FloorSeries.FloorPoint;
import dev.memleak.heap.HeapSummary;
import dev.memleak.heap.LeakStatus;
import dev.memleak.heap.LeakVerdict;
import dev.memleak.heap.UpperBound;
import dev.memleak.snapshot.ClassHistogramSnapshotter;
import org.jspecify.annotations.Nullable;

/**
 * Decides what starts an escalation, from the detector's verdict and the old generation:
 * {@code SUSPECTED}; significant, large growth ({@code WATCH}) that held for a while; and
 * growth the detector cannot observe ({@code UNOBSERVED}): too few floor points while the
 * old generation, which nothing reclaims, grows steadily and faster than the promotion an
 * earlier escalation measured. Called on the escalation's thread only.
 *
 * @author memleak
 */
final class EscalationTriggers {

	/**
	 * The old generation must grow, with nothing reclaiming it, for min-duration divided
	 * by this before the live set is measured by full collections.
	 */
	static final int UNOBSERVED_SPAN = 2;

	/**
	 * The last third of that span must grow at least this fraction as fast as the middle
	 * third: a warm-up levels off, a leak keeps going.
	 */
	static final double KEEPS_GOING = 0.5;

	/** Significant, large growth (WATCH) must hold for min-duration divided by this. */
	static final int WATCH_PERSISTENCE = 10;

	private final EscalationSettings settings;

	private final DetectionSettings detection;

	private final @Nullable FloorSeries series;

	private final @Nullable ClassHistogramSnapshotter snapshotter;

	private final LongSupplier heapUsed;

	private @Nullable Instant watchSince;

	private double promotionBytesPerHour;

	private double triggerBytesPerHour;

	EscalationTriggers(EscalationSettings settings, DetectionSettings detection, @Nullable FloorSeries series,
			@Nullable ClassHistogramSnapshotter snapshotter, LongSupplier heapUsed) {
		this.settings = settings;
		this.detection = detection;
		this.series = series;
		this.snapshotter = snapshotter;
		this.heapUsed = heapUsed;
	}

	/**
	 * Return what would start an escalation now, or {@code null}. Call once per tick: it
	 * follows how long significant growth has held.
	 * @param now the time
	 * @param verdict the detector's latest verdict
	 * @return the trigger and its reason, or {@code null}
	 */
	@Nullable Reason evaluate(Instant now, LeakVerdict verdict) {
		HeapSummary heap = verdict.heap();
		if (verdict.status() == LeakStatus.SUSPECTED) {
			return new Reason(Trigger.SUSPECTED,
					"The leak detector suspects a leak: the live set grows by " + megabytesPerHour(heap) + ".");
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
			return new Reason(Trigger.WATCH,
					"The live set grows by " + megabytesPerHour(heap) + " at a confidence of "
							+ String.format(Locale.ROOT, "%.0f%%", heap.confidence() * 100)
							+ ", above memleak.detection.min-growth-per-hour, but not yet long or steadily enough "
							+ "to suspect a leak (WATCH).");
		}
		return unobserved(now, verdict);
	}

	/**
	 * Learn how fast the old generation grows by promotion alone, after an escalation
	 * whose own full collections found the live set flat: from each of its exact floor
	 * points to the last observation of the old generation before the next (the median of
	 * those rates), so that the next {@code UNOBSERVED} escalation needs faster growth. A
	 * warm-up that started the escalation does not count: only what the old generation
	 * did while the live set was measured flat.
	 * @param since when the escalation started
	 */
	void learnPromotion(Instant since) {
		if (this.series == null) {
			return;
		}
		List<FloorPoint> exact = this.series.floorPoints(since).stream().filter(FloorPoint::inspection).toList();
		List<FloorPoint> bounds = this.series.upperBounds(since);
		List<Double> rates = new ArrayList<>();
		for (int i = 0; i < exact.size(); i++) {
			FloorPoint from = exact.get(i);
			long until = (i + 1 < exact.size()) ? exact.get(i + 1).epochMillis() : Long.MAX_VALUE;
			FloorPoint last = null;
			for (FloorPoint bound : bounds) {
				if (bound.epochMillis() > from.epochMillis() && bound.epochMillis() < until) {
					last = bound;
				}
			}
			if (last != null) {
				rates.add(perHour(from, last));
			}
		}
		double promotion = rates.isEmpty() ? this.triggerBytesPerHour
				: rates.stream().sorted().toList().get(rates.size() / 2);
		this.promotionBytesPerHour = Math.max(this.promotionBytesPerHour, Math.max(0, promotion));
	}

	/**
	 * Return how fast the old generation grows by promotion alone, as an escalation
	 * measured it; 0 before.
	 * @return bytes per hour
	 */
	double promotionBytesPerHour() {
		return this.promotionBytesPerHour;
	}

	// Growth the detector cannot observe: too few floor points, live snapshots (whose
	// full collections measure the live set) within the forced-GC limit, and an old
	// generation that nothing reclaimed for half of min-duration, growing faster than the
	// threshold plus the promotion measured before, in its middle and last thirds alike.
	private @Nullable Reason unobserved(Instant now, LeakVerdict verdict) {
		if (verdict.status() != LeakStatus.UNKNOWN || this.series == null || this.snapshotter == null
				|| this.heapUsed.getAsLong() > this.snapshotter.maxHeapForForcedGc()) {
			return null;
		}
		List<FloorPoint> bounds = this.series
			.upperBounds(UpperBound.stretchStart(this.series, now.minus(this.detection.window())));
		if (bounds.size() < 3) {
			return null;
		}
		FloorPoint first = bounds.get(0);
		FloorPoint last = bounds.get(bounds.size() - 1);
		long span = last.epochMillis() - first.epochMillis();
		if (span < this.detection.minDuration().dividedBy(UNOBSERVED_SPAN).toMillis()) {
			return null;
		}
		FloorPoint oneThird = at(bounds, first.epochMillis() + span / 3);
		FloorPoint twoThirds = at(bounds, first.epochMillis() + 2 * span / 3);
		double overall = perHour(first, last);
		double middle = perHour(oneThird, twoThirds);
		double late = perHour(twoThirds, last);
		double threshold = this.detection.minGrowthBytesPerHour();
		if (overall < this.promotionBytesPerHour + threshold || middle < threshold || late < threshold
				|| late < KEEPS_GOING * middle) {
			return null;
		}
		this.triggerBytesPerHour = overall;
		return new Reason(Trigger.UNOBSERVED, "The old generation grew by "
				+ String.format(Locale.ROOT, "%+.1f MB/h", overall / 1_000_000) + " since "
				+ Instant.ofEpochMilli(first.epochMillis())
				+ ", steadily, and no collection reclaimed it, so the live set cannot be told from promoted garbage: "
				+ "memleak's own heap snapshots measure it"
				+ ((this.promotionBytesPerHour > 0) ? String.format(Locale.ROOT,
						" (faster than the promotion of %+.1f MB/h an earlier escalation measured)",
						this.promotionBytesPerHour / 1_000_000) : "")
				+ ".");
	}

	// The latest observation at or before a time (the old generation only grows in a
	// stretch).
	private static FloorPoint at(List<FloorPoint> bounds, long millis) {
		FloorPoint found = bounds.get(0);
		for (FloorPoint bound : bounds) {
			if (bound.epochMillis() <= millis) {
				found = bound;
			}
		}
		return found;
	}

	private boolean isSignificantAndLarge(HeapSummary heap) {
		return heap.confidence() != null && heap.growthBytesPerSecond() != null
				&& heap.confidence() >= 1 - this.detection.significance()
				&& heap.growthBytesPerSecond() * 3600 >= this.detection.minGrowthBytesPerHour();
	}

	private static double perHour(FloorPoint from, FloorPoint to) {
		return (to.bytes() - from.bytes()) * (double) Duration.ofHours(1).toMillis()
				/ Math.max(1, to.epochMillis() - from.epochMillis());
	}

	static String megabytesPerHour(HeapSummary heap) {
		Double growth = heap.growthBytesPerSecond();
		return (growth != null) ? String.format(Locale.ROOT, "%+.1f MB/h", growth * 3600 / 1_000_000)
				: "an unknown rate";
	}

	/**
	 * What starts an escalation, and why, in one sentence with its numbers.
	 *
	 * @param trigger the trigger
	 * @param text the reason
	 */
	record Reason(Trigger trigger, String text) {

	}

}
