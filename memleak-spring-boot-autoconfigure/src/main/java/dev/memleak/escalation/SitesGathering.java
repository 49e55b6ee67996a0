package dev.memleak.escalation;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.memleak.escalation.EscalationStatus.Phase;
import dev.memleak.sites.EmissionStatus;
import dev.memleak.sites.LeakSite;
import dev.memleak.sites.LeakSiteMonitor;
import dev.memleak.sites.RecordingStatus;
import dev.memleak.sites.SitesEmission;
import dev.memleak.sites.SitesSettings;
import org.jspecify.annotations.Nullable;

/**
 * The leak sites of the escalations: starts the old-object recording when a leak is
 * suspected, lets the monitor emit every emission interval until the same top leak site
 * came out of {@code memleak.escalation.sites-stable-emissions} emissions in a row (or
 * for three times max-duration at most), and stops the recording once the status has left
 * SUSPECTED for {@code memleak.escalation.sites-stop-after}. A recording that runs from
 * startup ({@code memleak.sites.start-when-suspected=false}) is left alone. Not
 * thread-safe: the escalation's thread drives it.
 *
 * @author memleak
 */
final class SitesGathering {

	/** Sites are gathered at most this many times max-duration. */
	static final int MAX_DURATIONS = 3;

	private final LeakSiteMonitor monitor;

	private final int stableEmissions;

	private final Duration stopAfter;

	private final Duration maxDuration;

	private Phase phase = Phase.NOT_NEEDED;

	private @Nullable Instant since;

	private int emissions;

	private int stable;

	private @Nullable String topLeakSite;

	private @Nullable Instant lastEmission;

	private @Nullable Instant leftSuspectedAt;

	private boolean startedRecording;

	private boolean armed = true;

	private @Nullable String note;

	SitesGathering(LeakSiteMonitor monitor, EscalationSettings settings) {
		this.monitor = monitor;
		this.stableEmissions = settings.sitesStableEmissions();
		this.stopAfter = settings.sitesStopAfter();
		this.maxDuration = settings.maxDuration().multipliedBy(MAX_DURATIONS);
	}

	/**
	 * Start gathering sites for a new escalation, once a leak is suspected.
	 */
	void reset() {
		this.armed = true;
		this.phase = Phase.NOT_NEEDED;
		this.since = null;
		this.emissions = 0;
		this.stable = 0;
		this.topLeakSite = null;
		this.note = null;
	}

	/**
	 * Follow the status and the emissions: gathering starts once per suspicion, when a
	 * leak is suspected and this is armed (by a new escalation, or by the recording
	 * having stopped after the status left SUSPECTED).
	 * @param now the time
	 * @param suspected whether a leak is suspected now
	 */
	void step(Instant now, boolean suspected) {
		if (this.monitor.status() == RecordingStatus.UNAVAILABLE) {
			this.armed = false;
			this.phase = Phase.UNAVAILABLE;
			List<String> notes = this.monitor.notes();
			this.note = notes.isEmpty() ? "The old-object recording is unavailable." : notes.get(0);
			return;
		}
		if (suspected && this.armed) {
			this.armed = false;
			start(now);
		}
		if (this.phase == Phase.RUNNING) {
			countEmission();
			if (this.stable >= this.stableEmissions) {
				stopGathering(Phase.DONE, null);
			}
			else if (this.since != null && !now.isBefore(this.since.plus(this.maxDuration))) {
				stopGathering(Phase.INCOMPLETE,
						"No leak site came out the same in " + this.stableEmissions + " emissions in a row within "
								+ this.maxDuration + " (" + MAX_DURATIONS + " times memleak.escalation.max-duration).");
			}
		}
		if (suspected) {
			this.leftSuspectedAt = null;
		}
		else if (this.monitor.status() == RecordingStatus.RECORDING) {
			if (this.leftSuspectedAt == null) {
				this.leftSuspectedAt = now;
			}
			if (this.startedRecording && !now.isBefore(this.leftSuspectedAt.plus(this.stopAfter))) {
				if (this.phase == Phase.RUNNING) {
					stopGathering(Phase.INCOMPLETE, "The status left SUSPECTED before a leak site was stable.");
				}
				this.monitor.stopRecording();
				this.startedRecording = false;
				this.leftSuspectedAt = null;
				this.armed = true;
			}
		}
	}

	/**
	 * Whether sites still need old-generation collections: gathering, no leak site yet,
	 * and no collection reclaimed the old generation since {@code since}.
	 * @param lastOldCollection when the old generation was last collected, or
	 * {@code null}
	 * @param since how recent a collection must be
	 * @return {@code true} if a collection would help
	 */
	boolean needsOldCollection(@Nullable Instant lastOldCollection, Instant since) {
		return this.phase == Phase.RUNNING && this.topLeakSite == null
				&& (lastOldCollection == null || lastOldCollection.isBefore(since));
	}

	boolean isRunning() {
		return this.phase == Phase.RUNNING;
	}

	/**
	 * Whether gathering starts at the next suspicion: not yet gathered for this one.
	 * @return {@code true} if armed
	 */
	boolean isArmed() {
		return this.armed && this.phase != Phase.RUNNING && this.phase != Phase.UNAVAILABLE;
	}

	EscalationStatus.Sites status() {
		Instant stopsAt = (this.startedRecording && this.leftSuspectedAt != null)
				? this.leftSuspectedAt.plus(this.stopAfter) : null;
		// While no leak site came out, why the samples may miss it.
		String note = (this.phase == Phase.RUNNING && this.topLeakSite == null) ? this.monitor.sparseSamplesNote()
				: this.note;
		return new EscalationStatus.Sites(this.phase, this.monitor.status(), this.emissions, this.stable,
				this.topLeakSite, (this.phase == Phase.RUNNING) ? this.monitor.nextEmissionAt() : null, stopsAt, note);
	}

	private void start(Instant now) {
		boolean wasRecording = this.monitor.status() == RecordingStatus.RECORDING;
		if (!this.monitor.startGathering()) {
			this.phase = Phase.UNAVAILABLE;
			this.note = "The old-object recording could not start.";
			return;
		}
		this.startedRecording = this.startedRecording
				|| (!wasRecording && this.monitor.recordingStart() != SitesSettings.RecordingStart.AT_STARTUP);
		this.phase = Phase.RUNNING;
		this.since = now;
		this.lastEmission = now;
		this.note = null;
	}

	private void countEmission() {
		SitesEmission last = this.monitor.lastEmission();
		if (last == null || last.status() != EmissionStatus.COMPLETED
				|| (this.lastEmission != null && !last.time().isAfter(this.lastEmission))) {
			return;
		}
		this.lastEmission = last.time();
		this.emissions++;
		String top = topLeakSite(this.monitor.sites());
		if (top != null && top.equals(this.topLeakSite)) {
			this.stable++;
		}
		else {
			this.topLeakSite = top;
			this.stable = (top != null) ? 1 : 0;
		}
	}

	private void stopGathering(Phase phase, @Nullable String note) {
		this.phase = phase;
		this.note = note;
		if (this.monitor.recordingStart() != SitesSettings.RecordingStart.AT_STARTUP) {
			this.monitor.stopGathering();
		}
	}

	private static @Nullable String topLeakSite(List<LeakSite> sites) {
		for (LeakSite site : sites) {
			if (site.leak()) {
				return site.className() + " at "
						+ (site.stackTrace().isEmpty() ? "an unknown frame" : site.stackTrace().get(0));
			}
		}
		return null;
	}

}
