package dev.memleak.heap;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.memleak.heap.FloorSeries.FloorPoint;
import org.jspecify.annotations.Nullable;

/**
 * Decides whether the live set leaks, from the floor points in the detection window.
 * <p>
 * Growth must be significant (Mann-Kendall), large enough to matter, observed long
 * enough, and must not be slowing down: the Theil-Sen slope of the most recent half of
 * the window is compared with the slope of the whole window, so a cache or a warm-up
 * whose growth decelerates towards a plateau stays at {@link LeakStatus#WATCH} while a
 * leak, whose growth keeps going, becomes {@link LeakStatus#SUSPECTED}. See
 * docs/detection.md.
 *
 * @author memleak
 */
public final class LeakDetector {

	/**
	 * The last third of the window must grow at least this fraction as fast as the first.
	 */
	static final double KEEPS_GOING = 0.5;

	/**
	 * Each third of the window must rise above the previous one by at least this fraction
	 * of what the window's trend predicts.
	 */
	static final double RISE_FRACTION = 0.25;

	/** Each third of the window must grow on its own at this one-sided p-value. */
	static final double PART_SIGNIFICANCE = 0.2;

	/**
	 * How many windows back the detector looks when the window alone has too few points.
	 */
	static final int MAX_EXTENSION = 4;

	/** A gap between floor points of min-duration divided by this splits the window. */
	static final int GAP_DIVISOR = 2;

	/** Floor points a third of the window needs to show anything. */
	static final int MIN_POINTS_PER_PART = 2;

	private final FloorSeries series;

	private final DetectionSettings settings;

	private final Clock clock;

	private LeakStatus status = LeakStatus.UNKNOWN;

	private Instant since;

	/**
	 * Create a detector.
	 * @param series the floor candidates
	 * @param settings window and thresholds
	 * @param clock the time source
	 */
	public LeakDetector(FloorSeries series, DetectionSettings settings, Clock clock) {
		this.series = series;
		this.settings = settings;
		this.clock = clock;
	}

	/**
	 * Evaluate the floor points now.
	 * @param signalNote why the collector gives no usable signal, or {@code null} if it
	 * does
	 * @return the verdict
	 */
	public synchronized LeakVerdict evaluate(String signalNote) {
		Instant now = this.clock.instant();
		List<String> notes = new ArrayList<>();
		List<FloorPoint> points = this.series.floorPoints(now.minus(this.settings.window()));
		if (points.size() < this.settings.minSamples()) {
			points = extendedWindow(now, points, notes);
		}
		HeapSummary heap;
		LeakStatus next;
		if (signalNote != null) {
			notes.add(signalNote);
			heap = HeapSummary.unknown(maxBytes());
			next = LeakStatus.UNKNOWN;
		}
		else if (points.size() < Math.max(2, this.settings.minSamples())) {
			UpperBound bound = UpperBound.of(this.series, now, this.settings);
			if (bound.provesFlat()) {
				notes.add(bound.explanation());
				next = LeakStatus.OK;
			}
			else {
				notes.add(notEnoughData(points.size()));
				if (bound.explanation() != null) {
					notes.add(bound.explanation());
				}
				next = LeakStatus.UNKNOWN;
			}
			heap = summary(points, null, false, now);
		}
		else {
			long observedSince = points.get(0).epochMillis();
			String gapNote = null;
			List<FloorPoint> afterGap = afterGap(points);
			if (afterGap != null) {
				// Growth was observed since the first floor point if the live set was
				// lower
				// then.
				FloorPoint first = afterGap.get(0);
				observedSince = (points.get(0).bytes() < first.bytes()) ? observedSince : first.epochMillis();
				FloorPoint before = points.get(points.size() - afterGap.size() - 1);
				gapNote = " The " + (points.size() - afterGap.size()) + " floor points before a gap from "
						+ Instant.ofEpochMilli(before.epochMillis()) + " to "
						+ Instant.ofEpochMilli(first.epochMillis())
						+ " (often the application's startup, then no collection that reclaimed the old generation) "
						+ "are left out of the shape of the growth; its duration counts from the first floor point.";
				points = afterGap;
			}
			Assessment assessment = assess(points, observedSince);
			next = assessment.status;
			notes.add(0, assessment.explanation);
			notes.add(1, basis(points) + ((gapNote != null) ? gapNote : ""));
			heap = summary(points, assessment.trend, next == LeakStatus.WATCH || next == LeakStatus.SUSPECTED, now);
		}
		if (this.series.dropped() > 0) {
			notes
				.add("The floor series is full (memleak.detection.max-samples); the oldest floor points were dropped.");
		}
		if (next != this.status || this.since == null) {
			this.since = now;
			this.status = next;
		}
		return new LeakVerdict(this.status, this.since, heap, notes);
	}

