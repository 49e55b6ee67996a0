package dev.memleak.heap;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import dev.memleak.heap.FloorSeries.FloorPoint;
import org.jspecify.annotations.Nullable;

/**
 * What the old generation after collections that did not reclaim it says about the live
 * set when there are too few floor points. Between two reclaiming collections the old
 * generation only grows, by promotion: it holds the live set and the garbage promoted
 * since, and garbage is not removed until a reclaiming collection. So from one such
 * observation to a later one the live set grows by at most what the old generation grew.
 * When that is below {@code memleak.detection.min-growth-per-hour} for at least
 * {@code memleak.detection.min-duration}, the live set is not growing, without any floor
 * point. Likewise from a full collection memleak caused itself, which measured the live
 * set exactly: any later observation of the old generation bounds the live set's growth
 * since.
 *
 * @param provesFlat whether the bound proves the live set is not growing
 * @param growthBytesPerHour the old generation's growth over the span, an upper bound of
 * the live set's, or NaN without a span
 * @param since the start of the span: the last reclaiming collection, or the start of the
 * window
 * @param explanation a sentence for the report, or {@code null} when there is nothing to
 * say
 * @author memleak
 */
public record UpperBound(boolean provesFlat, double growthBytesPerHour, @Nullable Instant since,
		@Nullable String explanation) {

	public static UpperBound of(FloorSeries series, Instant now, DetectionSettings settings) {
		Instant from = now.minus(settings.window());
		Instant lastFloor = series.lastCandidateAt();
		if (lastFloor != null && lastFloor.isAfter(from)) {
			from = lastFloor;
		}
		List<FloorPoint> bounds = series.upperBounds(from);
		if (bounds.size() < 2) {
			UpperBound fromExact = fromExact(series, now, settings);
			return (fromExact != null) ? fromExact : new UpperBound(false, Double.NaN, null, null);
		}
		FloorPoint first = bounds.get(0);
		FloorPoint last = bounds.get(bounds.size() - 1);
		Duration span = Duration.ofMillis(last.epochMillis() - first.epochMillis());
		double perHour = (last.bytes() - first.bytes()) * (double) Duration.ofHours(1).toMillis()
				/ Math.max(1, span.toMillis());
		Instant since = Instant.ofEpochMilli(first.epochMillis());
		String rate = String.format(Locale.ROOT, "%+.1f MB/h", perHour / 1_000_000);
		if (span.compareTo(settings.minDuration()) >= 0 && perHour >= settings.minGrowthBytesPerHour()) {
			UpperBound fromExact = fromExact(series, now, settings);
			if (fromExact != null) {
				return fromExact;
			}
		}
		if (span.compareTo(settings.minDuration()) < 0) {
			UpperBound fromExact = fromExact(series, now, settings);
			return (fromExact != null) ? fromExact : new UpperBound(false, perHour, since, null);
		}
		if (perHour < settings.minGrowthBytesPerHour()) {
			return new UpperBound(true, perHour, since,
					"The live set is not growing: the old generation, which holds it and the garbage promoted since "
							+ "the last collection that reclaimed it, grew by " + rate + " from " + since + " to "
							+ Instant.ofEpochMilli(last.epochMillis()) + " after young collections, and between "
							+ "reclaiming collections it only grows; the verdict rests on this upper bound, not on "
							+ "floor points.");
		}
		return new UpperBound(false, perHour, since, "The old generation grew by " + rate + " since " + since
				+ " without a collection that reclaims it: live objects and promoted garbage cannot be told apart "
				+ "until one runs (a G1 marking cycle, or memleak's next heap snapshot, whose full collection "
				+ "measures the live set exactly).");
	}

	// From the earliest exact floor point of the window (a full collection memleak
	// caused)
	// to the latest observation of the old generation, at least min-duration later: the
	// live set grew by at most the difference.
	private static @Nullable UpperBound fromExact(FloorSeries series, Instant now, DetectionSettings settings) {
		List<FloorPoint> floors = series.floorPoints(now.minus(settings.window()));
		FloorPoint exact = floors.stream().filter(FloorPoint::inspection).findFirst().orElse(null);
		if (exact == null) {
			return null;
		}
		FloorPoint latest = floors.get(floors.size() - 1);
		List<FloorPoint> bounds = series.upperBounds(Instant.ofEpochMilli(exact.epochMillis()));
		if (!bounds.isEmpty() && bounds.get(bounds.size() - 1).epochMillis() > latest.epochMillis()) {
			latest = bounds.get(bounds.size() - 1);
		}
		long millis = latest.epochMillis() - exact.epochMillis();
		if (millis < settings.minDuration().toMillis()) {
			return null;
		}
		double perHour = (latest.bytes() - exact.bytes()) * (double) Duration.ofHours(1).toMillis() / millis;
		if (perHour >= settings.minGrowthBytesPerHour()) {
			return null;
		}
		Instant since = Instant.ofEpochMilli(exact.epochMillis());
		return new UpperBound(true, perHour, since,
				"The live set is not growing: memleak's own full collection measured it exactly at " + since + " ("
						+ (exact.bytes() / 1_000_000) + " MB), and the old generation, which holds it, was "
						+ (latest.bytes() / 1_000_000) + " MB at " + Instant.ofEpochMilli(latest.epochMillis())
						+ ": at most " + String.format(Locale.ROOT, "%+.1f MB/h", perHour / 1_000_000)
						+ "; the verdict rests on this bound, not on a trend of floor points.");
	}

}
