package dev.memleak.heap;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LiveSetEstimatorTests {

	private static final long MB = 1024 * 1024;

	private final LiveSetEstimator estimator = new LiveSetEstimator();

	private long second;

	@Test
	void youngPauseThatGrowsTheOldGenerationIsNotAFloorButAnUpperBound() {
		assertThat(accept("G1 Young Generation", "end of minor GC", "G1 Old Gen", 100, 110)).singleElement()
			.satisfies((candidate) -> {
				assertThat(candidate.isFloor()).isFalse();
				assertThat(candidate.kind()).isEqualTo(FloorCandidate.Kind.UPPER_BOUND);
				assertThat(candidate.bytes()).isEqualTo(110 * MB);
			});
	}

	@Test
	void fullCollectionOfAHeapSnapshotIsAnExactFloor() {
		this.second++;
		List<FloorCandidate> candidates = this.estimator
			.accept(new GcEvent(Instant.ofEpochSecond(this.second), "G1 Old Generation", "end of major GC",
					"Heap Inspection Initiated GC", Map.of("G1 Old Gen", new GcEvent.PoolUsage(200 * MB, 512 * MB)),
					Map.of("G1 Old Gen", new GcEvent.PoolUsage(60 * MB, 512 * MB))));
		assertThat(candidates).singleElement().satisfies((candidate) -> {
			assertThat(candidate.kind()).isEqualTo(FloorCandidate.Kind.INSPECTION);
			assertThat(candidate.isFloor()).isTrue();
		});
		assertThat(accept("G1 Old Generation", "end of major GC", "G1 Old Gen", 200, 80)).singleElement()
			.extracting(FloorCandidate::kind)
			.isEqualTo(FloorCandidate.Kind.RECLAIMED);
	}

	@Test
	void mixedCollectionIsAFloorAndOneCycleKeepsItsMinimum() {
		accept("G1 Young Generation", "end of minor GC", "G1 Old Gen", 100, 120);
		List<FloorCandidate> first = accept("G1 Young Generation", "end of minor GC", "G1 Old Gen", 120, 105);
		List<FloorCandidate> second = accept("G1 Young Generation", "end of minor GC", "G1 Old Gen", 105, 90);
		assertThat(first).singleElement().extracting(FloorCandidate::bytes).isEqualTo(105 * MB);
		assertThat(second).singleElement().satisfies((candidate) -> {
			assertThat(candidate.bytes()).isEqualTo(90 * MB);
			assertThat(candidate.cycle()).isEqualTo(first.get(0).cycle());
		});
	}

	@Test
	void collectionsAfterALongGapStartANewCycle() {
		long firstCycle = accept("G1 Young Generation", "end of minor GC", "G1 Old Gen", 120, 100).get(0).cycle();
		for (int i = 0; i < 5; i++) {
			accept("G1 Young Generation", "end of minor GC", "G1 Old Gen", 100 + i, 101 + i);
		}
		assertThat(accept("G1 Young Generation", "end of minor GC", "G1 Old Gen", 120, 100).get(0).cycle())
			.isGreaterThan(firstCycle);
	}

	@Test
	void oldGenerationShrinkingBetweenNotificationsIsAFloor() {
		accept("G1 Young Generation", "end of minor GC", "G1 Old Gen", 100, 150);
		assertThat(accept("G1 Young Generation", "end of minor GC", "G1 Old Gen", 130, 135)).singleElement()
			.extracting(FloorCandidate::bytes)
			.isEqualTo(130 * MB);
	}

	@Test
	void remarkAndCleanupOfOneMarkingAreOneCycleAndEachMarkingANewOne() {
		long remark = accept("G1 Concurrent GC", "end of concurrent GC pause", "G1 Old Gen", 120, 110).get(0).cycle();
		long cleanup = accept("G1 Concurrent GC", "end of concurrent GC pause", "G1 Old Gen", 110, 110).get(0).cycle();
		accept("G1 Young Generation", "end of minor GC", "G1 Old Gen", 110, 112);
		long next = accept("G1 Concurrent GC", "end of concurrent GC pause", "G1 Old Gen", 113, 113).get(0).cycle();
		assertThat(cleanup).isEqualTo(remark);
		assertThat(next).isGreaterThan(remark);
	}

	@Test
	void fullAndMajorCollectionsAreFloorsOfTheirOwn() {
		long full = accept("G1 Old Generation", "end of major GC", "G1 Old Gen", 200, 80).get(0).cycle();
		long major = accept("PS MarkSweep", "end of major GC", "PS Old Gen", 200, 70).get(0).cycle();
		assertThat(major).isGreaterThan(full);
		assertThat(accept("MarkSweepCompact", "end of major GC", "Tenured Gen", 150, 60)).hasSize(1);
	}

	@Test
	void concurrentCollectorsGiveFloorsAtCycleEndsAndPausesAreIgnored() {
		assertThat(accept("ZGC Pauses", "end of GC pause", "ZHeap", 0, 0)).isEmpty();
		assertThat(accept("ZGC Cycles", "end of GC cycle", "ZHeap", 120, 90)).hasSize(1);
		assertThat(accept("ZGC Minor Cycles", "end of GC cycle", "ZGC Old Generation", 90, 95)).singleElement()
			.extracting(FloorCandidate::isFloor)
			.isEqualTo(false);
		assertThat(accept("ZGC Major Cycles", "end of GC cycle", "ZGC Old Generation", 95, 80)).hasSize(1);
		assertThat(accept("Shenandoah Pauses", "Init Mark", "Shenandoah", 0, 0)).isEmpty();
		assertThat(accept("Shenandoah Cycles", "end of GC cycle", "Shenandoah", 100, 70)).hasSize(1);
	}

	@Test
	void unknownPoolsGiveNothing() {
		assertThat(accept("Mystery", "end of major GC", "Some Pool", 100, 50)).isEmpty();
		assertThat(this.estimator.longLivedPool()).isNull();
		assertThat(this.estimator.events()).isEqualTo(1);
	}

	private List<FloorCandidate> accept(String collector, String action, String pool, long beforeMb, long afterMb) {
		this.second++;
		return this.estimator.accept(new GcEvent(Instant.ofEpochSecond(this.second), collector, action, "test",
				Map.of(pool, new GcEvent.PoolUsage(beforeMb * MB, 512 * MB)),
				Map.of(pool, new GcEvent.PoolUsage(afterMb * MB, 512 * MB))));
	}

}
