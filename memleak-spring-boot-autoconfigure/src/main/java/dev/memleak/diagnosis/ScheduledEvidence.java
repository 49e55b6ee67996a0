package dev.memleak.diagnosis;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.memleak.sites.LeakSiteMonitor;
import dev.memleak.sites.SitesReport;
import dev.memleak.sites.SitesSettings;
import dev.memleak.snapshot.ClassHistogramSnapshotter;
import dev.memleak.snapshot.HeapSnapshot;
import dev.memleak.snapshot.SnapshotScheduler;
import dev.memleak.snapshot.SnapshotSettings;
import dev.memleak.snapshot.SnapshotStatus;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;

/**
 * The evidence schedule without an escalation: heap snapshots come at their configured
 * interval (suspects need several), leak sites at their emission interval once the
 * recording runs.
 *
 * @author memleak
 */
public final class ScheduledEvidence implements EvidenceSchedule {

	private final ObjectProvider<ClassHistogramSnapshotter> snapshotter;

	private final ObjectProvider<SnapshotScheduler> scheduler;

	private final ObjectProvider<SnapshotSettings> snapshotSettings;

	private final ObjectProvider<LeakSiteMonitor> sites;

	/**
	 * Create an instance.
	 * @param snapshotter the heap snapshots, if on
	 * @param scheduler their schedule, if on
	 * @param snapshotSettings their settings, if on
	 * @param sites the leak-site recording, if on
	 */
	public ScheduledEvidence(ObjectProvider<ClassHistogramSnapshotter> snapshotter,
			ObjectProvider<SnapshotScheduler> scheduler, ObjectProvider<SnapshotSettings> snapshotSettings,
			ObjectProvider<LeakSiteMonitor> sites) {
		this.snapshotter = snapshotter;
		this.scheduler = scheduler;
		this.snapshotSettings = snapshotSettings;
		this.sites = sites;
	}

	@Override
	public List<PendingEvidence> pending(Instant now) {
		List<PendingEvidence> pending = new ArrayList<>();
		pending.add(classEvidence());
		pending.add(siteEvidence());
		return pending;
	}

	PendingEvidence classEvidence() {
		ClassHistogramSnapshotter snapshots = this.snapshotter.getIfAvailable();
		SnapshotSettings settings = this.snapshotSettings.getIfAvailable();
		if (snapshots == null || settings == null) {
			return new PendingEvidence(DiagnosisPart.CLASS,
					"Heap snapshots are off (memleak.snapshot.enabled=false): no class can be named by them.", null);
		}
		List<HeapSnapshot> history = snapshots.history();
		long completed = history.stream().filter((snapshot) -> snapshot.status() == SnapshotStatus.COMPLETED).count();
		int needed = settings.suspectMinSnapshots();
		SnapshotScheduler schedule = this.scheduler.getIfAvailable();
		Instant next = (schedule != null) ? schedule.nextRun() : null;
		String when = (next != null) ? "; the next is due at " + next : "";
		HeapSnapshot latest = history.isEmpty() ? null : history.get(history.size() - 1);
		String skipped = (latest != null && latest.status() != SnapshotStatus.COMPLETED && latest.note() != null)
				? " The latest was " + latest.status() + ": " + latest.note() : "";
		if (completed < needed) {
			long missing = needed - completed;
			Instant due = (next != null) ? next.plus(settings.interval().multipliedBy(missing - 1)) : null;
			String last = (due != null && missing > 1)
					? ", and at this schedule the " + needed + "th, which can name a class, at " + due : "";
			return new PendingEvidence(DiagnosisPart.CLASS, "Heap snapshots: " + completed + " of the " + needed
					+ " a suspect needs are taken" + when + last + "." + skipped, due);
		}
		return new PendingEvidence(DiagnosisPart.CLASS,
				"No class kept growing across the last " + needed + " heap snapshots" + when + "." + skipped, next);
	}

	PendingEvidence siteEvidence() {
		LeakSiteMonitor monitor = this.sites.getIfAvailable();
		if (monitor == null) {
			return new PendingEvidence(DiagnosisPart.SITE,
					"Leak sites are off (memleak.sites.enabled=false): no allocation site.", null);
		}
		SitesReport report = monitor.report();
		return switch (report.status()) {
			case WAITING -> new PendingEvidence(DiagnosisPart.SITE,
					(monitor.recordingStart() == SitesSettings.RecordingStart.ON_DEMAND)
							? "The leak-site recording starts on demand only (POST /actuator/memoryleak/sites): "
									+ "nothing suspects leaks with leak detection or escalation off."
							: "The leak-site recording starts when a leak is suspected.",
					null);
			case RECORDING -> recording(report);
			case UNAVAILABLE, STOPPED -> new PendingEvidence(DiagnosisPart.SITE,
					"The leak-site recording is " + report.status() + ": " + String.join(" ", report.notes()), null);
		};
	}

	private static PendingEvidence recording(SitesReport report) {
		Duration interval = report.emissionInterval();
		if (interval.isZero()) {
			return new PendingEvidence(DiagnosisPart.SITE, "The leak-site recording runs since "
					+ report.recordingSince() + "; sites are emitted on demand only (POST /actuator/memoryleak/sites).",
					null);
		}
		Instant last = (report.lastEmission() != null) ? report.lastEmission().time() : report.recordingSince();
		@Nullable Instant due = (last != null) ? last.plus(interval) : null;
		return new PendingEvidence(DiagnosisPart.SITE, "The leak-site recording runs since " + report.recordingSince()
				+ "; a site becomes a leak site once its objects outlive two old-generation collections.", due);
	}

}
