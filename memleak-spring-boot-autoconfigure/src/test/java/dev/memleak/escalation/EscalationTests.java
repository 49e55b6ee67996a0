package dev.memleak.escalation;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

import dev.memleak.core.FailureRecorder;
import dev.memleak.core.PauseBudget;
import dev.memleak.core.PauseOperation;
import dev.memleak.escalation.EscalationStatus.Phase;
import dev.memleak.escalation.EscalationStatus.State;
import dev.memleak.escalation.EscalationStatus.Trigger;
import dev.memleak.heap.DetectionSettings;
import dev.memleak.heap.FloorCandidate;
import dev.memleak.heap.FloorSeries;
import dev.memleak.heap.LeakStatus;
import dev.memleak.heap.bench.MutableClock;
import dev.memleak.sites.HeapDumpTaker;
import dev.memleak.sites.LeakSite;
import dev.memleak.sites.LeakSiteMonitor;
import dev.memleak.sites.RecordingStatus;
import dev.memleak.sites.SitesSettings;
import dev.memleak.snapshot.ClassHistogramSnapshotter;
import dev.memleak.snapshot.HeapSnapshot;
import dev.memleak.snapshot.SnapshotMode;
import dev.memleak.snapshot.SnapshotScheduler;
import dev.memleak.snapshot.SnapshotSettings;
import dev.memleak.snapshot.SnapshotStatus;
import dev.memleak.snapshot.SnapshotTrigger;
import dev.memleak.snapshot.Suspect;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The escalation driven through time: what starts it, how its heap snapshots are spaced
 * and taken, what stops it, and the leak sites it gathers.
 */
class EscalationTests {

	private static final long MB = ScriptedHeap.MB;

	private static final Instant START = Instant.parse("2026-02-01T08:00:00Z");

	private final MutableClock clock = new MutableClock(START);

	private final FloorSeries series = new FloorSeries(1024);

	private final ScriptedHeap heap = new ScriptedHeap(this.clock, this.series);

	private PauseBudget budget = new PauseBudget(Duration.ofSeconds(10), this.clock);

	private ClassHistogramSnapshotter snapshotter = snapshotter();

	@TempDir
	Path directory;

	@Test
	void suspectedStartsABurstSpacedFromTheGrowthRateThatNamesTheSuspects() {
		this.heap.leakBytesPerSecond = 10 * 1024;
		this.heap.set(LeakStatus.SUSPECTED, 10 * 1024.0, 1.0);
		Escalation escalation = escalation(EscalationSettings.defaults(), null);
		run(escalation, Duration.ofMinutes(10));
		List<HeapSnapshot> taken = this.snapshotter.history();
		assertThat(taken).hasSize(4)
			.allSatisfy((snapshot) -> assertThat(snapshot.trigger()).isEqualTo(SnapshotTrigger.ESCALATION));
		// 4 x suspect-min-growth (256 KB) at 10 KB/s: 102 s between two snapshots.
		assertThat(Duration.between(taken.get(0).time(), taken.get(1).time())).isBetween(Duration.ofSeconds(100),
				Duration.ofSeconds(110));
		assertThat(this.snapshotter.suspects()).extracting(Suspect::className).contains("com.example.Order");
		EscalationStatus status = escalation.status();
		assertThat(status.state()).isEqualTo(State.DONE);
		assertThat(status.trigger()).isEqualTo(Trigger.SUSPECTED);
		assertThat(status.reason()).startsWith("The leak detector suspects a leak: the live set grows by +36.9 MB/h");
		assertThat(status.histograms().phase()).isEqualTo(Phase.DONE);
		assertThat(status.histograms().mode()).isEqualTo(SnapshotMode.LIVE);
		assertThat(status.histograms().method()).startsWith("live: a full collection first");
		assertThat(status.histograms().taken()).isEqualTo(4);
		assertThat(status.histograms().pauseMillis()).isPositive();
		assertThat(status.missing()).isEmpty();
		assertThat(status.nextPossibleAt()).isEqualTo(status.startedAt().plus(Duration.ofHours(1)));
		assertThat(this.heap.modes).containsOnly(SnapshotMode.LIVE);
	}

	@Test
	void aBudgetWithRoomLetsTheSnapshotsRunWhenItsClockHasMovedOnSinceTheTick() {
		// A real clock moves between the tick and the budget's answer.
		Clock moving = new Clock() {

			@Override
			public Instant instant() {
				EscalationTests.this.clock.advance(Duration.ofMillis(1));
				return EscalationTests.this.clock.instant();
			}

			@Override
			public ZoneId getZone() {
				return ZoneOffset.UTC;
			}

			@Override
			public Clock withZone(ZoneId zone) {
				return this;
			}

		};
		this.budget = new PauseBudget(Duration.ofSeconds(10), moving);
		this.snapshotter = snapshotter();
		this.heap.set(LeakStatus.SUSPECTED, 100 * 1024.0, 1.0);
		Escalation escalation = Escalation
			.builder(EscalationSettings.defaults(), DetectionSettings.defaults(), () -> this.heap.verdict)
			.series(this.series)
			.snapshots(this.snapshotter)
			.budget(this.budget)
			.heapUsed(() -> this.heap.heapUsed)
			.clock(moving)
			.build();
		run(escalation, Duration.ofMinutes(3));
		assertThat(this.heap.modes).hasSize(4);
	}

