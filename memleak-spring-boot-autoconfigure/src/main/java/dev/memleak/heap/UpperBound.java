package dev.memleak.heap;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import dev.memleak.heap.FloorSeries.FloorPoint;
import org.jspecify.annotations.Nullable;

/**
 * What the old generation after collections that did not reclaim it says about the live
 * set when there are too few floor points. Between two reclaiming collections the old
 * generation only grows, by promotion: objects that die stay until a reclaiming
 * collection, and live objects in it were live at every earlier observation. So the live
 * set grows by at most what was promoted: the old generation's growth after young
 * collections, summed over the stretches between memleak's own full collections (which
 * measure the live set exactly and do not end the argument), since the collector's own
 * last reclaiming collection. And from one of memleak's exact floor points, any later
 * observation bounds the live set's growth since.
 * <p>
 * The live set is not growing when, over at least {@code memleak.detection.min-duration}
 * ending at the latest observation, that bound is below
 * {@code memleak.detection.min-growth-per-hour}: from the latest observation that lies
 * min-duration back (so that a warm-up longer ago does not count), or from one of
 * memleak's exact floor points in the window.
 *
 * @param provesFlat whether the bound proves the live set is not growing
 * @param growthBytesPerHour the old generation's growth over the span, an upper bound of
 * the live set's, or NaN without a span
 * @param since the start of the span: an observation after the last reclaiming collection
 * (or the start of the window), or an exact floor point
 * @param explanation a sentence for the report, or {@code null} when there is nothing to
 * say
 * @author memleak
 */
