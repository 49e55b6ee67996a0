package dev.memleak.heap;

import java.time.Duration;
import java.util.List;

import dev.memleak.heap.bench.DetectionBenchmark;
import dev.memleak.heap.bench.DetectionBenchmark.Result;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The detection benchmark's targets, on six simulated hours of every scenario, with the
 * escalation in the loop: no false alarm without a leak, the 1 MiB/min leak within 15
 * minutes of data, a leak present from startup on a heap that G1 does not mark below its
 * threshold within 15 minutes, every leak well before the heap is exhausted; a service
 * that only makes garbage, with no collection reclaiming the old generation, OK within 30
 * minutes and without any escalation, as steady services are.
 */
class DetectionBenchmarkTests {

	@ParameterizedTest
	@ValueSource(longs = { 1, 2 })
	void detectorMeetsItsTargets(long seed) {
		List<Result> outcomes = DetectionBenchmark.memleakOnly(Duration.ofHours(6), seed);
		for (Result outcome : outcomes) {
			assertThat(outcome.falseAlarms()).as(outcome.scenarioName()).isZero();
			if (outcome.leaks()) {
				assertThat(outcome.detectedAfter()).as(outcome.scenarioName()).isNotNull();
				if (outcome.exhaustedAfter() != null) {
					assertThat(outcome.detectedAfter()).as(outcome.scenarioName())
						.isLessThan(outcome.exhaustedAfter().dividedBy(4));
				}
			}
			if (outcome.scenarioName().equals("slow leak 1 MiB/min")
					|| outcome.scenarioName().startsWith("startup leak")) {
				assertThat(outcome.detectedAfter()).as(outcome.scenarioName())
					.isLessThanOrEqualTo(Duration.ofMinutes(15));
			}
			if (outcome.scenarioName().startsWith("garbage only")) {
				assertThat(outcome.firstOk()).as(outcome.scenarioName()).isLessThanOrEqualTo(Duration.ofMinutes(30));
			}
			if (outcome.scenarioName().startsWith("garbage only") || outcome.scenarioName().startsWith("steady")
					|| outcome.scenarioName().startsWith("noisy GC-heavy")) {
				assertThat(outcome.escalations()).as(outcome.scenarioName()).isZero();
			}
		}
	}

}
