package dev.memleak.diagnosis;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.memleak.escalation.EscalationStatus;
import dev.memleak.escalation.EscalationStatus.Histograms;
import dev.memleak.escalation.EscalationStatus.Phase;
import dev.memleak.escalation.EscalationStatus.Sites;
import dev.memleak.escalation.EscalationStatus.State;
import dev.memleak.escalation.EscalationStatus.Trigger;
import dev.memleak.sites.RecordingStatus;
import dev.memleak.snapshot.SnapshotMode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the diagnosis waits for while an escalation gathers evidence, and after it.
 */
class EscalationEvidenceTests {

	private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");

	private static final PendingEvidence SCHEDULED_CLASS = new PendingEvidence(DiagnosisPart.CLASS,
			"Heap snapshots: 1 of the 4 a suspect needs are taken.", NOW.plus(Duration.ofHours(3)));

	private static final PendingEvidence SCHEDULED_SITE = new PendingEvidence(DiagnosisPart.SITE,
			"The leak-site recording starts when a leak is suspected.", null);

	private static final Histograms NO_HISTOGRAMS = new Histograms(Phase.NOT_NEEDED, null, null, 4, 0, null, null, 0,
			null);

	private static final Sites NO_SITES = new Sites(Phase.NOT_NEEDED, RecordingStatus.WAITING, 0, 0, null, null, null,
			null);

	@Test
	void beforeTheFirstEscalationTheScheduledEvidenceIsDue() {
		EscalationStatus idle = status(State.IDLE, null, NO_HISTOGRAMS, NO_SITES);
		assertThat(EscalationEvidence.of(idle, SCHEDULED_CLASS, SCHEDULED_SITE)).containsExactly(SCHEDULED_CLASS,
				SCHEDULED_SITE);
	}

	@Test
	void aRunningBurstIsDueWhenItsLastSnapshotIs() {
		Histograms burst = new Histograms(Phase.RUNNING, SnapshotMode.LIVE, "live: a full collection first", 4, 1,
				Duration.ofSeconds(45), NOW.plusSeconds(20), 120, null);
		PendingEvidence classes = part(EscalationEvidence
			.of(status(State.GATHERING, Trigger.SUSPECTED, burst, NO_SITES), SCHEDULED_CLASS, SCHEDULED_SITE),
				DiagnosisPart.CLASS);
		// The second snapshot in 20 s, the third and fourth 45 s apart after it.
		assertThat(classes.dueAt()).isEqualTo(NOW.plusSeconds(20 + 2 * 45));
		assertThat(classes.reason()).isEqualTo("The escalation takes heap snapshots (live): 1 of 4 taken, one every "
				+ "45 s, the next at 2026-11-29T10:00:20Z; a class is named once it grew across 4 of them.");
	}

	@Test
	void aBurstWaitingForTheBudgetSaysSo() {
		Histograms waiting = new Histograms(Phase.RUNNING, SnapshotMode.ALL, "all", 4, 2, Duration.ofSeconds(30),
				NOW.plusSeconds(600), 400, "Waiting for the pause budget until 2026-11-29T10:10:00Z.");
		PendingEvidence classes = part(EscalationEvidence
			.of(status(State.GATHERING, Trigger.SUSPECTED, waiting, NO_SITES), SCHEDULED_CLASS, SCHEDULED_SITE),
				DiagnosisPart.CLASS);
		assertThat(classes.reason()).endsWith(" Waiting for the pause budget until 2026-11-29T10:10:00Z.");
		assertThat(classes.dueAt()).isEqualTo(NOW.plusSeconds(630));
	}

	@Test
	void runningEmissionsAreDueAtTheNextOne() {
		Sites emitting = new Sites(Phase.RUNNING, RecordingStatus.RECORDING, 2, 1,
				"[B at dev.memleak.sample.AuditLog.recordLookup(AuditLog.java:29)", NOW.plusSeconds(40), null, null);
		PendingEvidence site = part(EscalationEvidence
			.of(status(State.GATHERING, Trigger.SUSPECTED, NO_HISTOGRAMS, emitting), SCHEDULED_CLASS, SCHEDULED_SITE),
				DiagnosisPart.SITE);
		assertThat(site.dueAt()).isEqualTo(NOW.plusSeconds(40));
		assertThat(site.reason()).isEqualTo("The escalation emits leak sites: 2 emissions so far, the top leak site "
				+ "([B at dev.memleak.sample.AuditLog.recordLookup(AuditLog.java:29)) the same in 1 in a row; "
				+ "the next at 2026-11-29T10:00:40Z.");
		Sites none = new Sites(Phase.RUNNING, RecordingStatus.RECORDING, 1, 0, null, NOW.plusSeconds(60), null, null);
		assertThat(part(EscalationEvidence.of(status(State.GATHERING, Trigger.SUSPECTED, NO_HISTOGRAMS, none),
				SCHEDULED_CLASS, SCHEDULED_SITE), DiagnosisPart.SITE)
			.reason())
			.contains("no leak site yet (a site becomes one once its objects outlive two old-generation collections");
	}