	@Test
	void whileGatheringTheStatusSaysWhatIsMissingAndWhenTheNextPieceIsDue() {
		this.heap.leakBytesPerSecond = 10 * 1024;
		this.heap.set(LeakStatus.SUSPECTED, 10 * 1024.0, 1.0);
		Escalation escalation = escalation(EscalationSettings.defaults(), null);
		run(escalation, Duration.ofSeconds(10));
		EscalationStatus status = escalation.status();
		assertThat(status.isGathering()).isTrue();
		assertThat(status.histograms().taken()).isOne();
		assertThat(status.histograms().nextAt()).isAfter(this.clock.instant());
		assertThat(status.missing()).singleElement()
			.asString()
			.startsWith("Suspects: 1 of 4 heap snapshots of this escalation taken, the next at ");
		assertThat(EscalationNotes.of(status)).first()
			.asString()
			.startsWith("Escalation: memleak has been gathering evidence since " + START.plusSeconds(5));
	}

	@Test
	void noSecondBurstWithinTheMinimumIntervalWhateverTheStatusDoes() {
		this.heap.set(LeakStatus.SUSPECTED, 100 * 1024.0, 1.0);
		Escalation escalation = escalation(EscalationSettings.defaults(), null);
		run(escalation, Duration.ofMinutes(10));
		int afterFirst = this.snapshotter.history().size();
		this.heap.set(LeakStatus.OK, 0.0, 0.0);
		run(escalation, Duration.ofMinutes(10));
		this.heap.set(LeakStatus.SUSPECTED, 100 * 1024.0, 1.0);
		run(escalation, Duration.ofMinutes(30));
		assertThat(escalation.started()).isOne();
		assertThat(this.snapshotter.history()).hasSize(afterFirst);
		run(escalation, Duration.ofMinutes(15));
		assertThat(escalation.started()).isEqualTo(2);
	}

	@Test
	void aLeakThatStaysSuspectedIsNotBurstAgainEveryInterval() {
		this.heap.set(LeakStatus.SUSPECTED, 100 * 1024.0, 1.0);
		Escalation escalation = escalation(EscalationSettings.defaults(), null);
		run(escalation, Duration.ofHours(3));
		assertThat(escalation.started()).isOne();
		assertThat(this.snapshotter.history()).hasSize(4);
	}

	@Test
	void theMinimumIntervalCountsFromEscalationsNotFromScheduledSnapshots() {
		this.heap.set(LeakStatus.SUSPECTED, 100 * 1024.0, 1.0);
		Escalation escalation = escalation(EscalationSettings.defaults(), null);
		this.snapshotter.takeSnapshot(SnapshotTrigger.SCHEDULED);
		run(escalation, Duration.ofSeconds(5));
		assertThat(escalation.status().isGathering()).isTrue();
		assertThat(this.snapshotter.history()).extracting(HeapSnapshot::trigger)
			.containsExactly(SnapshotTrigger.SCHEDULED, SnapshotTrigger.ESCALATION);
	}

	@Test
	void aboveTheForcedGcLimitSnapshotsAreAllModeRightAfterACollectionThatReclaimedTheOldGeneration() {
		this.heap.heapUsed = 2048 * MB;
		this.heap.set(LeakStatus.SUSPECTED, 100 * 1024.0, 1.0);
		Escalation escalation = escalation(EscalationSettings.defaults(), null);
		run(escalation, Duration.ofSeconds(30));
		assertThat(this.heap.modes).isEmpty();
		assertThat(escalation.status().histograms().note())
			.startsWith("Waiting for a collection that reclaims the old generation");
		this.clock.advance(Duration.ofSeconds(1));
		this.series.add(new FloorCandidate(this.clock.instant(), 1500 * MB, 2048 * MB, 1));
		assertThat(this.heap.modes).containsExactly(SnapshotMode.ALL);
		assertThat(escalation.status().histograms().method())
			.startsWith("all, taken right after a collection that reclaimed the old generation");
		assertThat(escalation.status().histograms().mode()).isEqualTo(SnapshotMode.ALL);
	}

	@Test
	void withoutAReclaimingCollectionAllModeSettlesForAYoungCollectionAfterTwoMinutes() {
		this.heap.heapUsed = 2048 * MB;
		this.heap.set(LeakStatus.SUSPECTED, 100 * 1024.0, 1.0);
		Escalation escalation = escalation(EscalationSettings.defaults(), null);
		run(escalation, Duration.ofSeconds(5));
		this.clock.advance(Duration.ofSeconds(60));
		this.series.add(upperBound(1600 * MB));
		assertThat(this.heap.modes).isEmpty();
		this.clock.advance(Duration.ofSeconds(65));
		this.series.add(upperBound(1610 * MB));
		assertThat(this.heap.modes).containsExactly(SnapshotMode.ALL);
		assertThat(escalation.status().histograms().method()).startsWith("all, taken right after a young collection")
			.contains("garbage waiting in the old generation is counted");
	}

