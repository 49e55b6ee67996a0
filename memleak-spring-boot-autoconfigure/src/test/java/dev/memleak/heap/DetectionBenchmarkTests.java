package dev.memleak.heap;

import java.time.Duration;
import java.util.List;

import dev.memleak.heap.bench.DetectionBenchmark;
import dev.memleak.heap.bench.DetectionBenchmark.Result;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The detection benchmark's targets, on six simulated hours of every scenario: no false
 * alarm without a leak, the 1 MiB/min leak within 15 minutes of data, every leak well
 * before the heap is exhausted.
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
			if (outcome.scenarioName().equals("slow leak 1 MiB/min")) {
				assertThat(outcome.detectedAfter()).isLessThanOrEqualTo(Duration.ofMinutes(15));
			}
		}
	}

}
