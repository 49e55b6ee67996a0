package dev.memleak.heap;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.memleak.allocation.ExecutionCounts;
import dev.memleak.core.FailureRecorder;
import dev.memleak.heap.bench.MutableClock;
import dev.memleak.request.RequestAllocationRecorder;
import dev.memleak.task.TaskAllocationRecorder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

/**
 * The monitor's bounds come from the settings and from what the sources can produce, not
 * from unrelated properties or fixed numbers.
 */
class LeakMonitorTests {

	private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

	private final MutableClock clock = new MutableClock(START);

	@Test
	void theCountHistoryCoversTheWindowAtTheShortestEvaluationInterval() {
		// 1800 evaluations in a 3-minute window: more than max-samples (1000) and
		// than the history keeps (256), which is thinned to cover the window.
		DetectionSettings settings = DetectionSettings.builder()
			.window(Duration.ofMinutes(3))
			.evaluationInterval(Duration.ofMillis(100))
			.maxSamples(1000)
			.build();
		assertThat(settings.countHistorySize()).isEqualTo(256);
		assertThat(settings.countHistorySpacing()).isEqualTo(Duration.ofMinutes(3).dividedBy(252));
		long[] runs = new long[1];
		ExecutionCounts job = () -> Map.of("task Job.run", runs[0]);
		LeakMonitor monitor = monitor(settings, List.of(job));
		for (int i = 0; i < 1800; i++) {
			this.clock.advance(Duration.ofMillis(100));
			runs[0]++;
			monitor.evaluate();
		}
		Instant windowStart = this.clock.instant().minus(settings.window()).plusSeconds(1);
		double[] counts = monitor.countHistory().countsAt(windowStart.toEpochMilli());
		assertThat(counts).as("counts at the start of the window").isNotNull();
		// One run per 100 ms since START.
		assertThat(counts[0]).isCloseTo(Duration.between(START, windowStart).toMillis() / 100.0, offset(1.0));
		// The newest evaluation is always there.
		assertThat(monitor.countHistory().countsAt(this.clock.instant().toEpochMilli())).containsExactly(1800.0);
	}

	@Test
	void everyEvaluationIsKeptWhenTheWindowHoldsFewEnough() {
		DetectionSettings settings = DetectionSettings.defaults();
		assertThat(settings.countHistorySize()).isEqualTo(64);
		assertThat(settings.countHistorySpacing()).isZero();
		long[] runs = new long[1];
		LeakMonitor monitor = monitor(settings, List.of(() -> Map.of("task Job.run", runs[0])));
		for (int i = 0; i < 64; i++) {
			// Timer jitter: evaluations slightly less than the interval apart.
			this.clock.advance(Duration.ofSeconds(30).minusMillis(i % 2));
			runs[0] += (i % 2 == 1) ? 10 : 0;
			monitor.evaluate();
		}
		// Counts step between evaluations; halfway between the last two, the history
		// interpolates between them, so neither was dropped.
		Instant last = this.clock.instant();
		assertThat(monitor.countHistory().countsAt(last.minusSeconds(15).toEpochMilli())[0]).isCloseTo(315.0,
				offset(0.5));
		assertThat(monitor.countHistory().countsAt(last.minus(settings.window()).toEpochMilli())).isNotNull();
	}

	@Test
	void everyWorkloadTheSourcesCanProduceIsTracked() {
		RequestAllocationRecorder requests = new RequestAllocationRecorder(100, null);
		TaskAllocationRecorder tasks = new TaskAllocationRecorder(100, null);
		assertThat(requests.maxWorkloads()).isEqualTo((100 + 4) * 9);
		assertThat(tasks.maxWorkloads()).isEqualTo(100 + 2);
		assertThat(LeakMonitor.trackedWorkloads(List.of(requests, tasks))).isEqualTo(1038);
		// 900 routes and 100 tasks, more than the 512 once fixed.
		ExecutionCounts routes = counts(900, "GET /route", requests.maxWorkloads());
		ExecutionCounts jobs = counts(100, "task Job", tasks.maxWorkloads());
		LeakMonitor monitor = monitor(DetectionSettings.defaults(), List.of(routes, jobs));
		monitor.evaluate();
		assertThat(monitor.countHistory().workloads()).hasSize(1000);
	}

	@Test
	void sourcesThatDoNotKnowTheirBoundAreCappedByTheMonitor() {
		ExecutionCounts unbounded = () -> names(5000, "GET /x");
		assertThat(unbounded.maxWorkloads()).isEqualTo(Integer.MAX_VALUE);
		LeakMonitor monitor = monitor(DetectionSettings.defaults(), List.of(unbounded, unbounded));
		monitor.evaluate();
		assertThat(monitor.countHistory().workloads()).hasSize(LeakMonitor.MAX_TRACKED_WORKLOADS);
	}

	private LeakMonitor monitor(DetectionSettings settings, List<ExecutionCounts> sources) {
		FloorSeries series = new FloorSeries(settings.maxSamples());
		LiveSetTracker tracker = new LiveSetTracker(series, this.clock, new FailureRecorder(null));
		return LeakMonitor.builder(tracker, series, settings).clock(this.clock).sources(() -> sources).build();
	}

	private static ExecutionCounts counts(int workloads, String prefix, int bound) {
		Map<String, Long> counts = names(workloads, prefix);
		return new ExecutionCounts() {

			@Override
			public Map<String, Long> executionCounts() {
				return counts;
			}

			@Override
			public int maxWorkloads() {
				return bound;
			}

		};
	}

	private static Map<String, Long> names(int workloads, String prefix) {
		Map<String, Long> counts = new HashMap<>();
		for (int i = 0; i < workloads; i++) {
			counts.put(prefix + i, 1L);
		}
		return counts;
	}

}