	/**
	 * The floor points after the longest gap, when it lasts at least half of min-duration
	 * and at least min-samples floor points follow it: the shape of the growth cannot be
	 * judged across such a gap, and the few points before it are often the application's
	 * startup (the context being built) before the collector stopped reclaiming the old
	 * generation, and memleak's own collections took over.
	 */
	private @Nullable List<FloorPoint> afterGap(List<FloorPoint> points) {
		int start = 0;
		long longest = 0;
		for (int i = 1; i < points.size(); i++) {
			long gap = points.get(i).epochMillis() - points.get(i - 1).epochMillis();
			if (gap > longest) {
				longest = gap;
				start = i;
			}
		}
		boolean enough = points.size() - start >= Math.max(2, this.settings.minSamples());
		return (start > 0 && enough && longest >= this.settings.minDuration().dividedBy(GAP_DIVISOR).toMillis())
				? points.subList(start, points.size()) : null;
	}

	private Assessment assess(List<FloorPoint> points, long observedSince) {
		Trend trend = fit(points);
		double perHour = trend.slope() * 3600;
		long first = points.get(0).epochMillis();
		long last = points.get(points.size() - 1).epochMillis();
		long third = (last - first) / 3;
		Part early = Part.of(points, first, first + third);
		Part middle = Part.of(points, first + third, last - third);
		Part late = Part.of(points, last - third, last);
		// What the window's trend predicts each third to add.
		double expectedRise = trend.slope() * third / 1000.0;
		boolean significant = trend.pIncreasing() < this.settings.significance();
		boolean large = perHour >= this.settings.minGrowthBytesPerHour();
		String rate = megabytes(perHour) + " MB/h (confidence " + percent(trend.confidence()) + ")";
		if (this.status == LeakStatus.SUSPECTED && trend.pIncreasing() < 0.05
				&& perHour >= this.settings.minGrowthBytesPerHour() / 2.0
				&& late.rise(middle) >= RISE_FRACTION * expectedRise) {
			return new Assessment(LeakStatus.SUSPECTED, trend, "The live set keeps growing by " + rate + ".");
		}
		if (significant && large) {
			if (!early.grows() || !middle.grows() || !late.grows() || middle.rise(early) < RISE_FRACTION * expectedRise
					|| late.rise(middle) < RISE_FRACTION * expectedRise) {
				return new Assessment(LeakStatus.WATCH, trend, "The live set grew by " + rate
						+ " but not throughout the window: a jump, a warm-up or a cache that may level off.");
			}
			if (late.trend().slope() < KEEPS_GOING * early.trend().slope()
					&& late.rise(middle) < 0.75 * middle.rise(early)) {
				return new Assessment(LeakStatus.WATCH, trend, "The live set grows by " + rate
						+ " but the growth is slowing down: a cache or warm-up that may level off.");
			}
			long seconds = (last - Math.min(first, observedSince)) / 1000;
			if (seconds < this.settings.minDuration().toSeconds()) {
				return new Assessment(LeakStatus.WATCH, trend,
						"The live set grows by " + rate + " for " + Duration.ofSeconds(seconds)
								+ "; a leak is suspected once it has grown for " + this.settings.minDuration() + ".");
			}
			return new Assessment(LeakStatus.SUSPECTED, trend, "The live set grows steadily by " + rate + ".");
		}
		// Below min-growth-per-hour the live set is flat, however significant the growth:
		// memleak's own full collections resolve the few MB/h a warm-up still adds.
		if (trend.pIncreasing() < 0.05 && large) {
			return new Assessment(LeakStatus.WATCH, trend, "The live set may be growing by " + rate + ".");
		}
		return new Assessment(LeakStatus.OK, trend, "The live set is flat (" + megabytes(perHour)
				+ " MB/h, confidence of growth " + percent(trend.confidence()) + ").");
	}

	// What the verdict rests on, in one sentence.
	private static String basis(List<FloorPoint> points) {
		long inspections = points.stream().filter(FloorPoint::inspection).count();
		return "The verdict rests on " + points.size() + " floor points (the live set after collections that "
				+ "reclaimed the old generation) from " + Instant.ofEpochMilli(points.get(0).epochMillis()) + " to "
				+ Instant.ofEpochMilli(points.get(points.size() - 1).epochMillis())
				+ ((inspections > 0) ? ", " + inspections + " of them exact, from memleak's own heap snapshots" : "")
				+ ".";
	}

	private static Trend fitBetween(List<FloorPoint> points, long from, long to) {
		return fit(
				points.stream().filter((point) -> point.epochMillis() >= from && point.epochMillis() <= to).toList());
	}