	@Test
	void theWaitForAReclaimingCollectionAndTheLeastSpacingScaleWithMaxDuration() {
		// max-duration 2 minutes, a fifth of the default: the wait is 24 s instead of 2
		// minutes, the least spacing 6 s instead of 30 s.
		this.heap.heapUsed = 2048 * MB;
		this.heap.set(LeakStatus.SUSPECTED, 100 * 1024 * 1024.0, 1.0);
		Escalation escalation = escalation(EscalationSettings.builder()
			.maxDuration(Duration.ofMinutes(2))
			.minInterval(Duration.ofMinutes(12))
			.build(), null);
		run(escalation, Duration.ofSeconds(5));
		this.clock.advance(Duration.ofSeconds(20));
		this.series.add(upperBound(1600 * MB));
		assertThat(this.heap.modes).isEmpty();
		this.clock.advance(Duration.ofSeconds(5));
		this.series.add(upperBound(1610 * MB));
		assertThat(this.heap.modes).containsExactly(SnapshotMode.ALL);
		assertThat(escalation.status().histograms().method()).contains("within 24 s");
		// Growth of 100 MB/s asks for the least spacing.
		assertThat(escalation.status().histograms().spacing()).isEqualTo(Duration.ofSeconds(6));
	}

	@Test
	void thePauseBudgetDefersTheSnapshotsAndTheStatusSaysSo() {
		this.budget = new PauseBudget(Duration.ofSeconds(1), this.clock);
		this.snapshotter = snapshotter();
		this.budget.record(PauseOperation.HISTOGRAM_LIVE, Duration.ofMillis(950), 200 * MB);
		this.heap.set(LeakStatus.SUSPECTED, 100 * 1024.0, 1.0);
		Escalation escalation = escalation(EscalationSettings.defaults(), null);
		run(escalation, Duration.ofSeconds(30));
		assertThat(this.heap.modes).isEmpty();
		assertThat(escalation.status().histograms().note()).startsWith(
				"Waiting for the pause budget (memleak.pause-budget.per-hour): the next snapshot, about 950 ms, "
						+ "fits at " + START.plus(Duration.ofHours(1)));
		run(escalation, Duration.ofMinutes(10));
		assertThat(escalation.status().histograms().phase()).isEqualTo(Phase.INCOMPLETE);
		assertThat(escalation.status().histograms().note())
			.startsWith("memleak.escalation.max-duration ran out after 0 heap snapshots");
	}

	@Test
	void significantLargeGrowthStartsEarlyAndProbesForFloorPointsUntilTheDetectorDecides() {
		this.heap.set(LeakStatus.WATCH, 50 * 1024.0, 0.999);
		Escalation escalation = escalation(EscalationSettings.defaults(), null);
		run(escalation, Duration.ofSeconds(55));
		assertThat(escalation.status().state()).as("WATCH must hold for a minute").isEqualTo(State.IDLE);
		run(escalation, Duration.ofSeconds(365));
		EscalationStatus status = escalation.status();
		assertThat(status.trigger()).isEqualTo(Trigger.WATCH);
		assertThat(status.reason()).contains("at a confidence of 100%").contains("(WATCH)");
		// min-duration (10 minutes) / 10: a floor point every minute for the detector.
		List<HeapSnapshot> taken = this.snapshotter.history();
		assertThat(taken).hasSize(6);
		assertThat(Duration.between(taken.get(1).time(), taken.get(2).time())).isEqualTo(Duration.ofSeconds(60));
		assertThat(this.series.floorPoints(START)).hasSize(6).allMatch(FloorSeries.FloorPoint::inspection);
		this.heap.set(LeakStatus.SUSPECTED, 50 * 1024.0, 1.0);
		run(escalation, Duration.ofMinutes(5));
		assertThat(escalation.status().state()).isEqualTo(State.DONE);
		assertThat(escalation.status().trigger()).isEqualTo(Trigger.SUSPECTED);
		assertThat(escalation.status().reason()).contains("The detector has suspected a leak since");
		assertThat(this.snapshotter.history()).hasSize(6);
	}

	@Test
	void aCollectorThatStoppedReclaimingAfterStartupKeepsTheProbesGoingAfterTheSuspectsAreNamed() {
		// G1 reclaimed the old generation 20 times while the application started, then
		// stopped (below its marking threshold): the detector stays WATCH.
		for (int i = 0; i < 20; i++) {
			this.clock.advance(Duration.ofSeconds(6));
			this.series.add(new FloorCandidate(this.clock.instant(), 100 * MB + i * MB, 512 * MB, i));
		}
		this.heap.set(LeakStatus.WATCH, 50 * 1024.0, 0.999);
		Escalation escalation = escalation(EscalationSettings.defaults(), null);
		run(escalation, Duration.ofMinutes(9));
		EscalationStatus status = escalation.status();
		assertThat(status.state()).isEqualTo(State.GATHERING);
		assertThat(this.snapshotter.suspects()).isNotEmpty();
		// Named after 4 snapshots, and still a floor point every minute for the detector.
		List<HeapSnapshot> taken = this.snapshotter.history();
		assertThat(taken).hasSizeGreaterThanOrEqualTo(7);
		assertThat(Duration.between(taken.get(taken.size() - 2).time(), taken.get(taken.size() - 1).time()))
			.isEqualTo(Duration.ofSeconds(60));
		this.heap.set(LeakStatus.SUSPECTED, 50 * 1024.0, 1.0);
		int before = taken.size();
		run(escalation, Duration.ofMinutes(5));
		assertThat(escalation.status().state()).isEqualTo(State.DONE);
		assertThat(this.snapshotter.history()).hasSize(before);
	}

