package dev.memleak.heap.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import dev.memleak.core.FailureRecorder;
import dev.memleak.core.PauseBudget;
import dev.memleak.escalation.Escalation;
import dev.memleak.escalation.EscalationSettings;
import dev.memleak.escalation.EscalationStatus;
import dev.memleak.heap.DetectionSettings;
import dev.memleak.heap.FloorSeries;
import dev.memleak.heap.GcEvent;
import dev.memleak.heap.LeakDetector;
import dev.memleak.heap.LeakStatus;
import dev.memleak.heap.LeakVerdict;
import dev.memleak.heap.LiveSetEstimator;
import dev.memleak.snapshot.ClassHistogramSnapshotter;
import dev.memleak.snapshot.ClassHistogramSource;
import dev.memleak.snapshot.SnapshotMode;
import dev.memleak.snapshot.SnapshotSettings;

/**
 * Replays synthetic after-GC series through the real estimator, detector and escalation,
 * and through the predecessor's threshold rules, and prints when each method alarms. The
 * escalation's {@code live} heap snapshots force full collections in the simulated heap,
 * as they do in a JVM. Run with
 * {@code mvn -B -pl memleak-spring-boot-autoconfigure -Pbenchmark test-compile exec:exec@detection}.
 *
 * @author memleak
 */
public final class DetectionBenchmark {

	static final Duration EVALUATION_INTERVAL = Duration.ofSeconds(30);

	/** The escalation looks at the verdict this often, as its thread does. */
	static final Duration TICK = Duration.ofSeconds(5);

	private static final String HISTOGRAM = " num     #instances         #bytes  class name (module)%n"
			+ "-------------------------------------------------------%n" + "   1: %13d %14d  com.example.Retained%n"
			+ "   2:          1000          16000  java.lang.Object (java.base@17.0.15)%n" + "Total %d %d%n";

	private static final Instant START = Instant.parse("2026-01-05T00:00:00Z");

	private static boolean TRACE;

	private DetectionBenchmark() {
	}

	public static void main(String[] args) {
		if (args.length >= 2) {
			// Trace one scenario: every evaluation's verdict and the escalation.
			Scenario scenario = Scenario.all()
				.stream()
				.filter((candidate) -> candidate.name().startsWith(args[0]))
				.findFirst()
				.orElseThrow();
			TRACE = true;
			run(scenario, DetectionSettings.defaults(), (args.length > 2) ? Long.parseLong(args[2]) : 42,
					Duration.ofMinutes(Long.parseLong(args[1])));
			return;
		}
		List<Result> results = new ArrayList<>();
		for (Scenario scenario : Scenario.all()) {
			results.addAll(run(scenario, DetectionSettings.defaults(), 42, scenario.duration()));
		}
		System.out.println(table(results));
	}

	/**
	 * Run every scenario through memleak's detector only, for a shorter horizon.
	 * @param horizon how long to simulate each scenario
	 * @param seed the random seed
	 * @return one result per scenario
	 */
	public static List<Result> memleakOnly(Duration horizon, long seed) {
		List<Result> results = new ArrayList<>();
		for (Scenario scenario : Scenario.all()) {
			results.add(run(scenario, DetectionSettings.defaults(), seed, horizon).get(0));
		}
		return results;
	}