	@Test
	void runningEmissionsWithoutALeakSiteSayWhyTheSamplesMayMissTheLeak() {
		Sites sparse = new Sites(Phase.RUNNING, RecordingStatus.RECORDING, 6, 0, null, NOW.plusSeconds(60), null,
				"The last emission held 2 sampled objects, none at a leak site: the JVM keeps 256 old-object samples.");
		assertThat(part(EscalationEvidence.of(status(State.GATHERING, Trigger.SUSPECTED, NO_HISTOGRAMS, sparse),
				SCHEDULED_CLASS, SCHEDULED_SITE), DiagnosisPart.SITE)
			.reason()).startsWith("The escalation emits leak sites: 6 emissions so far, no leak site yet")
			.endsWith("; the next at 2026-11-29T10:01:00Z. The last emission held 2 sampled objects, none at a leak "
					+ "site: the JVM keeps 256 old-object samples.");
	}

	@Test
	void anEscalationOnGrowthAloneSaysTheSitesWaitForASuspicion() {
		Histograms burst = new Histograms(Phase.RUNNING, SnapshotMode.LIVE, "live", 4, 0, null, NOW, 0, null);
		PendingEvidence site = part(EscalationEvidence.of(status(State.GATHERING, Trigger.WATCH, burst, NO_SITES),
				SCHEDULED_CLASS, SCHEDULED_SITE), DiagnosisPart.SITE);
		assertThat(site.reason()).isEqualTo("The escalation runs on WATCH with heap snapshots only; the leak-site "
				+ "recording starts once the detector suspects a leak.");
		assertThat(site.dueAt()).isNull();
	}

	@Test
	void anIncompleteEscalationIsDueAgainAfterItsMinimumIntervalOrAtTheScheduledSnapshotsIfEarlier() {
		Histograms ended = new Histograms(Phase.INCOMPLETE, SnapshotMode.LIVE, "live", 4, 4, null, null, 500,
				"max-duration ran out.");
		Sites endedSites = new Sites(Phase.INCOMPLETE, RecordingStatus.RECORDING, 30, 1, null, null, null,
				"No leak site came out the same in 3 emissions in a row within PT30M.");
		List<PendingEvidence> pending = EscalationEvidence.of(status(State.DONE, Trigger.SUSPECTED, ended, endedSites),
				SCHEDULED_CLASS, SCHEDULED_SITE);
		PendingEvidence classes = part(pending, DiagnosisPart.CLASS);
		assertThat(classes.reason()).isEqualTo("The escalation's heap snapshots ended without naming an application "
				+ "class (max-duration ran out). Heap snapshots: 1 of the 4 a suspect needs are taken.");
		assertThat(classes.dueAt()).isEqualTo(NOW.plus(Duration.ofHours(1)));
		PendingEvidence site = part(pending, DiagnosisPart.SITE);
		assertThat(site.reason()).isEqualTo("The escalation's leak-site emissions ended (No leak site came out the "
				+ "same in 3 emissions in a row within PT30M); POST /actuator/memoryleak/sites emits now, and the next "
				+ "escalation may start at 2026-11-29T11:00:00Z.");
		assertThat(site.dueAt()).isEqualTo(NOW.plus(Duration.ofHours(1)));
	}

	@Test
	void aCompleteEscalationIsNotDueAgain() {
		Sites stable = new Sites(Phase.DONE, RecordingStatus.RECORDING, 3, 3, "[B at x.Y.z(Y.java:1)", null, null,
				null);
		PendingEvidence site = part(EscalationEvidence.of(status(State.DONE, Trigger.SUSPECTED, NO_HISTOGRAMS, stable),
				SCHEDULED_CLASS, SCHEDULED_SITE), DiagnosisPart.SITE);
		assertThat(site.reason()).startsWith(
				"The escalation's leak-site emissions ended once the top leak site ([B at x.Y.z(Y.java:1)) was stable");
		assertThat(site.dueAt()).isNull();
	}

	@Test
	void unavailableEvidenceSaysWhyAndIsNeverDue() {
		Histograms off = new Histograms(Phase.UNAVAILABLE, null, null, 0, 0, null, null, 0,
				"Heap snapshots are off (memleak.snapshot.enabled=false): no suspects.");
		Sites noJfr = new Sites(Phase.UNAVAILABLE, RecordingStatus.UNAVAILABLE, 0, 0, null, null, null,
				"This JVM cannot record old objects.");
		List<PendingEvidence> pending = EscalationEvidence.of(status(State.GATHERING, Trigger.SUSPECTED, off, noJfr),
				SCHEDULED_CLASS, SCHEDULED_SITE);
		assertThat(pending).containsExactly(
				new PendingEvidence(DiagnosisPart.CLASS,
						"Heap snapshots are off (memleak.snapshot.enabled=false): no suspects.", null),
				new PendingEvidence(DiagnosisPart.SITE, "This JVM cannot record old objects.", null));
	}

	private static EscalationStatus status(State state, Trigger trigger, Histograms histograms, Sites sites) {
		Instant started = (state != State.IDLE) ? NOW : null;
		return new EscalationStatus(state, trigger, (trigger != null) ? "because" : null, started,
				(state == State.DONE) ? NOW : null, (started != null) ? started.plus(Duration.ofHours(1)) : null,
				histograms, sites, List.of());
	}

	private static PendingEvidence part(List<PendingEvidence> pending, DiagnosisPart part) {
		return pending.stream().filter((item) -> item.part() == part).findFirst().orElseThrow();
	}

}
