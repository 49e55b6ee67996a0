package dev.memleak.heap;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;

import dev.memleak.heap.bench.MutableClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LeakDetectorTests {

	private static final long MB = 1024 * 1024;

	private static final Instant START = Instant.parse("2026-03-01T10:00:00Z");

	private final MutableClock clock = new MutableClock(START);

	private final FloorSeries series = new FloorSeries(4096);

	private final LeakDetector detector = new LeakDetector(this.series, DetectionSettings.defaults(), this.clock);

	private final Random random = new Random(3);

	private long cycle;

	@Test
	void tooFewFloorPointsGiveUnknownAndSayWhy() {
		feed(Duration.ofMinutes(2), Duration.ofSeconds(30), (t) -> 400 * MB);
		LeakVerdict verdict = this.detector.evaluate(null);
		assertThat(verdict.status()).isEqualTo(LeakStatus.UNKNOWN);
		assertThat(verdict.notes()).singleElement().asString().startsWith("Not enough data: 4 of 8");
		assertThat(verdict.heap().liveBytes()).isBetween(400 * MB, 405 * MB);
	}

	@Test
	void unusableSignalGivesUnknown() {
		feed(Duration.ofMinutes(30), Duration.ofSeconds(30), (t) -> 400 * MB);
		LeakVerdict verdict = this.detector.evaluate("no notifications");
		assertThat(verdict.status()).isEqualTo(LeakStatus.UNKNOWN);
		assertThat(verdict.notes()).contains("no notifications");
	}

	@Test
	void flatLiveSetIsOk() {
		feed(Duration.ofMinutes(30), Duration.ofSeconds(30), (t) -> 400 * MB);
		LeakVerdict verdict = this.detector.evaluate(null);
		assertThat(verdict.status()).isEqualTo(LeakStatus.OK);
		assertThat(verdict.heap().projectedExhaustion()).isNull();
		assertThat(verdict.heap().samples()).isEqualTo(60);
	}

	@Test
	void steadyGrowthIsSuspectedWithItsRateAndProjection() {
		feed(Duration.ofMinutes(20), Duration.ofSeconds(30), (t) -> 400 * MB + 2 * MB * t / 60);
		LeakVerdict verdict = this.detector.evaluate(null);
		assertThat(verdict.status()).isEqualTo(LeakStatus.SUSPECTED);
		assertThat(verdict.heap().growthBytesPerSecond()).isCloseTo(2.0 * MB / 60, within(0.1 * MB / 60));
		assertThat(verdict.heap().confidence()).isGreaterThan(0.99);
		// (512 - 440) MB left at 2 MB/min: about 36 minutes.
		assertThat(Duration.between(this.clock.instant(), verdict.heap().projectedExhaustion()).toMinutes())
			.isBetween(33L, 39L);
	}

	@Test
	void heapSummaryCarriesTheFloorPointsTheVerdictUsed() {
		feed(Duration.ofMinutes(45), Duration.ofSeconds(30), (t) -> 400 * MB + 2 * MB * t / 60);
		HeapSummary heap = this.detector.evaluate(null).heap();
		assertThat(heap.floorPoints()).hasSize(heap.samples()).hasSize(61);
		assertThat(heap.floorPoints().get(0).epochMillis())
			.isGreaterThanOrEqualTo(this.clock.instant().minus(Duration.ofMinutes(30)).toEpochMilli());
		assertThat(heap.floorPoints())
			.isSortedAccordingTo(java.util.Comparator.comparingLong(FloorSeries.FloorPoint::epochMillis));
		assertThat(heap.floorPoints().get(60).bytes()).isEqualTo(heap.liveBytes());
		assertThat(heap.floorPoints().get(60).epochMillis()).isEqualTo(heap.lastFloorPointAt().toEpochMilli());
	}

	@Test
	void floorPointsFromBeforeTheWindowAreShownWhenTheVerdictLooksBackForThem() {
		feed(Duration.ofMinutes(80), Duration.ofMinutes(10), (t) -> 400 * MB);
		LeakVerdict verdict = this.detector.evaluate(null);
		assertThat(verdict.notes()).anyMatch((note) -> note.startsWith("Only 4 floor points"));
		assertThat(verdict.heap().floorPoints()).hasSize(8);
		assertThat(verdict.heap().samples()).isEqualTo(8);
	}

	@Test
	void growthObservedForLessThanTheMinimumDurationIsOnlyWatched() {
		feed(Duration.ofMinutes(6), Duration.ofSeconds(15), (t) -> 400 * MB + 2 * MB * t / 60);
		LeakVerdict verdict = this.detector.evaluate(null);
		assertThat(verdict.status()).isEqualTo(LeakStatus.WATCH);
		assertThat(verdict.notes()).anyMatch((note) -> note.contains("a leak is suspected once it has grown for"));
	}

	@Test
	void cacheThatFillsAndLevelsOffIsNeverSuspected() {
		DoubleUnaryOperator cache = (t) -> 300 * MB + 150 * MB * (1 - Math.exp(-t / 240));
		for (int minute = 1; minute <= 60; minute++) {
			feed(Duration.ofMinutes(1), Duration.ofSeconds(20), cache);
			assertThat(this.detector.evaluate(null).status()).as("minute %d", minute)
				.isNotEqualTo(LeakStatus.SUSPECTED);
		}
		assertThat(this.detector.evaluate(null).status()).isEqualTo(LeakStatus.OK);
	}

	@Test
	void aSingleJumpIsNotALeak() {
		DoubleUnaryOperator jump = (t) -> 300 * MB + ((t > 900) ? 120 * MB : 0);
		for (int minute = 1; minute <= 45; minute++) {
			feed(Duration.ofMinutes(1), Duration.ofSeconds(20), jump);
			assertThat(this.detector.evaluate(null).status()).as("minute %d", minute)
				.isNotEqualTo(LeakStatus.SUSPECTED);
		}
	}

	@Test
	void suspicionHoldsWhileTheLeakGoesOnAndDropsWhenItStops() {
		DoubleUnaryOperator leakThenStop = (t) -> 400 * MB + 2 * MB * Math.min(t, 2400) / 60;
		feed(Duration.ofMinutes(15), Duration.ofSeconds(20), leakThenStop);
		LeakVerdict suspected = this.detector.evaluate(null);
		assertThat(suspected.status()).isEqualTo(LeakStatus.SUSPECTED);
		Instant since = suspected.since();
		for (int minute = 16; minute <= 40; minute++) {
			feed(Duration.ofMinutes(1), Duration.ofSeconds(20), leakThenStop);
			LeakVerdict verdict = this.detector.evaluate(null);
			assertThat(verdict.status()).as("minute %d", minute).isEqualTo(LeakStatus.SUSPECTED);
			assertThat(verdict.since()).isEqualTo(since);
		}
		feed(Duration.ofMinutes(40), Duration.ofSeconds(20), leakThenStop);
		LeakVerdict after = this.detector.evaluate(null);
		assertThat(after.status()).isEqualTo(LeakStatus.OK);
		assertThat(after.since()).isAfter(since);
	}

	@Test
	void growthBelowTheMinimumRateIsNotALeak() {
		feed(Duration.ofMinutes(30), Duration.ofSeconds(30), (t) -> 400 * MB + 2 * MB * t / 3600);
		assertThat(this.detector.evaluate(null).status()).isEqualTo(LeakStatus.OK);
	}

	/**
	 * Feed floor points, one cycle each, with a little noise, for a duration.
	 */
	private void feed(Duration duration, Duration every, DoubleUnaryOperator live) {
		Instant end = this.clock.instant().plus(duration);
		while (this.clock.instant().isBefore(end)) {
			this.clock.advance(every);
			double t = Duration.between(START, this.clock.instant()).toSeconds();
			long noise = (long) (Math.abs(this.random.nextGaussian()) * MB);
			this.series.add(new FloorCandidate(this.clock.instant(), (long) live.applyAsDouble(t) + noise, 512 * MB,
					++this.cycle));
		}
	}

}
