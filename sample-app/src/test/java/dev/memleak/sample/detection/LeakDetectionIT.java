package dev.memleak.sample.detection;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import com.jayway.jsonpath.DocumentContext;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The leak detector in real JVMs: the packaged sample app with a small heap, the default
 * collector and a short detection window, under real HTTP load. The three scenarios run
 * side by side to keep the build short.
 */
class LeakDetectionIT {

	/**
	 * A small heap and G1, as in production; marking from 10% occupancy, so that the
	 * marking cycles a service runs every few minutes come every few seconds, as the
	 * one-minute window needs.
	 */
	private static final List<String> JVM = List.of("-Xmx256m", "-XX:+UseG1GC", "-XX:InitiatingHeapOccupancyPercent=10",
			"-XX:-G1UseAdaptiveIHOP");

	/**
	 * A window of one minute instead of thirty: the growth threshold scales with it (the
	 * leak here grows by about 3.5 GB/h).
	 */
	private static final List<String> SHORT_WINDOW = List.of("--memleak.detection.window=60s",
			"--memleak.detection.min-samples=6", "--memleak.detection.min-duration=20s",
			"--memleak.detection.evaluation-interval=2s", "--memleak.detection.min-growth-per-hour=200MB",
			"--memleak.snapshot.enabled=false");

	/**
	 * Bytes the sample retains per owner lookup: the 16 KiB payload, its array header,
	 * the entry, a list slot.
	 */
	private static final long RETAINED_PER_LOOKUP = 16 * 1024 + 16 + 32 + 4;

	@Test
	void leakIsSuspectedQuicklyPlateauAndSteadyLoadAreNot() {
		CompletableFuture<Void> leak = CompletableFuture.runAsync(LeakDetectionIT::perRequestLeakIsSuspected);
		CompletableFuture<Void> plateau = CompletableFuture.runAsync(LeakDetectionIT::plateauingCacheIsNotSuspected);
		CompletableFuture<Void> steady = CompletableFuture.runAsync(LeakDetectionIT::allocationLoadWithoutLeakStaysOk);
		CompletableFuture.allOf(leak, plateau, steady).join();
	}

	static void perRequestLeakIsSuspected() {
		run("leak", List.of(), List.of("--sample.leak.enabled=true"), (app, load) -> {
			List<long[]> lookups = new ArrayList<>();
			long start = System.nanoTime();
			DocumentContext report = null;
			while (elapsed(start).compareTo(Duration.ofMinutes(2)) < 0) {
				Thread.sleep(2000);
				report = app.report();
				lookups.add(new long[] { System.nanoTime(), ownerLookups(report) });
				if ("SUSPECTED".equals(report.read("$.status"))) {
					break;
				}
			}
			assertThat(report.read("$.status", String.class)).as(report.jsonString()).isEqualTo("SUSPECTED");
			assertThat(elapsed(start)).isLessThan(Duration.ofMinutes(2));
			// Let floor points fill the window, then compare with the true rate over it.
			Thread.sleep(30_000);
			report = app.report();
			lookups.add(new long[] { System.nanoTime(), ownerLookups(report) });
			assertThat(report.read("$.status", String.class)).as(report.jsonString()).isEqualTo("SUSPECTED");
			// The true leak rate over the detection window, from the exact request
			// counts.
			long[] now = lookups.get(lookups.size() - 1);
			long[] windowStart = lookups.stream()
				.filter((sample) -> now[0] - sample[0] <= Duration.ofSeconds(60).toNanos())
				.findFirst()
				.orElseThrow();
			double seconds = (now[0] - windowStart[0]) / 1e9;
			double trueRate = (now[1] - windowStart[1]) * RETAINED_PER_LOOKUP / seconds;
			double measured = report.read("$.heap.growthBytesPerSecond", Double.class);
			assertThat(measured).as(report.jsonString()).isBetween(0.7 * trueRate, 1.3 * trueRate);
			assertThat(report.read("$.heap.projectedExhaustion", String.class)).isNotNull();
			assertThat(load.failures()).as(load.firstFailure()).isZero();
		}, (app) -> new RateLoad(app.client(), app.port(), 80,
				(n) -> (n % 4 == 0) ? "/reports/" + (2000 + n % 20) : "/owners/" + n));
	}

