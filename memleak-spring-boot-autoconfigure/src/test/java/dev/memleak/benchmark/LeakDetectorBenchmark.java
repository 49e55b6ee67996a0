package dev.memleak.benchmark;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import dev.memleak.heap.DetectionSettings;
import dev.memleak.heap.FloorCandidate;
import dev.memleak.heap.FloorSeries;
import dev.memleak.heap.GcEvent;
import dev.memleak.heap.LeakDetector;
import dev.memleak.heap.LeakVerdict;
import dev.memleak.heap.LiveSetEstimator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the detector costs: one evaluation over a full window of floor points (every 30
 * seconds by default), and the handling of one GC notification (on the JMX notification
 * thread). Run with {@code mvn -B -pl memleak-spring-boot-autoconfigure -Pbenchmark
 * test-compile exec:exec -Djmh.args="LeakDetectorBenchmark -rf text"}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class LeakDetectorBenchmark {

	private static final long MB = 1024 * 1024;

	/** Floor points in the window: 60 is a quiet service, 400 the most a fit uses. */
	@Param({ "60", "200", "400" })
	int floorPoints;

	private LeakDetector detector;

	private final LiveSetEstimator estimator = new LiveSetEstimator();

	private final GcEvent young = new GcEvent(Instant.EPOCH, "G1 Young Generation", "end of minor GC",
			"G1 Evacuation Pause",
			Map.of("G1 Old Gen", new GcEvent.PoolUsage(300 * MB, 4096 * MB), "G1 Survivor Space",
					new GcEvent.PoolUsage(8 * MB, -1)),
			Map.of("G1 Old Gen", new GcEvent.PoolUsage(302 * MB, 4096 * MB), "G1 Survivor Space",
					new GcEvent.PoolUsage(9 * MB, -1)));

	@Setup(Level.Trial)
	public void setUp() {
		Instant start = Instant.parse("2026-01-01T00:00:00Z");
		Duration window = Duration.ofMinutes(30);
		FloorSeries series = new FloorSeries(4096);
		Random random = new Random(1);
		long step = window.toMillis() / this.floorPoints;
		for (int i = 0; i < this.floorPoints; i++) {
			series.add(new FloorCandidate(start.plusMillis(i * step),
					400 * MB + i * MB / 10 + (long) (random.nextGaussian() * MB), 4096 * MB, i));
		}
		Clock clock = Clock.fixed(start.plus(window), ZoneOffset.UTC);
		this.detector = new LeakDetector(series, DetectionSettings.defaults(), clock);
	}

	@Benchmark
	@OutputTimeUnit(TimeUnit.MICROSECONDS)
	public LeakVerdict evaluate() {
		return this.detector.evaluate(null);
	}

	@Benchmark
	@OutputTimeUnit(TimeUnit.NANOSECONDS)
	public Object handleYoungCollection() {
		return this.estimator.accept(this.young);
	}

}