	@Test
	void aCollectorThatFallsSilentAfterTheSuspectsAreNamedGetsTheProbesBack() {
		// G1 reclaims the old generation every 20 seconds while the escalation names the
		// suspects, then stops (r12-512-5: WATCH, "not throughout the window", for the
		// rest of the run once the burst had ended with the suspects named).
		long[] cycle = { 0 };
		Runnable reclaim = () -> this.series
			.add(new FloorCandidate(this.clock.instant(), 100 * MB + cycle[0] * MB, 512 * MB, ++cycle[0]));
		for (int i = 0; i < 20; i++) {
			this.clock.advance(Duration.ofSeconds(20));
			reclaim.run();
		}
		this.heap.set(LeakStatus.WATCH, 50 * 1024.0, 0.999);
		Escalation escalation = escalation(EscalationSettings.defaults(), null);
		for (int i = 0; i < 15; i++) {
			run(escalation, Duration.ofSeconds(20));
			reclaim.run();
		}
		assertThat(this.snapshotter.suspects()).isNotEmpty();
		int named = this.snapshotter.history().size();
		// The collector gives floor points: no probe while it does.
		for (int i = 0; i < 6; i++) {
			run(escalation, Duration.ofSeconds(20));
			reclaim.run();
		}
		assertThat(this.snapshotter.history()).hasSize(named);
		assertThat(escalation.status().state()).isEqualTo(State.GATHERING);
		// Silent now: a probe a minute for the detector.
		run(escalation, Duration.ofMinutes(3));
		assertThat(this.snapshotter.history()).hasSizeGreaterThanOrEqualTo(named + 2);
		assertThat(escalation.status().state()).isEqualTo(State.GATHERING);
	}

	@Test
	void anOldGenerationThatGrowsOnlyWhileTheApplicationWarmsUpStartsNothing() {
		Escalation escalation = escalation(EscalationSettings.defaults(), null);
		// 3 minutes of warm-up at 200 KB/s, then flat.
		for (int second = 0; second < 10 * 60; second += 5) {
			this.series.add(upperBound(100 * MB + Math.min(second, 180) * 200 * 1024L));
			run(escalation, Duration.ofSeconds(5));
		}
		assertThat(escalation.status().state()).isEqualTo(State.IDLE);
	}

	@Test
	void aSingleNoisyEvaluationOfSignificantGrowthStartsNothing() {
		Escalation escalation = escalation(EscalationSettings.defaults(), null);
		this.heap.set(LeakStatus.WATCH, 3 * 1024.0, 0.99);
		run(escalation, Duration.ofSeconds(30));
		this.heap.set(LeakStatus.OK, 0.0, 0.5);
		run(escalation, Duration.ofMinutes(5));
		assertThat(escalation.status().state()).isEqualTo(State.IDLE);
	}

	@Test
	void growthThatIsNotYetSignificantOrFastEnoughStartsNothing() {
		Escalation escalation = escalation(EscalationSettings.defaults(), null);
		this.heap.set(LeakStatus.WATCH, 50 * 1024.0, 0.95);
		run(escalation, Duration.ofMinutes(5));
		this.heap.set(LeakStatus.WATCH, 1024.0, 1.0);
		run(escalation, Duration.ofMinutes(5));
		assertThat(escalation.status().state()).isEqualTo(State.IDLE);
		assertThat(this.heap.modes).isEmpty();
	}

	@Test
	void onWatchOffWaitsForSuspected() {
		Escalation escalation = escalation(EscalationSettings.builder().onWatch(false).build(), null);
		this.heap.set(LeakStatus.WATCH, 50 * 1024.0, 1.0);
		run(escalation, Duration.ofMinutes(5));
		assertThat(escalation.status().state()).isEqualTo(State.IDLE);
		this.heap.set(LeakStatus.SUSPECTED, 50 * 1024.0, 1.0);
		run(escalation, Duration.ofSeconds(5));
		assertThat(escalation.status().state()).isEqualTo(State.GATHERING);
	}

	@Test
	void anOldGenerationThatGrowsWithNothingReclaimingItIsMeasuredByFullCollectionsUntilTheyShowItFlat() {
		this.heap.leakBytesPerSecond = 0;
		Escalation escalation = escalation(EscalationSettings.defaults(), null);
		// Promotion: 100 KB/s into an old generation no collection reclaims.
		for (int second = 0; second < 6 * 60; second += 5) {
			this.series.add(upperBound(100 * MB + second * 100 * 1024L));
			run(escalation, Duration.ofSeconds(5));
		}
		EscalationStatus started = escalation.status();
		assertThat(started.trigger()).isEqualTo(Trigger.UNOBSERVED);
		assertThat(started.reason()).startsWith("The old generation grew by +368.6 MB/h since");
		run(escalation, Duration.ofMinutes(10));
		EscalationStatus ended = escalation.status();
		assertThat(ended.state()).isEqualTo(State.DONE);
		assertThat(ended.histograms().note())
			.isEqualTo("The live set measured since the escalation started does not grow (+0.0 MB/h over 4 floor "
					+ "points, 4 of them memleak's own full collections).");
		assertThat(this.heap.modes).hasSize(4);
		// The same growth of the old generation later is promotion: no new escalation.
		this.clock.advance(Duration.ofHours(1));
		for (int second = 0; second < 10 * 60; second += 5) {
			this.series.add(upperBound(100 * MB + second * 100 * 1024L));
			run(escalation, Duration.ofSeconds(5));
		}
		assertThat(escalation.started()).isOne();
	}