	static void plateauingCacheIsNotSuspected() {
		// A smaller heap, so that the full cache keeps the old generation busy and floor
		// points come.
		run("plateau", List.of("-Xmx160m"), List.of("--sample.cache.enabled=true", "--sample.cache.max-entries=600",
				"--sample.cache.entry-size=96KB"), (app, load) -> {
					long start = System.nanoTime();
					DocumentContext report = null;
					while (elapsed(start).compareTo(Duration.ofSeconds(100)) < 0) {
						Thread.sleep(2000);
						report = app.report();
						assertThat(report.read("$.status", String.class)).as(report.jsonString())
							.isNotEqualTo("SUSPECTED");
					}
					assertThat(report.read("$.status", String.class)).as(report.jsonString()).isIn("OK", "WATCH");
					assertThat(load.failures()).as(load.firstFailure()).isZero();
				}, (app) -> new RateLoad(app.client(), app.port(), 120,
						(n) -> (n % 3 == 0) ? "/carts/" + RateLoad.random(400) : "/quotes/S" + RateLoad.random(600)));
	}

	static void allocationLoadWithoutLeakStaysOk() {
		run("steady", List.of(), List.of(), (app, load) -> {
			// The first half minute of a JVM under load fills the old generation with
			// warm-up (classes, caches, pools, promoted garbage): WATCH is the right
			// verdict while the one-minute window still holds it, SUSPECTED never is.
			// Once the window has moved past it, the status is OK and stays OK.
			Thread.sleep(30_000);
			long start = System.nanoTime();
			DocumentContext report = null;
			Duration lastNotOk = Duration.ZERO;
			while (elapsed(start).compareTo(Duration.ofSeconds(100)) < 0) {
				Thread.sleep(2000);
				report = app.report();
				String status = report.read("$.status", String.class);
				assertThat(status).as(report.jsonString()).isIn("UNKNOWN", "OK", "WATCH");
				if (!"OK".equals(status)) {
					lastNotOk = elapsed(start);
				}
			}
			assertThat(report.read("$.status", String.class)).as(report.jsonString()).isEqualTo("OK");
			assertThat(lastNotOk).as("OK for the last half minute (first minute of the JVM excepted)")
				.isLessThan(Duration.ofSeconds(70));
			assertThat(load.failures()).as(load.firstFailure()).isZero();
		}, (app) -> new RateLoad(app.client(), app.port(), 120, (n) -> switch (n % 4) {
			case 0 -> "/reports/" + (2000 + n % 20);
			case 1 -> "/blobs/" + (64 * 1024);
			case 2 -> "/carts/" + RateLoad.random(400);
			default -> "/owners/" + n;
		}));
	}

	private static long ownerLookups(DocumentContext report) {
		List<Number> counts = report.read("$.requests[?(@.uri == '/owners/{id}')].count");
		return counts.isEmpty() ? 0 : counts.get(0).longValue();
	}

	private static Duration elapsed(long start) {
		return Duration.ofNanos(System.nanoTime() - start);
	}

	private static void run(String name, List<String> jvmOptions, List<String> scenario, Scenario test,
			java.util.function.Function<SampleProcess, RateLoad> loadFactory) {
		List<String> arguments = new ArrayList<>(SHORT_WINDOW);
		arguments.addAll(scenario);
		List<String> jvm = new ArrayList<>(JVM);
		jvm.addAll(jvmOptions);
		try (SampleProcess app = SampleProcess.start(name + "-" + Runtime.version().feature(), jvm, arguments);
				RateLoad load = loadFactory.apply(app)) {
			try {
				test.run(app, load);
			}
			catch (AssertionError ex) {
				throw new AssertionError(name + " failed; application log in target/it-logs", ex);
			}
		}
		catch (Exception ex) {
			throw new IllegalStateException(name + " failed", ex);
		}
	}

	@FunctionalInterface
	interface Scenario {

		void run(SampleProcess app, RateLoad load) throws Exception;

	}

}
