package dev.memleak.heap;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FloorSeriesTests {

	private static final Instant START = Instant.parse("2026-03-01T10:00:00Z");

	private final FloorSeries series = new FloorSeries(16);

	@Test
	void upperBoundsAreKeptApartFromFloorPointsOnePerFiveSeconds() {
		for (int second = 0; second < 20; second++) {
			this.series.add(new FloorCandidate(START.plusSeconds(second), 100 + second, 1000, 0,
					FloorCandidate.Kind.UPPER_BOUND));
		}
		assertThat(this.series.floorPoints(START)).isEmpty();
		assertThat(this.series.lastCandidateAt()).isNull();
		// One slot per 5 seconds, each holding the newest value of its slot.
		assertThat(this.series.upperBounds(START)).extracting(FloorSeries.FloorPoint::bytes)
			.containsExactly(104L, 109L, 114L, 119L);
		// At the time of that newest value: the growth between two slots is not skewed.
		assertThat(this.series.upperBounds(START)).extracting(FloorSeries.FloorPoint::epochMillis)
			.containsExactly(START.plusSeconds(4).toEpochMilli(), START.plusSeconds(9).toEpochMilli(),
					START.plusSeconds(14).toEpochMilli(), START.plusSeconds(19).toEpochMilli());
		assertThat(this.series.maxBytes()).isEqualTo(1000);
	}

	@Test
	void anUpperBoundAfterAReclaimingCollectionStartsANewSlot() {
		this.series.add(new FloorCandidate(START, 500, 1000, 0, FloorCandidate.Kind.UPPER_BOUND));
		this.series.add(new FloorCandidate(START.plusSeconds(1), 580, 1000, 0, FloorCandidate.Kind.UPPER_BOUND));
		this.series.add(new FloorCandidate(START.plusSeconds(2), 100, 1000, 1, FloorCandidate.Kind.INSPECTION));
		this.series.add(new FloorCandidate(START.plusSeconds(3), 110, 1000, 1, FloorCandidate.Kind.UPPER_BOUND));
		// The old generation before the collection stays what it was then.
		assertThat(this.series.upperBounds(START)).extracting(FloorSeries.FloorPoint::bytes)
			.containsExactly(580L, 110L);
	}

	@Test
	void floorPointsSayWhetherMemleakCausedTheirCollection() {
		this.series.add(new FloorCandidate(START, 100, 1000, 1));
		this.series.add(new FloorCandidate(START.plusSeconds(60), 90, 1000, 2, FloorCandidate.Kind.INSPECTION));
		assertThat(this.series.floorPoints(START)).extracting(FloorSeries.FloorPoint::inspection)
			.containsExactly(false, true);
	}

	@Test
	void listenersHearEveryCandidateUntilClosed() throws Exception {
		List<FloorCandidate> heard = new CopyOnWriteArrayList<>();
		AutoCloseable listener = this.series.onFloorCandidate(heard::add);
		FloorCandidate floor = new FloorCandidate(START, 100, 1000, 1);
		FloorCandidate bound = new FloorCandidate(START.plusSeconds(10), 120, 1000, 1, FloorCandidate.Kind.UPPER_BOUND);
		this.series.add(floor);
		this.series.add(bound);
		assertThat(heard).containsExactly(floor, bound);
		assertThat(this.series.listenerCount()).isOne();
		listener.close();
		assertThat(this.series.listenerCount()).isZero();
		this.series.add(new FloorCandidate(START.plusSeconds(20), 100, 1000, 2));
		assertThat(heard).hasSize(2);
	}

}