	@Test
	void aSlowLeakInALiveSetThatMovesByMegabytesIsNotCalledFlatAfterFourProbes() {
		// 1 MiB/min, and a live set that moves by up to 2.4 MB between full collections
		// (the floor points of a 1 MiB/min leak on 512 MiB: 28.90, 30.04, 28.63 and 29.7
		// MB a minute apart).
		this.heap.leakBytesPerSecond = MB / 60.0;
		this.heap.scatter = new long[] { 0, 90_000, -2_370_000, -2_350_000 };
		this.heap.set(LeakStatus.WATCH, MB / 60.0, 1.0);
		Escalation escalation = escalation(EscalationSettings.defaults(), null);
		run(escalation, Duration.ofMinutes(8));
		EscalationStatus status = escalation.status();
		assertThat(status.state()).as(String.valueOf(status.histograms().note())).isEqualTo(State.GATHERING);
		assertThat(this.heap.modes).hasSizeGreaterThanOrEqualTo(7);
	}

	@Test
	void anOldGenerationThatGrowsWithNothingReclaimingItIsMeasuredFirstByTheScheduledSnapshotBroughtForward() {
		this.heap.leakBytesPerSecond = 0;
		try (SnapshotScheduler schedule = schedule()) {
			Escalation escalation = escalation(EscalationSettings.defaults(), null, schedule);
			long[] old = { 100 * MB };
			Instant broughtForward = promoteUntilTheScheduleIsBroughtForward(escalation, schedule, old);
			HeapSnapshot taken = this.snapshotter.history().get(0);
			assertThat(taken.trigger()).isEqualTo(SnapshotTrigger.SCHEDULED);
			assertThat(taken.mode()).isEqualTo(SnapshotMode.LIVE);
			assertThat(taken.note()).startsWith("Brought forward from ").contains(": The old generation grew by +");
			assertThat(escalation.started()).as("no escalation").isZero();
			assertThat(escalation.status().state()).isEqualTo(State.IDLE);
			await().atMost(Duration.ofSeconds(10))
				.until(() -> schedule.nextRun() != null
						&& schedule.nextRun().isAfter(broughtForward.plus(Duration.ofMinutes(59))));
			assertThat(schedule.nextRun()).as("the next scheduled snapshot, an interval later")
				.isBefore(broughtForward.plus(Duration.ofMinutes(66)));
			// The detector still cannot decide a probe interval later: an escalation.
			for (int second = 0; second < 3 * 60 && escalation.started() == 0; second += 5) {
				promoteFor5Seconds(escalation, old);
			}
			assertThat(escalation.started()).isOne();
			assertThat(Duration.between(broughtForward, escalation.status().startedAt()))
				.isBetween(Duration.ofSeconds(60), Duration.ofSeconds(65));
			assertThat(escalation.status().trigger()).isEqualTo(Trigger.UNOBSERVED);
			assertThat(escalation.status().reason())
				.endsWith("The scheduled heap snapshot brought forward at " + broughtForward + " did not decide it.");
			assertThat(this.snapshotter.history()).extracting(HeapSnapshot::trigger)
				.containsExactly(SnapshotTrigger.SCHEDULED, SnapshotTrigger.ESCALATION);
		}
	}

	@Test
	void aHealthyServiceThatTheScheduledSnapshotBroughtForwardTurnsOkSeesNoEscalation() {
		this.heap.leakBytesPerSecond = 0;
		try (SnapshotScheduler schedule = schedule()) {
			Escalation escalation = escalation(EscalationSettings.defaults(), null, schedule);
			long[] old = { 100 * MB };
			promoteUntilTheScheduleIsBroughtForward(escalation, schedule, old);
			this.heap.set(LeakStatus.OK, 0.0, 0.5);
			// Promotion goes on for the rest of the hour, the detector says OK.
			for (int second = 0; second < 50 * 60; second += 5) {
				promoteFor5Seconds(escalation, old);
			}
			assertThat(escalation.started()).isZero();
			assertThat(this.snapshotter.history()).hasSize(1);
		}
	}

	@Test
	void aServiceWhosePromotionSlowsAfterTheBroughtForwardSnapshotSeesNoEscalationWhileTheDetectorCannotDecide() {
		this.heap.leakBytesPerSecond = 0;
		try (SnapshotScheduler schedule = schedule()) {
			Escalation escalation = escalation(EscalationSettings.defaults(), null, schedule);
			long[] old = { 100 * MB };
			promoteUntilTheScheduleIsBroughtForward(escalation, schedule, old);
			// The full collection left the live set, 100 MB; then the warmed-up service
			// promotes 5.4 MB/h (below min-growth-per-hour, 8 MB/h) and the detector,
			// with one exact floor point, still says UNKNOWN.
			old[0] = 100 * MB;
			for (int second = 0; second < 30 * 60; second += 5) {
				promoteFor5Seconds(escalation, old, 1500);
			}
			assertThat(escalation.status().state()).isEqualTo(State.IDLE);
			assertThat(escalation.started()).isZero();
			assertThat(this.snapshotter.history()).hasSize(1);
		}
	}

