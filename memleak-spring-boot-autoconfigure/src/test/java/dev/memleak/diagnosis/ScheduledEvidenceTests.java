package dev.memleak.diagnosis;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.memleak.core.MemleakAutoConfiguration;
import dev.memleak.sites.SitesAutoConfiguration;
import dev.memleak.snapshot.ClassHistogramSnapshotter;
import dev.memleak.snapshot.ClassHistogramSource;
import dev.memleak.snapshot.SnapshotAutoConfiguration;
import dev.memleak.snapshot.SnapshotScheduler;
import dev.memleak.snapshot.SnapshotTrigger;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the diagnosis waits for without an escalation: the scheduled heap snapshots and
 * the leak-site recording.
 */
class ScheduledEvidenceTests {

	@TempDir
	Path directory;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MemleakAutoConfiguration.class, SnapshotAutoConfiguration.class,
				SitesAutoConfiguration.class, DiagnosisAutoConfiguration.class))
		.withBean(SimpleMeterRegistry.class)
		.withBean(ClassHistogramSource.class, () -> new GrowingClasses(null))
		.withPropertyValues("memleak.snapshot.mode=all", "memleak.snapshot.interval=1h",
				"memleak.snapshot.initial-delay=10m", "memleak.snapshot.jitter=0s");

	@Test
	void classesAreDueWhenTheMissingSnapshotsAreScheduled() {
		this.contextRunner.run((context) -> {
			context.getBean(ClassHistogramSnapshotter.class).takeSnapshot(SnapshotTrigger.ON_DEMAND);
			Instant next = context.getBean(SnapshotScheduler.class).nextRun();
			PendingEvidence classes = part(context.getBean(EvidenceSchedule.class).pending(Instant.now()),
					DiagnosisPart.CLASS);
			assertThat(classes.reason()).startsWith("Heap snapshots: 1 of the 4 a suspect needs are taken");
			assertThat(classes.dueAt()).isEqualTo(next.plus(Duration.ofHours(2)));
			assertThat(classes.reason()).isEqualTo("Heap snapshots: 1 of the 4 a suspect needs are taken; the next "
					+ "is due at " + next + ", and at this schedule the 4th, which can name a class, at "
					+ next.plus(Duration.ofHours(2)) + ".");
		});
	}

	@Test
	void withEnoughSnapshotsTheNextOneIsDue() {
		this.contextRunner.run((context) -> {
			for (int i = 0; i < 4; i++) {
				context.getBean(ClassHistogramSnapshotter.class).takeSnapshot(SnapshotTrigger.ON_DEMAND);
			}
			PendingEvidence classes = part(context.getBean(EvidenceSchedule.class).pending(Instant.now()),
					DiagnosisPart.CLASS);
			assertThat(classes.reason()).startsWith("No class kept growing across the last 4 heap snapshots");
			assertThat(classes.dueAt()).isEqualTo(context.getBean(SnapshotScheduler.class).nextRun());
		});
	}

	@Test
	void switchedOffFeaturesAreNamedAndNeverDue() {
		this.contextRunner.withPropertyValues("memleak.snapshot.enabled=false", "memleak.sites.enabled=false")
			.run((context) -> {
				List<PendingEvidence> pending = context.getBean(EvidenceSchedule.class).pending(Instant.now());
				assertThat(part(pending, DiagnosisPart.CLASS).reason()).contains("memleak.snapshot.enabled=false");
				assertThat(part(pending, DiagnosisPart.CLASS).dueAt()).isNull();
				assertThat(part(pending, DiagnosisPart.SITE).reason()).contains("memleak.sites.enabled=false");
				assertThat(part(pending, DiagnosisPart.SITE).dueAt()).isNull();
			});
	}

	@Test
	void aWaitingRecordingStartsOnSuspicionAndARunningOneIsDueAtItsNextEmission() {
		this.contextRunner
			.withPropertyValues("memleak.sites.enabled=true", "memleak.sites.directory=" + this.directory,
					"memleak.sites.emission-interval=2m")
			.run((context) -> {
				EvidenceSchedule schedule = context.getBean(EvidenceSchedule.class);
				PendingEvidence waiting = part(schedule.pending(Instant.now()), DiagnosisPart.SITE);
				assertThat(waiting.reason()).isEqualTo("The leak-site recording starts when a leak is suspected.");
				assertThat(waiting.dueAt()).isNull();
				context.getBean(dev.memleak.sites.LeakSiteMonitor.class).emitNow();
				PendingEvidence recording = part(schedule.pending(Instant.now()), DiagnosisPart.SITE);
				assertThat(recording.reason()).startsWith("The leak-site recording runs since");
				assertThat(recording.dueAt()).isAfter(Instant.now().plus(Duration.ofSeconds(100)))
					.isBefore(Instant.now().plus(Duration.ofMinutes(2)).plusSeconds(1));
			});
	}

	private static PendingEvidence part(List<PendingEvidence> pending, DiagnosisPart part) {
		return pending.stream().filter((item) -> item.part() == part).findFirst().orElseThrow();
	}

}
