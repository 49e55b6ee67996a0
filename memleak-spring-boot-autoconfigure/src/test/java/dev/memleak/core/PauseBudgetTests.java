package dev.memleak.core;

import java.time.Duration;
import java.time.Instant;

import dev.memleak.heap.bench.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PauseBudgetTests {

	private static final long MB = 1024 * 1024;

	private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

	private final PauseBudget budget = new PauseBudget(Duration.ofSeconds(1), this.clock);

	@Test
	void pausesWithinTheBudgetAreGrantedAndCounted() {
		PauseBudget.Permit permit = this.budget.acquire(PauseOperation.HISTOGRAM_LIVE, 100 * MB, false);
		assertThat(permit.isGranted()).isTrue();
		assertThat(permit.estimate()).isEqualTo(Duration.ofMillis(50 + 97));
		permit.complete(Duration.ofMillis(300));
		assertThat(this.budget.spentInLastHour()).isEqualTo(Duration.ofMillis(300));
		assertThat(this.budget.spentInLastHour(PauseOperation.HISTOGRAM_LIVE)).isEqualTo(Duration.ofMillis(300));
		assertThat(this.budget.spentInLastHour(PauseOperation.HISTOGRAM_ALL)).isZero();
	}

	@Test
	void aPauseThatDoesNotFitIsRefusedWithTheTimeTheBudgetFreesUp() {
		this.budget.acquire(PauseOperation.HISTOGRAM_LIVE, 100 * MB, false).complete(Duration.ofMillis(400));
		this.clock.advance(Duration.ofMinutes(10));
		this.budget.acquire(PauseOperation.HISTOGRAM_LIVE, 100 * MB, false).complete(Duration.ofMillis(400));
		this.clock.advance(Duration.ofMinutes(10));
		// The next is estimated from the last ones measured: 400 ms, and 200 ms are left.
		PauseBudget.Permit refused = this.budget.acquire(PauseOperation.HISTOGRAM_LIVE, 100 * MB, false);
		assertThat(refused.isGranted()).isFalse();
		assertThat(refused.estimate()).isEqualTo(Duration.ofMillis(400));
		assertThat(refused.freesAt()).isEqualTo(Instant.parse("2026-01-01T01:00:00Z"));
		assertThat(refused.refusalNote()).startsWith("The pause budget (memleak.pause-budget.per-hour=PT1S) has 200 ms "
				+ "left for the last hour, less than the estimated 400 ms of histogram-live; it frees up at "
				+ "2026-01-01T01:00:00Z");
		this.clock.advance(Duration.ofMinutes(40));
		assertThat(this.budget.acquire(PauseOperation.HISTOGRAM_LIVE, 100 * MB, false).isGranted()).isTrue();
		assertThat(this.budget.refusedCount()).isOne();
	}

	@Test
	void estimatesScaleWithTheHeapInUse() {
		this.budget.acquire(PauseOperation.HISTOGRAM_ALL, 200 * MB, false).complete(Duration.ofMillis(100));
		assertThat(this.budget.estimate(PauseOperation.HISTOGRAM_ALL, 400 * MB)).isEqualTo(Duration.ofMillis(200));
		assertThat(this.budget.estimate(PauseOperation.HISTOGRAM_ALL, 20 * MB)).isEqualTo(Duration.ofMillis(50));
		assertThat(this.budget.estimate(PauseOperation.HEAP_DUMP, 1024 * MB)).isEqualTo(Duration.ofMillis(2100));
		assertThat(this.budget.estimate(PauseOperation.SITES_EMISSION, 1024 * MB)).isEqualTo(Duration.ofMillis(10));
	}

	@Test
	void requestedPausesMayExceedTheBudgetAndAreCounted() {
		PauseBudget.Permit permit = this.budget.acquire(PauseOperation.HEAP_DUMP, 1024 * MB, true);
		assertThat(permit.isGranted()).isTrue();
		permit.complete(Duration.ofSeconds(3));
		assertThat(this.budget.spentInLastHour()).isEqualTo(Duration.ofSeconds(3));
		assertThat(this.budget.acquire(PauseOperation.SITES_EMISSION, 0, false).isGranted()).isFalse();
	}

	@Test
	void aGrantedPauseReservesItsEstimateUntilItCompletesOrIsCancelled() {
		PauseBudget.Permit first = this.budget.acquire(PauseOperation.HISTOGRAM_LIVE, 800 * MB, false);
		assertThat(first.estimate()).isEqualTo(Duration.ofMillis(831));
		assertThat(this.budget.acquire(PauseOperation.HISTOGRAM_LIVE, 800 * MB, false).isGranted()).isFalse();
		first.cancel();
		assertThat(this.budget.spentInLastHour()).isZero();
		assertThat(this.budget.acquire(PauseOperation.HISTOGRAM_LIVE, 800 * MB, false).isGranted()).isTrue();
	}

	@Test
	void thePauseSectionShowsTheLimitWhatWasSpentPerOperationAndWhatWasRefused() {
		this.budget.acquire(PauseOperation.HISTOGRAM_LIVE, 100 * MB, false).complete(Duration.ofMillis(995));
		this.budget.acquire(PauseOperation.SITES_EMISSION, 0, false);
		PauseReport report = this.budget.report();
		assertThat(report.limitMillisPerHour()).isEqualTo(1000);
		assertThat(report.spentMillis()).isEqualTo(995);
		assertThat(report.availableMillis()).isEqualTo(5);
		assertThat(report.operations()).extracting(PauseReport.OperationPauses::operation)
			.containsExactly("histogram-live", "histogram-all", "sites-emission", "heap-dump");
		assertThat(report.operations().get(0).count()).isOne();
		assertThat(report.operations().get(0).lastMillis()).isEqualTo(995);
		assertThat(report.refused()).singleElement().satisfies((refused) -> {
			assertThat(refused.operation()).isEqualTo("sites-emission");
			assertThat(refused.estimateMillis()).isEqualTo(10);
			assertThat(refused.freesAt()).isEqualTo(Instant.parse("2026-01-01T01:00:00Z"));
		});
		assertThat(report.operations().get(2).refusedTotal()).isOne();
	}

	@Test
	void aPauseLargerThanTheWholeBudgetNeverFrees() {
		PauseBudget.Permit permit = this.budget.acquire(PauseOperation.HEAP_DUMP, 4096 * MB, false);
		assertThat(permit.isGranted()).isFalse();
		assertThat(permit.freesAt()).isNull();
		assertThat(permit.refusalNote()).contains("this pause is larger than the whole budget");
	}

	@Test
	void theKeptPausesAreBoundedWithoutUndercountingTheLastHour() {
		PauseBudget large = new PauseBudget(Duration.ofHours(1), this.clock);
		for (int i = 0; i < PauseBudget.MAX_ENTRIES * 3; i++) {
			large.record(PauseOperation.SITES_EMISSION, Duration.ofMillis(1), 0);
		}
		assertThat(large.spentInLastHour()).isEqualTo(Duration.ofMillis(PauseBudget.MAX_ENTRIES * 3L));
		for (int i = 0; i < PauseBudget.MAX_REFUSALS * 3; i++) {
			this.budget.acquire(PauseOperation.HEAP_DUMP, 4096 * MB, false);
		}
		assertThat(this.budget.report().refused()).hasSize(PauseBudget.MAX_REFUSALS);
		assertThat(this.budget.refusedCount()).isEqualTo(PauseBudget.MAX_REFUSALS * 3L);
	}

	@Test
	void invalidBudgetsFailNamingTheProperty() {
		assertThatIllegalArgumentException().isThrownBy(() -> new PauseBudget(Duration.ofSeconds(-1), this.clock))
			.withMessage("memleak.pause-budget.per-hour must be between 0s and 1h (inclusive), but was PT-1S");
		assertThatIllegalArgumentException().isThrownBy(() -> new PauseBudget(Duration.ofMinutes(61), this.clock))
			.withMessageStartingWith("memleak.pause-budget.per-hour must be between 0s and 1h");
	}

	@Test
	void metersShowTheBudgetTheSpentTimeAndTheRefusals() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		new PauseBudgetMetrics(this.budget).bindTo(registry);
		this.budget.acquire(PauseOperation.HISTOGRAM_ALL, 100 * MB, false).complete(Duration.ofMillis(250));
		this.budget.acquire(PauseOperation.HEAP_DUMP, 4096 * MB, false);
		assertThat(registry.get("memleak.pause.budget").gauge().value()).isEqualTo(1.0);
		assertThat(registry.get("memleak.pause.spent").tag("operation", "histogram-all").gauge().value())
			.isEqualTo(0.25);
		assertThat(registry.get("memleak.pause.spent").tag("operation", "heap-dump").gauge().value()).isZero();
		assertThat(registry.get("memleak.pause.refused").functionCounter().count()).isOne();
		assertThat(registry.getMeters()).hasSize(6);
	}

}