	@Test
	void aLeakThatKeepsGrowingAfterTheBroughtForwardSnapshotIsEscalatedAProbeIntervalLater() {
		this.heap.leakBytesPerSecond = 0;
		try (SnapshotScheduler schedule = schedule()) {
			Escalation escalation = escalation(EscalationSettings.defaults(), null, schedule);
			long[] old = { 100 * MB };
			Instant broughtForward = promoteUntilTheScheduleIsBroughtForward(escalation, schedule, old);
			// From the live set the full collection left, 1 MiB/min (63 MB/h).
			old[0] = 100 * MB;
			for (int second = 0; second < 3 * 60 && escalation.started() == 0; second += 5) {
				promoteFor5Seconds(escalation, old, MB / 60);
			}
			assertThat(escalation.started()).isOne();
			assertThat(Duration.between(broughtForward, escalation.status().startedAt()))
				.isBetween(Duration.ofSeconds(60), Duration.ofSeconds(65));
			assertThat(escalation.status().reason())
				.endsWith("The scheduled heap snapshot brought forward at " + broughtForward + " did not decide it.");
		}
	}

	private SnapshotScheduler schedule() {
		SnapshotScheduler schedule = new SnapshotScheduler(this.snapshotter, SnapshotSettings.defaults(), this.clock,
				new FailureRecorder(null));
		schedule.start();
		return schedule;
	}

	// Promotion at 100 KB/s into an old generation no collection reclaims, for one tick.
	private void promoteFor5Seconds(Escalation escalation, long[] old) {
		promoteFor5Seconds(escalation, old, 100 * 1024L);
	}

	// Promotion at a rate into an old generation no collection reclaims, for one tick.
	private void promoteFor5Seconds(Escalation escalation, long[] old, long bytesPerSecond) {
		old[0] += bytesPerSecond * 5;
		this.series.add(upperBound(old[0]));
		run(escalation, Duration.ofSeconds(5));
	}

	// Promotion at 100 KB/s into an old generation no collection reclaims, until the
	// escalation brings the schedule forward; returns when, once the snapshot is taken.
	private Instant promoteUntilTheScheduleIsBroughtForward(Escalation escalation, SnapshotScheduler schedule,
			long[] old) {
		Instant due = schedule.nextRun();
		for (int second = 0; second < 6 * 60; second += 5) {
			promoteFor5Seconds(escalation, old);
			if (!due.equals(schedule.nextRun())) {
				Instant at = this.clock.instant();
				await().atMost(Duration.ofSeconds(10)).until(() -> !this.snapshotter.history().isEmpty());
				return at;
			}
		}
		throw new AssertionError("the schedule was not brought forward in 6 minutes");
	}

	@Test
	void leakSitesStartOnSuspectedAndStopEmittingOnceTheTopLeakSiteIsStable() throws InterruptedException {
		SitesSettings settings = SitesSettings.builder()
			.emissionInterval(Duration.ofSeconds(1))
			.directory(this.directory)
			.build();
		ScriptedSampler sampler = new ScriptedSampler(this.clock, settings);
		try (LeakSiteMonitor sites = monitor(sampler, settings)) {
			Escalation escalation = escalation(EscalationSettings.defaults(), sites);
			this.heap.set(LeakStatus.WATCH, 50 * 1024.0, 1.0);
			run(escalation, Duration.ofSeconds(30));
			assertThat(sites.status()).as("sites wait for SUSPECTED").isEqualTo(RecordingStatus.WAITING);
			assertThat(escalation.status().sites().phase()).isEqualTo(Phase.NOT_NEEDED);
			this.heap.set(LeakStatus.SUSPECTED, 50 * 1024.0, 1.0);
			sampler.next = List.of(leakSite("com.example.Order", "com.example.Orders.add(Orders.java:12)"));
			run(escalation, Duration.ofSeconds(5));
			assertThat(sites.status()).isEqualTo(RecordingStatus.RECORDING);
			assertThat(sites.isGathering()).isTrue();
			for (int i = 0; i < 20 && escalation.status().sites().phase() == Phase.RUNNING; i++) {
				int emitted = sampler.emissions.get();
				while (sampler.emissions.get() == emitted) {
					Thread.sleep(50);
				}
				run(escalation, Duration.ofSeconds(5));
			}
			EscalationStatus.Sites gathered = escalation.status().sites();
			assertThat(gathered.phase()).isEqualTo(Phase.DONE);
			assertThat(gathered.stableEmissions()).isEqualTo(3);
			assertThat(gathered.topLeakSite()).isEqualTo("com.example.Order at com.example.Orders.add(Orders.java:12)");
			assertThat(sites.isGathering()).isFalse();
			int emitted = sampler.emissions.get();
			Thread.sleep(1500);
			assertThat(sampler.emissions.get()).as("no emission once stable").isEqualTo(emitted);
			assertThat(sites.status()).as("the recording goes on while SUSPECTED").isEqualTo(RecordingStatus.RECORDING);
			this.heap.set(LeakStatus.WATCH, 50 * 1024.0, 1.0);
			run(escalation, Duration.ofMinutes(9));
			assertThat(sites.status()).isEqualTo(RecordingStatus.RECORDING);
			assertThat(escalation.status().sites().stopsAt()).isNotNull();
			run(escalation, Duration.ofMinutes(2));
			assertThat(sites.status()).as("stopped sites-stop-after once the status left SUSPECTED")
				.isEqualTo(RecordingStatus.WAITING);
		}
	}

