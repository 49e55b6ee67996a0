package dev.memleak.snapshot;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import dev.memleak.core.FailureRecorder;
import dev.memleak.core.PauseBudget;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

class SnapshotSchedulerTests {

	private static final String HISTOGRAM = Histograms
		.format(List.of(new ClassCount("java.lang.String", 10, 240), new ClassCount("[B", 10, 1000)));

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final FailureRecorder failures = new FailureRecorder(this.registry);

	private final SnapshotProperties properties = new SnapshotProperties();

	SnapshotSchedulerTests() {
		this.properties.setInitialDelay(Duration.ZERO);
		this.properties.setInterval(Duration.ofSeconds(1));
		this.properties.setJitter(Duration.ZERO);
	}

	@Test
	void failingScheduledSnapshotIsRecordedAsFailedAndTheNextOneRuns() {
		AtomicInteger calls = new AtomicInteger();
		ClassHistogramSnapshotter snapshotter = snapshotter(Clock.systemUTC(), (mode) -> {
			if (calls.incrementAndGet() == 1) {
				throw new IllegalStateException("first one fails");
			}
			return HISTOGRAM;
		});
		try (SnapshotScheduler scheduler = scheduler(snapshotter, Clock.systemUTC())) {
			scheduler.start();
			await().atMost(Duration.ofSeconds(10)).until(() -> snapshotter.history().size() >= 2);
		}
		List<HeapSnapshot> history = snapshotter.history();
		assertThat(history.subList(0, 2)).extracting(HeapSnapshot::status)
			.containsExactly(SnapshotStatus.FAILED, SnapshotStatus.COMPLETED);
		assertThat(history)
			.allSatisfy((snapshot) -> assertThat(snapshot.trigger()).isEqualTo(SnapshotTrigger.SCHEDULED));
		assertThat(Duration.between(history.get(0).time(), history.get(1).time()))
			.isGreaterThanOrEqualTo(Duration.ofMillis(900));
		assertThat(this.failures.counts()).containsEntry("snapshot", 1L);
	}

	@Test
	void scheduledAndRequestedSnapshotsNeverOverlap() throws Exception {
		AtomicInteger running = new AtomicInteger();
		AtomicInteger mostAtOnce = new AtomicInteger();
		AtomicInteger taken = new AtomicInteger();
		ClassHistogramSnapshotter snapshotter = snapshotter(Clock.systemUTC(), (mode) -> {
			mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
			Thread.sleep(20);
			running.decrementAndGet();
			taken.incrementAndGet();
			return HISTOGRAM;
		});
		ExecutorService callers = Executors.newFixedThreadPool(4);
		try (SnapshotScheduler scheduler = scheduler(snapshotter, Clock.systemUTC())) {
			scheduler.start();
			List<Future<?>> futures = new ArrayList<>();
			for (int t = 0; t < 4; t++) {
				futures.add(callers.submit(() -> {
					for (int i = 0; i < 40; i++) {
						snapshotter.takeSnapshot(SnapshotTrigger.ON_DEMAND);
						snapshotter.takeSnapshot(SnapshotTrigger.ESCALATION, SnapshotMode.ALL);
						Thread.sleep(2);
					}
					return null;
				}));
			}
			for (Future<?> future : futures) {
				future.get();
			}
			await().atMost(Duration.ofSeconds(10))
				.until(() -> snapshotter.history()
					.stream()
					.anyMatch((snapshot) -> snapshot.trigger() == SnapshotTrigger.SCHEDULED));
		}
		finally {
			callers.shutdown();
		}
		assertThat(mostAtOnce).hasValue(1);
		assertThat(taken.get()).isGreaterThan(1);
	}

	@Test
	void everyScheduledSnapshotIsDelayedByAtMostTheJitter() {
		this.properties.setInterval(Duration.ofHours(1));
		this.properties.setInitialDelay(Duration.ofMinutes(15));
		this.properties.setJitter(Duration.ofMinutes(5));
		ManualClock clock = new ManualClock(Instant.parse("2025-01-01T00:00:00Z"));
		for (int i = 0; i < 20; i++) {
			try (SnapshotScheduler scheduler = scheduler(snapshotter(clock, (mode) -> HISTOGRAM), clock)) {
				scheduler.start();
				assertThat(scheduler.nextRun()).isBetween(clock.instant().plus(Duration.ofMinutes(15)),
						clock.instant().plus(Duration.ofMinutes(20)));
			}
		}
	}