	private HeapSummary summary(List<FloorPoint> points, Trend trend, boolean growing, Instant now) {
		long max = maxBytes();
		if (points.isEmpty()) {
			Instant last = this.series.lastCandidateAt();
			return new HeapSummary(null, max, null, null, null, 0, last);
		}
		FloorPoint last = points.get(points.size() - 1);
		Trend fitted = (trend != null) ? trend : fit(points);
		Double growth = (points.size() >= 2) ? fitted.slope() : null;
		Double confidence = (points.size() >= 2) ? fitted.confidence() : null;
		Instant exhaustion = null;
		if (growing && fitted.slope() > 0 && fitted.pIncreasing() < this.settings.significance()) {
			double seconds = Math.max(0, (max - last.bytes()) / fitted.slope());
			exhaustion = now.plusSeconds((long) Math.min(seconds, 100L * 365 * 24 * 3600));
		}
		return new HeapSummary(last.bytes(), max, growth, confidence, exhaustion, points.size(),
				Instant.ofEpochMilli(last.epochMillis()), points);
	}

	/**
	 * When marking cycles pause (G1 adapts its marking threshold, a service goes quiet),
	 * the window may hold too few floor points although enough exist a little earlier.
	 * Rather than fall back to UNKNOWN, the verdict then uses the most recent min-samples
	 * floor points, looking back at most {@link #MAX_EXTENSION} windows, and says so.
	 */
	private List<FloorPoint> extendedWindow(Instant now, List<FloorPoint> points, List<String> notes) {
		List<FloorPoint> earlier = this.series
			.floorPoints(now.minus(this.settings.window().multipliedBy(MAX_EXTENSION)));
		if (earlier.size() < this.settings.minSamples()) {
			return points;
		}
		List<FloorPoint> recent = earlier.subList(earlier.size() - this.settings.minSamples(), earlier.size());
		notes.add("Only " + points.size() + " floor points in the last " + this.settings.window()
				+ ": the verdict uses the last " + recent.size() + " floor points, back to "
				+ Instant.ofEpochMilli(recent.get(0).epochMillis()) + ".");
		return recent;
	}

	private String notEnoughData(int samples) {
		Instant last = this.series.lastCandidateAt();
		return "Not enough data: " + samples + " of " + this.settings.minSamples() + " floor points in the last "
				+ this.settings.window() + " (a floor point needs a collection that reclaims the old generation; "
				+ ((last != null) ? "the last was at " + last : "there was none yet")
				+ "). Under light load G1 may run no marking cycle for a long time; "
				+ "-XX:G1PeriodicGCInterval makes it run one when the application is idle.";
	}

	private long maxBytes() {
		long max = this.series.maxBytes();
		return (max > 0) ? max : Runtime.getRuntime().maxMemory();
	}

	private static Trend fit(List<FloorPoint> points) {
		if (points.isEmpty()) {
			return Trend.fit(new double[0], new double[0]);
		}
		double[] x = new double[points.size()];
		double[] y = new double[points.size()];
		long origin = points.get(0).epochMillis();
		for (int i = 0; i < x.length; i++) {
			x[i] = (points.get(i).epochMillis() - origin) / 1000.0;
			y[i] = points.get(i).bytes();
		}
		return Trend.fit(x, y);
	}

	private static String megabytes(double bytes) {
		return String.format(java.util.Locale.ROOT, "%+.1f", bytes / 1_000_000);
	}

	private static String percent(double fraction) {
		return String.format(java.util.Locale.ROOT, "%.0f%%", fraction * 100);
	}

	/**
	 * One third of the window: its own trend and its level (the median floor point).
	 */
	private record Part(Trend trend, double level, int n) {

		static Part of(List<FloorPoint> points, long from, long to) {
			List<FloorPoint> part = points.stream()
				.filter((point) -> point.epochMillis() >= from && point.epochMillis() <= to)
				.toList();
			double[] bytes = part.stream().mapToDouble(FloorPoint::bytes).sorted().toArray();
			double level = (bytes.length == 0) ? Double.NaN : (bytes.length % 2 == 1) ? bytes[bytes.length / 2]
					: (bytes[bytes.length / 2 - 1] + bytes[bytes.length / 2]) / 2;
			return new Part(fit(part), level, bytes.length);
		}

		boolean hasData() {
			return this.n >= MIN_POINTS_PER_PART;
		}

		/** Whether this third shows growth of its own, as a leak does in every third. */
		boolean grows() {
			// Two points cannot be significant on their own; the window's test already
			// is.
			return hasData() && this.trend.slope() > 0 && (this.n < 3 || this.trend.pIncreasing() <= PART_SIGNIFICANCE);
		}

		/** How much higher this part sits than an earlier one; 0 without data. */
		double rise(Part earlier) {
			return (hasData() && earlier.hasData()) ? this.level - earlier.level : 0;
		}

	}

	private record Assessment(LeakStatus status, Trend trend, String explanation) {
	}

}
