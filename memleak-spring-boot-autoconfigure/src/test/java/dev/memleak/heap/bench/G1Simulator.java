package dev.memleak.heap.bench;

import java.time.Instant;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

import dev.memleak.heap.GcEvent;
import dev.memleak.heap.GcEvent.PoolUsage;

/**
 * Emits the GC notifications a G1 heap would emit for a scenario: young collections that
 * promote garbage into the old generation (the sawtooth), and periodic marking cycles
 * followed by mixed collections that reclaim most of it, leaving a noisy floor above the
 * true live set.
 *
 * @author memleak
 */
final class G1Simulator {

	private static final String OLD = "G1 Old Gen";

	private static final int MIXED_PER_CYCLE = 4;

	private final Scenario scenario;

	private final Random random;

	G1Simulator(Scenario scenario, long seed) {
		this.scenario = scenario;
		this.random = new Random(seed);
	}

	/**
	 * Run the scenario.
	 * @param start the simulated start time
	 * @param untilSeconds when to stop
	 * @param events receives each collection, in time order
	 * @return the second at which the live set exhausted the heap, or -1
	 */
	double run(Instant start, double untilSeconds, Consumer<GcEvent> events) {
		double promoted = 0;
		double nextCycle = jitter(this.scenario.cyclePeriod());
		int mixedLeft = 0;
		long previousAfter = (long) this.scenario.live().applyAsDouble(0);
		for (double t = this.scenario.youngPeriod(); t <= untilSeconds; t += this.scenario.youngPeriod()) {
			double live = this.scenario.live().applyAsDouble(t);
			if (live >= this.scenario.heapMax()) {
				return t;
			}
			promoted += this.scenario.promotionPerYoung();
			long before = previousAfter;
			if (t >= nextCycle && mixedLeft == 0) {
				mixedLeft = MIXED_PER_CYCLE;
				nextCycle = t + jitter(this.scenario.cyclePeriod());
			}
			if (mixedLeft > 0) {
				mixedLeft--;
				promoted *= 0.35;
				if (mixedLeft == 0) {
					promoted = Math.abs(this.random.nextGaussian()) * this.scenario.floorNoise();
					if (this.random.nextDouble() < this.scenario.outlierRate()) {
						promoted += 50 * Scenario.MB + this.random.nextDouble() * 100 * Scenario.MB;
					}
				}
			}
			long after = (long) Math.min(this.scenario.heapMax(), live + promoted);
			events.accept(new GcEvent(start.plusMillis((long) (t * 1000)), "G1 Young Generation", "end of minor GC",
					"G1 Evacuation Pause", Map.of(OLD, new PoolUsage(before, this.scenario.heapMax())),
					Map.of(OLD, new PoolUsage(after, this.scenario.heapMax()))));
			previousAfter = after;
		}
		return -1;
	}

	private double jitter(double period) {
		return period * (0.8 + 0.4 * this.random.nextDouble());
	}

}