	@Test
	void aLeakSuspectedAfterAnEarlierEscalationEndedStartsTheLeakSitesWithoutASecondBurst() {
		SitesSettings settings = SitesSettings.builder().directory(this.directory).build();
		ScriptedSampler sampler = new ScriptedSampler(this.clock, settings);
		try (LeakSiteMonitor sites = monitor(sampler, settings)) {
			Escalation escalation = escalation(EscalationSettings.defaults(), sites);
			this.heap.set(LeakStatus.WATCH, 50 * 1024.0, 1.0);
			run(escalation, Duration.ofMinutes(25));
			assertThat(escalation.status().state()).as("the WATCH escalation ended").isEqualTo(State.DONE);
			int snapshots = this.snapshotter.history().size();
			assertThat(sites.status()).isEqualTo(RecordingStatus.WAITING);
			this.heap.set(LeakStatus.SUSPECTED, 50 * 1024.0, 1.0);
			run(escalation, Duration.ofSeconds(5));
			EscalationStatus status = escalation.status();
			assertThat(sites.status()).as("within min-interval of the first burst")
				.isEqualTo(RecordingStatus.RECORDING);
			assertThat(status.state()).isEqualTo(State.GATHERING);
			assertThat(status.trigger()).isEqualTo(Trigger.SUSPECTED);
			assertThat(status.sites().phase()).isEqualTo(Phase.RUNNING);
			assertThat(status.histograms().phase()).isEqualTo(Phase.NOT_NEEDED);
			assertThat(status.histograms().note())
				.startsWith("No new heap snapshots: the suspects come from the escalation that started at "
						+ START.plus(Duration.ofSeconds(65)));
			assertThat(status.nextPossibleAt()).isEqualTo(START.plus(Duration.ofSeconds(65)).plus(Duration.ofHours(1)));
			run(escalation, Duration.ofMinutes(5));
			assertThat(escalation.status().histograms().phase()).as("no second burst").isEqualTo(Phase.NOT_NEEDED);
			// Only the full collections leak sites need when nothing else reclaims the
			// old
			// generation: one every 3 minutes at most.
			assertThat(this.snapshotter.history()).hasSizeLessThanOrEqualTo(snapshots + 2);
		}
	}

	@Test
	void growthFasterThanThePromotionAnEarlierEscalationMeasuredStartsANewOne() {
		this.heap.leakBytesPerSecond = 0;
		Escalation escalation = escalation(EscalationSettings.defaults(), null);
		// A warm-up of 4 minutes at 300 KB/s, then promotion at 20 KB/s, and nothing
		// reclaims the old generation but memleak's own full collections.
		long[] old = { 100 * MB };
		long[] last = { 0 };
		for (int second = 0; second < 20 * 60; second += 5) {
			List<FloorSeries.FloorPoint> floors = this.series.floorPoints(START);
			if (!floors.isEmpty() && floors.get(floors.size() - 1).epochMillis() > last[0]) {
				last[0] = floors.get(floors.size() - 1).epochMillis();
				old[0] = 100 * MB;
			}
			old[0] += ((second < 240) ? 300 : 20) * 1024L * 5;
			this.series.add(upperBound(old[0]));
			run(escalation, Duration.ofSeconds(5));
		}
		assertThat(escalation.started()).isOne();
		assertThat(escalation.status().state()).isEqualTo(State.DONE);
		// What the old generation did while the live set was measured flat, not the
		// warm-up that started the escalation.
		double promotion = escalation.promotionBytesPerHour();
		assertThat(promotion).isBetween(65e6, 85e6);
		this.clock.advance(Duration.ofHours(1));
		// A leak of 80 KB/s on top of that promotion.
		for (int second = 0; second < 10 * 60 && escalation.started() == 1; second += 5) {
			old[0] += 100 * 1024L * 5;
			this.series.add(upperBound(old[0]));
			run(escalation, Duration.ofSeconds(5));
		}
		assertThat(escalation.started()).isEqualTo(2);
		assertThat(escalation.status().reason()).contains(String.format(Locale.ROOT,
				"(faster than the promotion of %+.1f MB/h an earlier escalation measured)", promotion / 1_000_000));
	}

