package dev.memleak.heap.bench;

import java.time.Instant;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.DoubleConsumer;

import dev.memleak.heap.GcEvent;
import dev.memleak.heap.GcEvent.PoolUsage;

/**
 * Emits the GC notifications a G1 heap would emit for a scenario: young collections that
 * promote garbage into the old generation (the sawtooth), and periodic marking cycles
 * followed by mixed collections that reclaim most of it, leaving a noisy floor above the
 * true live set. With a marking threshold (IHOP), no cycle starts while the old
 * generation is below it, as G1 does. Full collections can be forced in between, as a
 * {@code live} heap snapshot does: they leave exactly the live set.
 *
 * @author memleak
 */
final class G1Simulator {

	private static final String OLD = "G1 Old Gen";

	private static final int MIXED_PER_CYCLE = 4;

	private final Scenario scenario;

	private final Random random;

	private Instant start;

	private double promoted;

	private long previousAfter;

	private Consumer<GcEvent> events;

	private int forced;

	G1Simulator(Scenario scenario, long seed) {
		this.scenario = scenario;
		this.random = new Random(seed);
	}

	/**
	 * Run the scenario.
	 * @param start the simulated start time
	 * @param untilSeconds when to stop
	 * @param events receives each collection, in time order
	 * @param beforeCollection called with the time of each young collection before it
	 * happens, when collections may be forced
	 * @return the second at which the live set exhausted the heap, or -1
	 */
	double run(Instant start, double untilSeconds, Consumer<GcEvent> events, DoubleConsumer beforeCollection) {
		this.start = start;
		this.events = events;
		this.promoted = 0;
		this.previousAfter = (long) this.scenario.live().applyAsDouble(0);
		double nextCycle = jitter(this.scenario.cyclePeriod());
		int mixedLeft = 0;
		for (double t = this.scenario.youngPeriod(); t <= untilSeconds; t += this.scenario.youngPeriod()) {
			beforeCollection.accept(t);
			double live = this.scenario.live().applyAsDouble(t);
			if (live >= this.scenario.heapMax()) {
				return t;
			}
			this.promoted += this.scenario.promotionPerYoung();
			long before = this.previousAfter;
			boolean startup = this.scenario.ihop() > 0 && (crossed(t, 20) || crossed(t, 50));
			boolean aboveThreshold = this.scenario.ihop() <= 0 || startup
					|| before >= this.scenario.ihop() * this.scenario.heapMax();
			if (startup) {
				nextCycle = t;
			}
			if (t >= nextCycle && mixedLeft == 0 && aboveThreshold) {
				mixedLeft = MIXED_PER_CYCLE;
				nextCycle = t + jitter(this.scenario.cyclePeriod());
			}
			if (mixedLeft > 0) {
				mixedLeft--;
				this.promoted *= 0.35;
				if (mixedLeft == 0) {
					this.promoted = Math.abs(this.random.nextGaussian()) * this.scenario.floorNoise();
					if (this.random.nextDouble() < this.scenario.outlierRate()) {
						this.promoted += 50 * Scenario.MB + this.random.nextDouble() * 100 * Scenario.MB;
					}
				}
			}
			long after = (long) Math.min(this.scenario.heapMax(), live + this.promoted);
			emit(t, "G1 Young Generation", "end of minor GC", "G1 Evacuation Pause", before, after);
		}
		return -1;
	}

	/**
	 * Force a full collection, as a {@code live} heap snapshot does: the old generation
	 * keeps exactly the live set.
	 * @param t when, at or after the last collection
	 */
	void forceFullCollection(double t) {
		long live = (long) this.scenario.live().applyAsDouble(t);
		this.promoted = 0;
		this.forced++;
		emit(t, "G1 Old Generation", "end of major GC", "Heap Inspection Initiated GC", this.previousAfter, live);
	}

	/**
	 * Return the heap in use now, as the JVM would report it between collections.
	 * @return the bytes
	 */
	long heapUsed() {
		return this.previousAfter;
	}

	/**
	 * Return the live set at a time.
	 * @param t the time in seconds
	 * @return the bytes
	 */
	long live(double t) {
		return (long) this.scenario.live().applyAsDouble(t);
	}

	/**
	 * Return the number of full collections forced.
	 * @return the count
	 */
	int forced() {
		return this.forced;
	}

	private void emit(double t, String collector, String action, String cause, long before, long after) {
		this.previousAfter = after;
		this.events.accept(new GcEvent(this.start.plusMillis((long) (t * 1000)), collector, action, cause,
				Map.of(OLD, new PoolUsage(before, this.scenario.heapMax())),
				Map.of(OLD, new PoolUsage(after, this.scenario.heapMax()))));
	}

	private boolean crossed(double t, double second) {
		return t >= second && t - this.scenario.youngPeriod() < second;
	}

	private double jitter(double period) {
		return period * (0.8 + 0.4 * this.random.nextDouble());
	}

}
