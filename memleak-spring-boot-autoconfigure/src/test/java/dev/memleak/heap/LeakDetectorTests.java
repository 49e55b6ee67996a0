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
	void withoutFloorPointsAFlatOldGenerationAfterYoungCollectionsIsOk() {
		feedUpperBounds(Duration.ofMinutes(9), (t) -> 100 * MB + 100 * 1024 * t / 3600);
		LeakVerdict early = this.detector.evaluate(null);
		assertThat(early.status()).as("before min-duration").isEqualTo(LeakStatus.UNKNOWN);
		feedUpperBounds(Duration.ofMinutes(2), (t) -> 100 * MB + 100 * 1024 * t / 3600);
		LeakVerdict verdict = this.detector.evaluate(null);
		assertThat(verdict.status()).isEqualTo(LeakStatus.OK);
		assertThat(verdict.notes()).singleElement()
			.asString()
			.startsWith("The live set is not growing: the old generation")
			.contains("the verdict rests on this upper bound, not on floor points");
	}

	@Test
	void withoutFloorPointsAGrowingOldGenerationStaysUnknownAndSaysWhy() {
		feedUpperBounds(Duration.ofMinutes(20), (t) -> 100 * MB + MB * t / 60);
		LeakVerdict verdict = this.detector.evaluate(null);
		assertThat(verdict.status()).isEqualTo(LeakStatus.UNKNOWN);
		assertThat(verdict.notes()).hasSize(2);
		assertThat(verdict.notes().get(1)).startsWith("The old generation grew by +62.9 MB/h since")
			.contains("live objects and promoted garbage cannot be told apart");
	}

	@Test
	void theUpperBoundCountsOnlySinceTheLastReclaimingCollection() {
		feedUpperBounds(Duration.ofMinutes(15), (t) -> 100 * MB + MB * t / 60);
		this.series.add(new FloorCandidate(this.clock.instant(), 90 * MB, 512 * MB, ++this.cycle));
		feedUpperBounds(Duration.ofMinutes(11), (t) -> 90 * MB);
		LeakVerdict verdict = this.detector.evaluate(null);
		assertThat(verdict.status()).isEqualTo(LeakStatus.OK);
		assertThat(verdict.heap().liveBytes()).isEqualTo(90 * MB);
	}

	@Test
	void anExactFloorPointAndAFlatOldGenerationSinceShowAFlatLiveSet() {
		this.series.add(new FloorCandidate(this.clock.instant(), 100 * MB, 512 * MB, ++this.cycle,
				FloorCandidate.Kind.INSPECTION));
		// Promotion of 1 MB in 11 minutes: at most 5.7 MB/h, below the threshold.
		feedUpperBounds(Duration.ofMinutes(11), (t) -> 100 * MB + MB * t / 660);
		LeakVerdict verdict = this.detector.evaluate(null);
		assertThat(verdict.status()).isEqualTo(LeakStatus.OK);
		assertThat(verdict.notes()).singleElement()
			.asString()
			.startsWith("The live set is not growing: memleak's own full collection measured it exactly at")
			.contains("the verdict rests on this bound, not on a trend of floor points");
	}

	@Test
	void anExactFloorPointProvesNothingWhenTheOldGenerationGrewFasterSince() {
		this.series.add(new FloorCandidate(this.clock.instant(), 100 * MB, 512 * MB, ++this.cycle,
				FloorCandidate.Kind.INSPECTION));
		feedUpperBounds(Duration.ofMinutes(11), (t) -> 100 * MB + MB * t / 60);
		assertThat(this.detector.evaluate(null).status()).isEqualTo(LeakStatus.UNKNOWN);
	}

	@Test
	void twoExactFloorPointsMinDurationApartShowAFlatLiveSetWhatEverWasPromotedSince() {
		exact(100 * MB);
		// Promotion of 1 MB a minute, reclaimed by memleak's next full collection.
		feedUpperBounds(Duration.ofMinutes(10), (t) -> 100 * MB + MB * t / 60);
		this.clock.advance(Duration.ofSeconds(30));
		exact(100 * MB + MB / 2);
		feedUpperBounds(Duration.ofMinutes(2), (t) -> 100 * MB + MB * (t - 630) / 60);
		LeakVerdict verdict = this.detector.evaluate(null);
		assertThat(verdict.status()).isEqualTo(LeakStatus.OK);
		assertThat(verdict.notes()).singleElement()
			.asString()
			.contains("memleak's own full collection measured it again at");
	}

	@Test
	void aFlatOldGenerationStaysOkAcrossMemleaksOwnFullCollection() {
		feedUpperBounds(Duration.ofMinutes(12), (t) -> 130 * MB);
		assertThat(this.detector.evaluate(null).status()).isEqualTo(LeakStatus.OK);
		// A scheduled heap snapshot's full collection reclaims the garbage promoted so
		// far.
		exact(100 * MB);
		feedUpperBounds(Duration.ofMinutes(1), (t) -> 100 * MB);
		LeakVerdict verdict = this.detector.evaluate(null);
		assertThat(verdict.status()).isEqualTo(LeakStatus.OK);
		assertThat(verdict.notes()).singleElement()
			.asString()
			.contains("(its growth only: memleak's own full collections in between measured the live set exactly)");
	}

	@Test
	void theUpperBoundCoversTheMostRecentMinDurationNotAWarmUpBeforeIt() {
		// A warm-up of 6 MB in 5 minutes, then flat for 11 minutes: 22 MB/h since the
		// start, 0 over the last 10 minutes.
		feedUpperBounds(Duration.ofMinutes(16), (t) -> 100 * MB + MB * Math.min(t, 300) / 50);
		LeakVerdict verdict = this.detector.evaluate(null);
		assertThat(verdict.status()).isEqualTo(LeakStatus.OK);
		assertThat(verdict.notes()).singleElement().asString().contains("grew by +0.0 MB/h from 2026-03-01T10:06");
	}

	@Test
	void floorPointsBeforeALongGapAreLeftOutOfTheShapeButCountForTheDuration() {
		// The application's startup: the live set built within a minute, as G1 saw it.
		for (long mb : new long[] { 10, 20, 25, 26 }) {
			this.clock.advance(Duration.ofSeconds(20));
			this.series.add(new FloorCandidate(this.clock.instant(), mb * MB, 512 * MB, ++this.cycle));
		}
		// Then nothing reclaims the old generation for more than 5 minutes; memleak's own
		// full collections every minute measure a leak of 5 MB a minute.
		this.clock.advance(Duration.ofSeconds(310));
		for (int minute = 0; minute < 8; minute++) {
			exact(50 * MB + minute * 5 * MB);
			this.clock.advance(Duration.ofMinutes(1));
		}
		LeakVerdict verdict = this.detector.evaluate(null);
		assertThat(verdict.status()).isEqualTo(LeakStatus.SUSPECTED);
		assertThat(verdict.notes().get(1)).startsWith("The verdict rests on 8 floor points")
			.contains("The 4 floor points before a gap from 2026-03-01T10:01:20Z to 2026-03-01T10:06:30Z")
			.endsWith("are left out of the shape of the growth; its duration counts from the first floor point.");
		assertThat(verdict.heap().growthBytesPerSecond()).isCloseTo(5.0 * MB / 60, within(0.01 * MB));
	}

	@Test
	void theVerdictSaysWhatItRestsOnAndCountsMemleaksOwnCollections() {
		feed(Duration.ofMinutes(30), Duration.ofSeconds(30), (t) -> 400 * MB);
		this.clock.advance(Duration.ofSeconds(30));
		this.series.add(new FloorCandidate(this.clock.instant(), 399 * MB, 512 * MB, ++this.cycle,
				FloorCandidate.Kind.INSPECTION));
		LeakVerdict verdict = this.detector.evaluate(null);
		assertThat(verdict.status()).isEqualTo(LeakStatus.OK);
		assertThat(verdict.notes().get(1)).startsWith("The verdict rests on 61 floor points")
			.endsWith(", 1 of them exact, from memleak's own heap snapshots.");
	}

	@Test
	void growthBelowTheMinimumRateIsNotALeak() {
		feed(Duration.ofMinutes(30), Duration.ofSeconds(30), (t) -> 400 * MB + 2 * MB * t / 3600);
		assertThat(this.detector.evaluate(null).status()).isEqualTo(LeakStatus.OK);
	}

	@Test
	void exactFloorPointsThatResolveGrowthBelowTheMinimumRateGiveOkNotWatch() {
		// An escalation's own full collections, a minute apart, on a healthy service
		// whose
		// live set still creeps up after its warm-up (DiagnosisIT, JDK 25): 6 MB/h, three
		// quarters of min-growth-per-hour, significant at any level.
		for (int minute = 0; minute < 14; minute++) {
			exact(21 * MB + 6 * MB * minute / 60 + this.random.nextInt(20_000));
			this.clock.advance(Duration.ofMinutes(1));
		}
		LeakVerdict verdict = this.detector.evaluate(null);
		assertThat(verdict.heap().confidence()).isGreaterThan(0.999);
		assertThat(verdict.status()).isEqualTo(LeakStatus.OK);
		assertThat(verdict.heap().projectedExhaustion()).isNull();
		assertThat(verdict.notes().get(0)).startsWith("The live set is flat (+6.");
	}

	@Test
	void growthAtTheMinimumRateThatIsNotYetSignificantEnoughIsWatched() {
		// 13 MB/h in 9 floor points with 8 MB of scatter: p between 0.01 and 0.05.
		long[] scatter = { 12, 13, 1, 8, 16, 15, 12, 9, 15 };
		for (int point = 0; point < 9; point++) {
			this.clock.advance(Duration.ofMinutes(3));
			exact(300 * MB + 10 * MB * point * 4 / 60 + scatter[point] * MB / 2);
		}
		LeakVerdict verdict = this.detector.evaluate(null);
		assertThat(verdict.status()).isEqualTo(LeakStatus.WATCH);
		assertThat(verdict.notes().get(0)).startsWith("The live set may be growing by ");
	}

	private void exact(long bytes) {
		this.series.add(new FloorCandidate(this.clock.instant(), bytes, 512 * MB, ++this.cycle,
				FloorCandidate.Kind.INSPECTION));
	}

	/**
	 * Feed upper bounds (the old generation after young collections that do not reclaim
	 * it), one every 2 seconds.
	 */
	private void feedUpperBounds(Duration duration, DoubleUnaryOperator old) {
		Instant end = this.clock.instant().plus(duration);
		while (this.clock.instant().isBefore(end)) {
			this.clock.advance(Duration.ofSeconds(2));
			double t = Duration.between(START, this.clock.instant()).toSeconds();
			this.series.add(new FloorCandidate(this.clock.instant(), (long) old.applyAsDouble(t), 512 * MB, this.cycle,
					FloorCandidate.Kind.UPPER_BOUND));
		}
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