	@Test
	void aChangingTopLeakSiteIsNotStable() throws InterruptedException {
		SitesSettings settings = SitesSettings.builder()
			.emissionInterval(Duration.ofSeconds(1))
			.directory(this.directory)
			.build();
		ScriptedSampler sampler = new ScriptedSampler(this.clock, settings);
		try (LeakSiteMonitor sites = monitor(sampler, settings)) {
			Escalation escalation = escalation(EscalationSettings.defaults(), sites);
			this.heap.set(LeakStatus.SUSPECTED, 50 * 1024.0, 1.0);
			run(escalation, Duration.ofSeconds(5));
			for (int i = 0; i < 6; i++) {
				sampler.next = List
					.of(leakSite("com.example.Order" + (i % 2), "com.example.Orders.add(Orders.java:12)"));
				int emitted = sampler.emissions.get();
				while (sampler.emissions.get() == emitted) {
					Thread.sleep(50);
				}
				run(escalation, Duration.ofSeconds(5));
			}
			assertThat(escalation.status().sites().phase()).isEqualTo(Phase.RUNNING);
			assertThat(escalation.status().sites().stableEmissions()).isOne();
			assertThat(escalation.status().missing())
				.anySatisfy((missing) -> assertThat(missing).startsWith("Leak site: ")
					.contains("the top leak site the same in 1 in a row"));
		}
	}

	@Test
	void aHeapDumpIsWrittenOnceWhenALeakBecomesSuspectedIfAskedFor() {
		AtomicInteger dumps = new AtomicInteger();
		SitesSettings settings = SitesSettings.builder()
			.directory(this.directory)
			.heapDump(new SitesSettings.HeapDumpSettings(true, this.directory.resolve("dumps"), Duration.ofHours(6),
					1024 * MB, true))
			.build();
		HeapDumpTaker dumper = new HeapDumpTaker((file, live) -> {
			dumps.incrementAndGet();
			Files.write(file, new byte[16]);
		}, settings.heapDump(), this.clock, new FailureRecorder(null), this.budget);
		try (LeakSiteMonitor sites = new LeakSiteMonitor(new ScriptedSampler(this.clock, settings), dumper, settings,
				this.clock, new FailureRecorder(null))) {
			Escalation escalation = escalation(EscalationSettings.defaults(), sites);
			this.heap.set(LeakStatus.WATCH, 50 * 1024.0, 1.0);
			run(escalation, Duration.ofMinutes(1));
			assertThat(dumps).hasValue(0);
			this.heap.set(LeakStatus.SUSPECTED, 50 * 1024.0, 1.0);
			run(escalation, Duration.ofMinutes(5));
			assertThat(dumps).hasValue(1);
			assertThat(this.budget.spentInLastHour(PauseOperation.HEAP_DUMP)).isPositive();
		}
	}

	@Test
	void withoutSnapshotsOrSitesTheStatusSaysTheyAreOff() {
		Escalation escalation = Escalation
			.builder(EscalationSettings.defaults(), DetectionSettings.defaults(), () -> this.heap.verdict)
			.clock(this.clock)
			.build();
		EscalationStatus status = escalation.status();
		assertThat(status.histograms().phase()).isEqualTo(Phase.UNAVAILABLE);
		assertThat(status.histograms().note()).contains("memleak.snapshot.enabled=false");
		assertThat(status.sites().phase()).isEqualTo(Phase.UNAVAILABLE);
		assertThat(status.sites().note()).contains("memleak.sites.enabled=false");
	}

	private LeakSiteMonitor monitor(ScriptedSampler sampler, SitesSettings settings) {
		HeapDumpTaker dumper = new HeapDumpTaker((file, live) -> Files.write(file, new byte[16]), settings.heapDump(),
				this.clock, new FailureRecorder(null), this.budget);
		return new LeakSiteMonitor(sampler, dumper, settings, this.clock, new FailureRecorder(null));
	}

	private static LeakSite leakSite(String className, String frame) {
		return new LeakSite(className, List.of(frame), 40, 30, true, START, List.of(), frame);
	}

	private FloorCandidate upperBound(long bytes) {
		return new FloorCandidate(this.clock.instant(), bytes, 512 * MB, 0, FloorCandidate.Kind.UPPER_BOUND);
	}

	private ClassHistogramSnapshotter snapshotter() {
		return new ClassHistogramSnapshotter(this.heap, SnapshotSettings.defaults(), this.clock,
				new FailureRecorder(null), null, this.budget);
	}

	private Escalation escalation(EscalationSettings settings, LeakSiteMonitor sites) {
		return escalation(settings, sites, null);
	}

	private Escalation escalation(EscalationSettings settings, LeakSiteMonitor sites, SnapshotScheduler schedule) {
		Escalation escalation = Escalation.builder(settings, DetectionSettings.defaults(), () -> this.heap.verdict)
			.series(this.series)
			.snapshots(this.snapshotter)
			.schedule(schedule)
			.sites(sites)
			.budget(this.budget)
			.heapUsed(() -> this.heap.heapUsed)
			.clock(this.clock)
			.build();
		this.series.onFloorCandidate(escalation::onCandidate);
		return escalation;
	}

	// Tick every 5 seconds, as the escalation's thread does.
	private void run(Escalation escalation, Duration duration) {
		Instant end = this.clock.instant().plus(duration);
		while (this.clock.instant().isBefore(end)) {
			this.clock.advance(Duration.ofSeconds(5));
			escalation.tick();
		}
	}

}