public record UpperBound(boolean provesFlat, double growthBytesPerHour, @Nullable Instant since,
		@Nullable String explanation) {

	/**
	 * Bound the live set's growth with what the series holds.
	 * @param series the floor candidates and upper bounds
	 * @param now the time
	 * @param settings the window, min-duration and growth threshold
	 * @return the bound
	 */
	public static UpperBound of(FloorSeries series, Instant now, DetectionSettings settings) {
		Instant windowStart = now.minus(settings.window());
		List<FloorPoint> floors = series.floorPoints(windowStart);
		// Since the collector's own last reclaiming collection: memleak's exact ones only
		// interrupt the promotion, they do not end what it bounds.
		Instant start = windowStart;
		for (FloorPoint floor : floors) {
			if (!floor.inspection() && floor.epochMillis() > start.toEpochMilli()) {
				start = Instant.ofEpochMilli(floor.epochMillis());
			}
		}
		List<FloorPoint> observations = observations(series, floors, start);
		UpperBound exact = fromExact(floors, observations, settings);
		if (exact != null) {
			return exact;
		}
		if (observations.size() < 2) {
			return new UpperBound(false, Double.NaN, null, null);
		}
		// What was promoted into the old generation up to each observation: the live set
		// grows by at most that.
		long[] promoted = new long[observations.size()];
		for (int i = 1; i < promoted.length; i++) {
			promoted[i] = promoted[i - 1] + Math.max(0, observations.get(i).bytes() - observations.get(i - 1).bytes());
		}
		int last = observations.size() - 1;
		FloorPoint latest = observations.get(last);
		// The latest observation at least min-duration before the last one: the bound
		// covers the most recent min-duration, not a warm-up before it.
		int anchor = 0;
		for (int i = 0; i < last; i++) {
			if (latest.epochMillis() - observations.get(i).epochMillis() >= settings.minDuration().toMillis()) {
				anchor = i;
			}
		}
		long millis = latest.epochMillis() - observations.get(anchor).epochMillis();
		double perHour = (promoted[last] - promoted[anchor]) * (double) Duration.ofHours(1).toMillis()
				/ Math.max(1, millis);
		Instant since = Instant.ofEpochMilli(observations.get(anchor).epochMillis());
		String rate = String.format(Locale.ROOT, "%+.1f MB/h", perHour / 1_000_000);
		if (millis < settings.minDuration().toMillis()) {
			return new UpperBound(false, perHour, since, null);
		}
		boolean interrupted = observations.subList(anchor + 1, last + 1).stream().anyMatch(FloorPoint::inspection);
		if (perHour < settings.minGrowthBytesPerHour()) {
			return new UpperBound(true, perHour, since,
					"The live set is not growing: the old generation, which holds it and the garbage promoted since "
							+ "the last collection that reclaimed it, grew by " + rate + " from " + since + " to "
							+ Instant.ofEpochMilli(latest.epochMillis()) + " after young collections"
							+ (interrupted
									? " (its growth only: memleak's own full collections in between measured the "
											+ "live set exactly)"
									: "")
							+ ", and between reclaiming collections it only grows; the verdict rests on this upper "
							+ "bound, not on floor points.");
		}
		return new UpperBound(false, perHour, since, "The old generation grew by " + rate + " since " + since
				+ " without a collection that reclaims it: live objects and promoted garbage cannot be told apart "
				+ "until one runs (a G1 marking cycle, or memleak's next heap snapshot, whose full collection "
				+ "measures the live set exactly).");
	}

	// The old generation after young collections since a time, and memleak's exact floor
	// points since then, in time order.
	private static List<FloorPoint> observations(FloorSeries series, List<FloorPoint> floors, Instant start) {
		List<FloorPoint> observations = new ArrayList<>(series.upperBounds(start));
		for (FloorPoint floor : floors) {
			if (floor.inspection() && floor.epochMillis() >= start.toEpochMilli()) {
				observations.add(floor);
			}
		}
		observations.sort(Comparator.comparingLong(FloorPoint::epochMillis));
		return observations;
	}

	/**
	 * Return when the current stretch without a reclaiming collection started: the last
	 * floor candidate, or the start of the window if that is later.
	 * @param series the series
	 * @param windowStart the start of the window
	 * @return the start of the stretch
	 */
	public static Instant stretchStart(FloorSeries series, Instant windowStart) {
		Instant lastFloor = series.lastCandidateAt();
		return (lastFloor != null && lastFloor.isAfter(windowStart)) ? lastFloor : windowStart;
	}

	// From an exact floor point of the window (a full collection memleak caused) to a
	// later observation at least min-duration after it, the exact one last measured or
	// the latest of any kind: the live set grew by at most the difference.
	private static @Nullable UpperBound fromExact(List<FloorPoint> floors, List<FloorPoint> observations,
			DetectionSettings settings) {
		List<FloorPoint> exact = floors.stream().filter(FloorPoint::inspection).toList();
		if (exact.isEmpty()) {
			return null;
		}
		FloorPoint latest = floors.get(floors.size() - 1);
		if (!observations.isEmpty() && observations.get(observations.size() - 1).epochMillis() > latest.epochMillis()) {
			latest = observations.get(observations.size() - 1);
		}
		FloorPoint lastExact = exact.get(exact.size() - 1);
		FloorPoint bestFrom = null;
		FloorPoint bestTo = null;
		double best = Double.POSITIVE_INFINITY;
		for (FloorPoint from : exact) {
			for (FloorPoint to : List.of(lastExact, latest)) {
				if (to.epochMillis() - from.epochMillis() >= settings.minDuration().toMillis()
						&& perHour(from, to) < best) {
					best = perHour(from, to);
					bestFrom = from;
					bestTo = to;
				}
			}
		}
		if (bestFrom == null || best >= settings.minGrowthBytesPerHour()) {
			return null;
		}
		Instant since = Instant.ofEpochMilli(bestFrom.epochMillis());
		String to = bestTo.inspection() ? "memleak's own full collection measured it again at "
				: "the old generation, which holds it, was ";
		return new UpperBound(true, best, since,
				"The live set is not growing: memleak's own full collection measured it exactly at " + since + " ("
						+ (bestFrom.bytes() / 1_000_000) + " MB), and " + to
						+ Instant.ofEpochMilli(bestTo.epochMillis()) + " (" + (bestTo.bytes() / 1_000_000)
						+ " MB): at most " + String.format(Locale.ROOT, "%+.1f MB/h", best / 1_000_000)
						+ "; the verdict rests on this bound, not on a trend of floor points.");
	}

	private static double perHour(FloorPoint from, FloorPoint to) {
		return (to.bytes() - from.bytes()) * (double) Duration.ofHours(1).toMillis()
				/ Math.max(1, to.epochMillis() - from.epochMillis());
	}

}