	static String table(List<Result> results) {
		StringBuilder table = new StringBuilder();
		table.append("| scenario | leaks | method | detected | time to detect | false alarms | heap exhausted at "
				+ "| first OK | escalations | forced collections |\n");
		table.append("|---|---|---|---|---|---|---|---|---|---|\n");
		for (Result result : results) {
			boolean memleak = result.method().equals("memleak");
			table.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %d | %s | %s | %s | %s |%n",
					result.scenario().name(), result.scenario().leaks() ? "yes" : "no", result.method(),
					(result.detectedAfter() != null) ? "yes" : "no",
					(result.detectedAfter() != null) ? format(result.detectedAfter()) : "-", result.falseAlarms(),
					(result.exhaustedAfter() != null) ? format(result.exhaustedAfter()) : "not within 26 h",
					!memleak ? "" : (result.firstOk() != null) ? format(result.firstOk()) : "-",
					memleak ? String.valueOf(result.escalations()) : "",
					memleak ? String.valueOf(result.forcedCollections()) : ""));
		}
		return table.toString();
	}

	static List<Result> run(Scenario scenario, DetectionSettings settings, long seed, Duration horizon) {
		MutableClock clock = new MutableClock(START);
		FloorSeries series = new FloorSeries(4096);
		LiveSetEstimator estimator = new LiveSetEstimator();
		LeakDetector detector = new LeakDetector(series, settings, clock);
		G1Simulator simulator = new G1Simulator(scenario, seed);
		LeakVerdict[] latest = { detector.evaluate(null) };
		Escalation escalation = escalation(settings, clock, series, simulator, () -> latest[0]);
		Alarms memleak = new Alarms(scenario);
		Alarms dailyTenPercent = new Alarms(scenario);
		Alarms tenMegabytesPerHour = new Alarms(scenario);
		PredecessorRules rules = new PredecessorRules();
		Instant[] nextTick = { START.plus(TICK) };
		Duration[] firstOk = { null };
		double exhausted = simulator.run(START, horizon.toSeconds(), (event) -> {
			estimator.accept(event).forEach(series::add);
			rules.accept(event);
		}, (time) -> {
			Instant at = START.plusMillis((long) (time * 1000));
			while (!at.isBefore(nextTick[0])) {
				clock.set(nextTick[0]);
				double seconds = Duration.between(START, nextTick[0]).toMillis() / 1000.0;
				if (Duration.between(START, nextTick[0]).toMillis() % EVALUATION_INTERVAL.toMillis() == 0) {
					latest[0] = detector.evaluate(null);
					if (TRACE) {
						System.out.printf(Locale.ROOT, "%6.1f min %-9s %s | %s%n", seconds / 60, latest[0].status(),
								latest[0].heap().samples(), String.join(" / ", latest[0].notes())
									.substring(0, Math.min(160, String.join(" / ", latest[0].notes()).length())));
						if (escalation.status().state() != EscalationStatus.State.IDLE) {
							System.out.println("           escalation " + escalation.status().state() + " "
									+ escalation.status().histograms().taken() + " " + escalation.status().reason());
						}
					}
					memleak.observe(seconds, latest[0].status() == LeakStatus.SUSPECTED);
					if (firstOk[0] == null && latest[0].status() == LeakStatus.OK) {
						firstOk[0] = Duration.ofSeconds((long) seconds);
					}
					dailyTenPercent.observe(seconds, rules.grewTenPercentInADay(nextTick[0]));
					tenMegabytesPerHour.observe(seconds, rules.grewTenMegabytesPerHourForHalfAnHour(nextTick[0]));
				}
				escalation.tick();
				nextTick[0] = nextTick[0].plus(TICK);
			}
		});
		Duration exhaustedAfter = (exhausted > 0) ? Duration.ofSeconds((long) exhausted) : null;
		return List.of(memleak.result("memleak", exhaustedAfter, firstOk[0], escalation.started(), simulator.forced()),
				dailyTenPercent.result("predecessor: > 10% in 24 h", exhaustedAfter, null, 0, 0),
				tenMegabytesPerHour.result("predecessor: > 10 MB/h for 30 min", exhaustedAfter, null, 0, 0));
	}

	// The escalation with the defaults, whose live heap snapshots force a full collection
	// in the simulated heap.
	private static Escalation escalation(DetectionSettings settings, MutableClock clock, FloorSeries series,
			G1Simulator simulator, Supplier<LeakVerdict> verdicts) {
		ClassHistogramSource source = (mode) -> {
			double seconds = Duration.between(START, clock.instant()).toMillis() / 1000.0;
			if (mode == SnapshotMode.LIVE) {
				simulator.forceFullCollection(seconds);
			}
			// The live set in objects of 1 KiB: a class that grows with it.
			long instances = simulator.live(seconds) / 1024;
			return String.format(Locale.ROOT, HISTOGRAM, instances, instances * 1024, instances + 1000,
					instances * 1024 + 16000);
		};
		ClassHistogramSnapshotter snapshotter = new ClassHistogramSnapshotter(source, SnapshotSettings.defaults(),
				clock, new FailureRecorder(null), null, PauseBudget.unlimited());
		return Escalation.builder(EscalationSettings.defaults(), settings, verdicts)
			.series(series)
			.snapshots(snapshotter)
			.budget(new PauseBudget(Duration.ofSeconds(10), clock))
			.heapUsed(simulator::heapUsed)
			.clock(clock)
			.build();
	}

	private static String format(Duration duration) {
		long minutes = duration.toMinutes();
		return (minutes < 120) ? minutes + " min" : String.format(Locale.ROOT, "%.1f h", duration.toMinutes() / 60.0);
	}

	/**
	 * When a method alarmed: the first alarm after the leak started, and alarms that were
	 * false (no leak, or before the leak started).
	 */
	static final class Alarms {

		private final Scenario scenario;

		private boolean alarming;

		private Duration detectedAfter;

		private int falseAlarms;

		Alarms(Scenario scenario) {
			this.scenario = scenario;
		}

		void observe(double seconds, boolean alarm) {
			if (alarm && !this.alarming) {
				boolean genuine = this.scenario.leaks() && seconds >= this.scenario.leakStart().toSeconds();
				if (!genuine) {
					this.falseAlarms++;
				}
				else if (this.detectedAfter == null) {
					this.detectedAfter = Duration.ofSeconds((long) seconds).minus(this.scenario.leakStart());
				}
			}
			this.alarming = alarm;
		}

		Result result(String method, Duration exhaustedAfter, Duration firstOk, int escalations, int forced) {
			return new Result(this.scenario, method, this.detectedAfter, this.falseAlarms, exhaustedAfter, firstOk,
					escalations, forced);
		}

	}

	/**
	 * The predecessor's rules, on the raw after-GC series of the old generation: live
	 * memory grew by more than 10% in 24 hours; growth above 10 MB/h (least-squares slope
	 * over 30 minutes) sustained for 30 minutes.
	 */
	static final class PredecessorRules {

		private static final double TEN_MB = 10_000_000;

		private final Deque<double[]> raw = new ArrayDeque<>();

		private Instant growingSince;

		void accept(GcEvent event) {
			this.raw
				.addLast(new double[] { event.at().toEpochMilli() / 1000.0, event.after().get("G1 Old Gen").used() });
			while (this.raw.size() > 200_000) {
				this.raw.removeFirst();
			}
		}

		boolean grewTenPercentInADay(Instant now) {
			double t = now.toEpochMilli() / 1000.0;
			Double dayAgo = null;
			Double latest = null;
			for (double[] point : this.raw) {
				if (point[0] <= t - 86_400) {
					dayAgo = point[1];
				}
				if (point[0] <= t) {
					latest = point[1];
				}
			}
			return dayAgo != null && latest != null && latest > 1.1 * dayAgo;
		}

		boolean grewTenMegabytesPerHourForHalfAnHour(Instant now) {
			double t = now.toEpochMilli() / 1000.0;
			double n = 0;
			double sx = 0;
			double sy = 0;
			double sxx = 0;
			double sxy = 0;
			for (var iterator = this.raw.descendingIterator(); iterator.hasNext();) {
				double[] point = iterator.next();
				if (point[0] < t - 1800) {
					break;
				}
				double x = point[0] - t;
				n++;
				sx += x;
				sy += point[1];
				sxx += x * x;
				sxy += x * point[1];
			}
			double slopePerHour = (n > 2) ? (n * sxy - sx * sy) / (n * sxx - sx * sx) * 3600 : 0;
			if (slopePerHour <= TEN_MB) {
				this.growingSince = null;
				return false;
			}
			if (this.growingSince == null) {
				this.growingSince = now;
			}
			return Duration.between(this.growingSince, now).toMinutes() >= 30;
		}

	}

	/**
	 * How one method did on one scenario.
	 *
	 * @param scenario the scenario
	 * @param method the method
	 * @param detectedAfter time from the leak's start to the first genuine alarm, or null
	 * @param falseAlarms alarms without a leak
	 * @param exhaustedAfter when the heap was exhausted, or null
	 * @param firstOk when the status was first OK, or null (memleak only)
	 * @param escalations escalations started (memleak only)
	 * @param forcedCollections full collections the escalation's heap snapshots forced
	 * (memleak only)
	 */
	public record Result(Scenario scenario, String method, Duration detectedAfter, int falseAlarms,
			Duration exhaustedAfter, Duration firstOk, int escalations, int forcedCollections) {

		public String scenarioName() {
			return this.scenario.name();
		}

		public boolean leaks() {
			return this.scenario.leaks();
		}

	}

}
