package dev.memleak.heap.bench;

import java.time.Duration;
import java.util.List;
import java.util.function.DoubleUnaryOperator;

/**
 * A synthetic service: its true live set over time and how its collector behaves.
 *
 * @param name the scenario's name
 * @param leaks whether it leaks (any alarm on a non-leaking scenario is false)
 * @param leakStart when the leak starts (alarms before it are false)
 * @param duration how long to simulate
 * @param heapMax the heap's maximum
 * @param live the true live set in bytes, as a function of seconds since start
 * @param youngPeriod seconds between young collections
 * @param cyclePeriod seconds between marking cycles (each followed by mixed collections)
 * @param promotionPerYoung bytes of garbage promoted to the old generation per young
 * collection
 * @param floorNoise standard deviation of what a cycle fails to reclaim, in bytes
 * @param outlierRate fraction of cycles that reclaim badly (a large positive outlier)
 * @param ihop the old generation's share of the heap below which no marking cycle starts
 * (G1's InitiatingHeapOccupancyPercent, 0.45 by default), or 0 for cycles whatever the
 * occupancy
 * @author memleak
 */
public record Scenario(String name, boolean leaks, Duration leakStart, Duration duration, long heapMax,
		DoubleUnaryOperator live, double youngPeriod, double cyclePeriod, long promotionPerYoung, long floorNoise,
		double outlierRate, double ihop) {

	/**
	 * A scenario whose marking cycles run whatever the occupancy.
	 */
	Scenario(String name, boolean leaks, Duration leakStart, Duration duration, long heapMax, DoubleUnaryOperator live,
			double youngPeriod, double cyclePeriod, long promotionPerYoung, long floorNoise, double outlierRate) {
		this(name, leaks, leakStart, duration, heapMax, live, youngPeriod, cyclePeriod, promotionPerYoung, floorNoise,
				outlierRate, 0);
	}

	static final long MB = 1024 * 1024;

	static final long GB = 1024 * MB;

	static List<Scenario> all() {
		Duration day = Duration.ofHours(26);
		return List.of(
				new Scenario("steady sawtooth", false, Duration.ZERO, day, 2 * GB, (t) -> 400 * MB, 2, 30, 6 * MB,
						2 * MB, 0),
				new Scenario("cache warm-up then flat", false, Duration.ZERO, day, 2 * GB,
						(t) -> 300 * MB + 250 * MB * (1 - Math.exp(-t / 300)), 2, 30, 6 * MB, 2 * MB, 0),
				new Scenario("slow leak 1 MiB/min", true, Duration.ZERO, day, 2 * GB, (t) -> 400 * MB + MB * t / 60, 2,
						30, 6 * MB, 2 * MB, 0),
				new Scenario("fast leak 20 MiB/min", true, Duration.ZERO, day, 2 * GB,
						(t) -> 400 * MB + 20 * MB * t / 60, 1, 15, 12 * MB, 4 * MB, 0),
				new Scenario(
						"step leak +30 MiB every 10 min", true, Duration.ZERO, day, 2 * GB, (t) -> 400 * MB
								+ 30 * MB * Math.floor(t / 600),
						2, 30, 6 * MB, 2 * MB, 0),
				new Scenario("burst then release", false, Duration.ZERO, day, 2 * GB,
						(t) -> 400 * MB
								+ ((t > 600 && t < 1500) ? 300 * MB * Math.min(1, (t - 600) / 120) : 0),
						2, 30, 6 * MB, 2 * MB, 0),
				new Scenario("noisy GC-heavy service", false, Duration.ZERO, day, 2 * GB, (t) -> 600 * MB, 0.5, 8,
						10 * MB, 20 * MB, 0.1),
				new Scenario("warm-up, then leak 2 MiB/min", true, Duration.ofMinutes(20), day, 2 * GB,
						(t) -> 300 * MB + 200 * MB * (1 - Math.exp(-t / 300))
								+ ((t > 1200) ? 2 * MB * (t - 1200) / 60 : 0),
						2, 30, 6 * MB, 2 * MB, 0),
				new Scenario("noisy service, slow leak 1 MiB/min", true, Duration.ZERO, day, 2 * GB,
						(t) -> 600 * MB + MB * t / 60, 0.5, 8, 10 * MB, 20 * MB, 0.1),
				new Scenario("idle service, rare cycles, leak 1 MiB/min", true, Duration.ZERO, day, 2 * GB,
						(t) -> 400 * MB + MB * t / 60, 10, 120, 2 * MB, 2 * MB, 0),
				new Scenario("startup leak 5 MiB/min, 512 MiB, no marking below 45%", true, Duration.ZERO, day,
						512 * MB, (t) -> 20 * MB + 5 * MB * t / 60, 1, 60, 64 * 1024, MB, 0, 0.45),
				new Scenario("startup leak 1 MiB/min, 512 MiB, no marking below 45%", true, Duration.ZERO, day,
						512 * MB, (t) -> 20 * MB + MB * t / 60, 1, 60, 64 * 1024, MB, 0, 0.45),
				new Scenario("startup leak 20 MiB/min, 2 GiB, 1.1 GiB flat data", true, Duration.ZERO, day, 2 * GB,
						(t) -> 1130 * MB + 20 * MB * t / 60, 0.5, 30, 256 * 1024, 2 * MB, 0, 0.45),
				new Scenario("garbage only, 256 MiB, no reclaiming collection", false, Duration.ZERO, day, 256 * MB,
						(t) -> 40 * MB, 0.5, 60, 0, MB, 0, 0.45),
				new Scenario("promotes medium-lived objects, 512 MiB, marking after 30 min", false, Duration.ZERO, day,
						512 * MB, (t) -> 60 * MB, 1, 60, 100 * 1024, 2 * MB, 0, 0.45));
	}

}