	@Test
	void aScheduledSnapshotBroughtForwardRunsNowWithItsReasonAndTheNextAnIntervalLater() {
		this.properties.setInterval(Duration.ofHours(1));
		this.properties.setInitialDelay(Duration.ofMinutes(15));
		this.properties.setJitter(Duration.ofMinutes(5));
		ManualClock clock = new ManualClock(Instant.parse("2025-01-01T00:00:00Z"));
		ClassHistogramSnapshotter snapshotter = snapshotter(clock, (mode) -> HISTOGRAM);
		try (SnapshotScheduler scheduler = scheduler(snapshotter, clock)) {
			scheduler.start();
			Instant due = scheduler.nextRun();
			clock.advance(Duration.ofMinutes(5));
			assertThat(scheduler.runNow("the old generation grows")).isTrue();
			await().atMost(Duration.ofSeconds(10)).until(() -> snapshotter.history().size() == 1);
			HeapSnapshot taken = snapshotter.history().get(0);
			assertThat(taken.trigger()).isEqualTo(SnapshotTrigger.SCHEDULED);
			assertThat(taken.status()).isEqualTo(SnapshotStatus.COMPLETED);
			assertThat(taken.note()).isEqualTo("Brought forward from " + due + ": the old generation grows");
			await().atMost(Duration.ofSeconds(10))
				.until(() -> scheduler.nextRun() != null && scheduler.nextRun().isAfter(due));
			assertThat(scheduler.nextRun()).isBetween(clock.instant().plus(Duration.ofHours(1)),
					clock.instant().plus(Duration.ofMinutes(65)));
		}
		assertThat(snapshotter.history()).as("taken once").hasSize(1);
	}

	@Test
	void aClosedScheduleBringsNothingForward() {
		ManualClock clock = new ManualClock(Instant.parse("2025-01-01T00:00:00Z"));
		SnapshotScheduler scheduler = scheduler(snapshotter(clock, (mode) -> HISTOGRAM), clock);
		scheduler.start();
		scheduler.close();
		assertThat(scheduler.runNow("too late")).isFalse();
	}

	@Test
	void closingStopsTheSnapshotThread() {
		AtomicReference<Thread> snapshotThread = new AtomicReference<>();
		ClassHistogramSnapshotter snapshotter = snapshotter(Clock.systemUTC(), (mode) -> {
			snapshotThread.set(Thread.currentThread());
			return HISTOGRAM;
		});
		SnapshotScheduler scheduler = scheduler(snapshotter, Clock.systemUTC());
		scheduler.start();
		await().atMost(Duration.ofSeconds(10)).until(() -> snapshotter.history().size() >= 1);
		assertThat(snapshotThread.get().getName()).startsWith("memleak-snapshot-");
		assertThat(snapshotThread.get().isDaemon()).isTrue();
		scheduler.close();
		assertThat(scheduler.nextRun()).isNull();
		await().atMost(Duration.ofSeconds(10)).until(() -> !snapshotThread.get().isAlive());
		int taken = snapshotter.history().size();
		await().during(Duration.ofMillis(1500))
			.atMost(Duration.ofSeconds(3))
			.until(() -> snapshotter.history().size() == taken);
	}

	@Test
	void closingBeforeStartingIsHarmless() {
		ClassHistogramSnapshotter snapshotter = snapshotter(Clock.systemUTC(), (mode) -> HISTOGRAM);
		SnapshotScheduler scheduler = scheduler(snapshotter, Clock.systemUTC());
		assertThatCode(scheduler::close).doesNotThrowAnyException();
		assertThat(scheduler.nextRun()).isNull();
		assertThat(snapshotter.history()).isEmpty();
	}

	private ClassHistogramSnapshotter snapshotter(Clock clock, ClassHistogramSource source) {
		return new ClassHistogramSnapshotter(source, this.properties.toSettings(), clock, this.failures, this.registry,
				PauseBudget.unlimited());
	}

	private SnapshotScheduler scheduler(ClassHistogramSnapshotter snapshotter, Clock clock) {
		return new SnapshotScheduler(snapshotter, this.properties.toSettings(), clock, this.failures);
	}

}
