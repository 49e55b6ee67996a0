package dev.memleak.heap;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import dev.memleak.heap.FloorSeries.FloorPoint;
import dev.memleak.heap.RetentionAttributor.Attribution;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class RetentionAttributorTests {

	private static final Instant START = Instant.parse("2026-03-01T10:00:00Z");

	private final Random random = new Random(5);

	private final RetentionAttributor attributor = new RetentionAttributor(3);

	@Test
	void theLeakingRouteIsNamedWithItsBytesPerCall() {
		Attribution attribution = simulate(10_000, 0, 0, 0.2e6);
		assertThat(attribution.workloads()).singleElement().satisfies((workload) -> {
			assertThat(workload.workload()).isEqualTo("GET /leaky");
			assertThat(workload.retainedBytesPerCall()).isCloseTo(10_000, within(1_500.0));
			assertThat(workload.confidence()).isGreaterThan(0.99);
			assertThat(workload.indistinguishableFrom()).isEmpty();
		});
		assertThat(attribution.rSquared()).isGreaterThan(0.9);
		assertThat(attribution.note()).isNull();
	}

	@Test
	void aTaskIsNamedRatherThanTheRoutesAroundIt() {
		Attribution attribution = simulate(0, 0, 400_000, 0.2e6);
		assertThat(attribution.workloads()).extracting(RetainedWorkload::workload).containsExactly("task Job.run");
	}

	@Test
	void noiseWithoutGrowthNamesNothing() {
		Attribution attribution = simulate(0, 0, 0, 2e6);
		assertThat(attribution.workloads()).isEmpty();
		assertThat(attribution.note()).isNotBlank();
	}

	@Test
	void proportionalRoutesAreReportedAsIndistinguishable() {
		Attribution attribution = simulate(0, 10_000, 0, 0.2e6);
		assertThat(attribution.workloads()).singleElement()
			.satisfies((workload) -> assertThat(workload.indistinguishableFrom()).isNotEmpty());
	}

	@Test
	void workloadsThatBothRunAtASteadyRateAreReportedAsIndistinguishable() {
		// Seen in the sample app: a job that runs every second and retains, and routes
		// under even traffic. Both track time; the counts cannot tell them apart.
		CountHistory counts = new CountHistory(256, Duration.ZERO);
		List<FloorPoint> points = new ArrayList<>();
		long job = 0;
		long owners = 0;
		long bursty = 0;
		for (int step = 0; step <= 60; step++) {
			Instant at = START.plusSeconds(5L * step + this.random.nextInt(3));
			long seconds = at.getEpochSecond() - START.getEpochSecond();
			job = seconds;
			owners = 12 * seconds + this.random.nextInt(5);
			bursty += (long) (this.random.nextDouble() * 200);
			counts.record(at, Map.of("task Job.archive", job, "GET /owners/{id}", owners, "GET /bursty", bursty), 16);
			points.add(new FloorPoint(at.toEpochMilli(),
					(long) (50e6 + job * 262_144 + this.random.nextGaussian() * 0.2e6)));
		}
		Attribution attribution = this.attributor.attribute(points, counts);
		assertThat(attribution.workloads()).singleElement().satisfies((workload) -> {
			assertThat(List.of("task Job.archive", "GET /owners/{id}")).contains(workload.workload());
			assertThat(workload.indistinguishableFrom()).containsAnyOf("task Job.archive", "GET /owners/{id}")
				.doesNotContain("GET /bursty");
		});
		assertThat(attribution.note()).contains("steady rate");
	}

	/**
	 * Four workloads: {@code GET /leaky} and {@code GET /other} with independent bursty
	 * traffic, {@code GET /twin} at exactly twice the rate of {@code GET /other}, and a
	 * task every minute. Each retains the given bytes per call.
	 */
	private Attribution simulate(double leakyBytes, double twinBytes, double taskBytes, double noise) {
		CountHistory counts = new CountHistory(256, Duration.ZERO);
		List<FloorPoint> points = new ArrayList<>();
		long leaky = 0;
		long other = 0;
		long twin = 0;
		long task = 0;
		double live = 300e6;
		for (int step = 0; step <= 120; step++) {
			Instant at = START.plusSeconds(15L * step);
			if (step > 0) {
				long leakyCalls = (long) (this.random.nextDouble() * 200);
				long otherCalls = (long) (this.random.nextDouble() * 200);
				long taskRuns = (step % 4 == 0) ? 1 : 0;
				leaky += leakyCalls;
				other += otherCalls;
				twin += 2 * otherCalls;
				task += taskRuns;
				live += leakyCalls * leakyBytes + 2 * otherCalls * twinBytes + taskRuns * taskBytes;
			}
			counts.record(at, Map.of("GET /leaky", leaky, "GET /other", other, "GET /twin", twin, "task Job.run", task),
					16);
			points.add(new FloorPoint(at.toEpochMilli(), (long) (live + this.random.nextGaussian() * noise)));
		}
		return this.attributor.attribute(points, counts);
	}

}
