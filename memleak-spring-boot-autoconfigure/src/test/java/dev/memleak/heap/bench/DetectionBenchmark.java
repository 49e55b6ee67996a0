package dev.memleak.heap.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;

import dev.memleak.heap.DetectionSettings;
import dev.memleak.heap.FloorSeries;
import dev.memleak.heap.GcEvent;
import dev.memleak.heap.LeakDetector;
import dev.memleak.heap.LeakStatus;
import dev.memleak.heap.LiveSetEstimator;

/**
 * Replays synthetic after-GC series through the real estimator and detector, and through
 * the predecessor's threshold rules, and prints when each method alarms. Run with
 * {@code mvn -B -pl memleak-spring-boot-autoconfigure -Pbenchmark test-compile exec:exec@detection}.
 *
 * @author memleak
 */
public final class DetectionBenchmark {

	static final Duration EVALUATION_INTERVAL = Duration.ofSeconds(30);

	private static final Instant START = Instant.parse("2026-01-05T00:00:00Z");

	private DetectionBenchmark() {
	}

	public static void main(String[] args) {
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
		table.append("| scenario | leaks | method | detected | time to detect | false alarms | heap exhausted at |\n");
		table.append("|---|---|---|---|---|---|---|\n");
		for (Result result : results) {
			table.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %d | %s |%n", result.scenario().name(),
					result.scenario().leaks() ? "yes" : "no", result.method(),
					(result.detectedAfter() != null) ? "yes" : "no",
					(result.detectedAfter() != null) ? format(result.detectedAfter()) : "-", result.falseAlarms(),
					(result.exhaustedAfter() != null) ? format(result.exhaustedAfter()) : "not within 26 h"));
		}
		return table.toString();
	}

	static List<Result> run(Scenario scenario, DetectionSettings settings, long seed, Duration horizon) {
		MutableClock clock = new MutableClock(START);
		FloorSeries series = new FloorSeries(4096);
		LiveSetEstimator estimator = new LiveSetEstimator();
		LeakDetector detector = new LeakDetector(series, settings, clock);
		Alarms memleak = new Alarms(scenario);
		Alarms dailyTenPercent = new Alarms(scenario);
		Alarms tenMegabytesPerHour = new Alarms(scenario);
		PredecessorRules rules = new PredecessorRules();
		Instant[] nextEvaluation = { START.plus(EVALUATION_INTERVAL) };
		double exhausted = new G1Simulator(scenario, seed).run(START, horizon.toSeconds(), (event) -> {
			while (!event.at().isBefore(nextEvaluation[0])) {
				clock.set(nextEvaluation[0]);
				double seconds = Duration.between(START, nextEvaluation[0]).toMillis() / 1000.0;
				memleak.observe(seconds, detector.evaluate(null).status() == LeakStatus.SUSPECTED);
				dailyTenPercent.observe(seconds, rules.grewTenPercentInADay(nextEvaluation[0]));
				tenMegabytesPerHour.observe(seconds, rules.grewTenMegabytesPerHourForHalfAnHour(nextEvaluation[0]));
				nextEvaluation[0] = nextEvaluation[0].plus(EVALUATION_INTERVAL);
			}
			estimator.accept(event).forEach(series::add);
			rules.accept(event);
		});
		Duration exhaustedAfter = (exhausted > 0) ? Duration.ofSeconds((long) exhausted) : null;
		return List.of(memleak.result("memleak", exhaustedAfter),
				dailyTenPercent.result("predecessor: > 10% in 24 h", exhaustedAfter),
				tenMegabytesPerHour.result("predecessor: > 10 MB/h for 30 min", exhaustedAfter));
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

		Result result(String method, Duration exhaustedAfter) {
			return new Result(this.scenario, method, this.detectedAfter, this.falseAlarms, exhaustedAfter);
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
	 */
	public record Result(Scenario scenario, String method, Duration detectedAfter, int falseAlarms,
			Duration exhaustedAfter) {

		public String scenarioName() {
			return this.scenario.name();
		}

		public boolean leaks() {
			return this.scenario.leaks();
		}

	}

}
