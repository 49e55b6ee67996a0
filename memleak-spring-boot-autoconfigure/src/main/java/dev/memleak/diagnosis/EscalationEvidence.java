package dev.memleak.diagnosis;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import dev.memleak.escalation.EscalationMonitor;
import dev.memleak.escalation.EscalationStatus;
import dev.memleak.escalation.EscalationStatus.Histograms;
import dev.memleak.escalation.EscalationStatus.Phase;
import dev.memleak.escalation.EscalationStatus.Sites;
import dev.memleak.escalation.EscalationStatus.State;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;

/**
 * The evidence schedule with an escalation: while it gathers, the next heap snapshot of
 * its burst and the next leak-site emission are what the diagnosis waits for; before the
 * first escalation, and for what an escalation did not bring, the scheduled snapshots and
 * the recording's own schedule.
 *
 * @author memleak
 */
public final class EscalationEvidence implements EvidenceSchedule {

	private final ObjectProvider<EscalationMonitor> escalation;

	private final ScheduledEvidence scheduled;

	/**
	 * Create an instance.
	 * @param escalation the escalation, if it is on
	 * @param scheduled the evidence that comes without it
	 */
	public EscalationEvidence(ObjectProvider<EscalationMonitor> escalation, ScheduledEvidence scheduled) {
		this.escalation = escalation;
		this.scheduled = scheduled;
	}

	@Override
	public List<PendingEvidence> pending(Instant now) {
		EscalationMonitor monitor = this.escalation.getIfAvailable();
		if (monitor == null) {
			return this.scheduled.pending(now);
		}
		return of(monitor.status(), this.scheduled.classEvidence(), this.scheduled.siteEvidence());
	}

	/**
	 * What is missing, given what the escalation is doing.
	 * @param status the escalation's status
	 * @param scheduledClass what the scheduled heap snapshots will bring
	 * @param scheduledSite what the leak-site recording will bring by itself
	 * @return one entry for the class and one for the site
	 */
	static List<PendingEvidence> of(EscalationStatus status, PendingEvidence scheduledClass,
			PendingEvidence scheduledSite) {
		if (status.state() == State.IDLE) {
			return List.of(scheduledClass, scheduledSite);
		}
		return List.of(classes(status, scheduledClass), sites(status, scheduledSite));
	}

	private static PendingEvidence classes(EscalationStatus status, PendingEvidence scheduled) {
		Histograms histograms = status.histograms();
		return switch (histograms.phase()) {
			case RUNNING -> new PendingEvidence(DiagnosisPart.CLASS, "The escalation takes heap snapshots"
					+ ((histograms.mode() != null) ? " (" + histograms.mode().name().toLowerCase(Locale.ROOT) + ")"
							: "")
					+ ": " + histograms.taken() + " of " + histograms.planned() + " taken"
					+ ((histograms.spacing() != null) ? ", one every " + seconds(histograms.spacing()) : "")
					+ ((histograms.nextAt() != null) ? ", the next at " + histograms.nextAt() : "")
					+ "; a class is named once it grew across " + histograms.planned() + " of them."
					+ ((histograms.note() != null) ? " " + histograms.note() : ""), lastOfBurst(histograms));
			case DONE, INCOMPLETE -> new PendingEvidence(DiagnosisPart.CLASS,
					"The escalation's heap snapshots ended without naming an application class"
							+ ((histograms.note() != null) ? " (" + stripped(histograms.note()) + ")" : "") + ". "
							+ scheduled.reason(),
					earliest(scheduled.dueAt(), retryAt(status, histograms.phase())));
			case NOT_NEEDED, UNAVAILABLE -> (histograms.note() != null && histograms.phase() == Phase.UNAVAILABLE)
					? new PendingEvidence(DiagnosisPart.CLASS, histograms.note(), null) : scheduled;
		};
	}

	private static PendingEvidence sites(EscalationStatus status, PendingEvidence scheduled) {
		Sites sites = status.sites();
		return switch (sites.phase()) {
			case RUNNING -> new PendingEvidence(DiagnosisPart.SITE, "The escalation emits leak sites: "
					+ sites.emissions() + " emissions so far"
					+ ((sites.topLeakSite() != null)
							? ", the top leak site (" + sites.topLeakSite() + ") the same in " + sites.stableEmissions()
									+ " in a row"
							: ", no leak site yet (a site becomes one once its objects outlive two old-generation "
									+ "collections while recording)")
					+ ((sites.nextEmissionAt() != null) ? "; the next at " + sites.nextEmissionAt() : "") + "."
					+ ((sites.note() != null) ? " " + sites.note() : ""), sites.nextEmissionAt());
			case NOT_NEEDED -> (status.state() == State.GATHERING) ? new PendingEvidence(DiagnosisPart.SITE,
					"The escalation runs on " + status.trigger()
							+ " with heap snapshots only; the leak-site recording starts once the detector suspects a "
							+ "leak.",
					null) : scheduled;
			case DONE,
					INCOMPLETE ->
				new PendingEvidence(DiagnosisPart.SITE, "The escalation's leak-site emissions ended"
						+ ((sites.phase() == Phase.DONE)
								? " once the top leak site (" + sites.topLeakSite() + ") was stable" : "")
						+ ((sites.note() != null) ? " (" + stripped(sites.note()) + ")" : "")
						+ "; POST /actuator/memoryleak/sites emits now"
						+ ((status.nextPossibleAt() != null && sites.phase() == Phase.INCOMPLETE)
								? ", and the next escalation may start at " + status.nextPossibleAt() : "")
						+ ".", retryAt(status, sites.phase()));
			case UNAVAILABLE ->
				(sites.note() != null) ? new PendingEvidence(DiagnosisPart.SITE, sites.note(), null) : scheduled;
		};
	}

	// The time the K-th snapshot of the burst is due, when the spacing is known.
	private static @Nullable Instant lastOfBurst(Histograms histograms) {
		Instant next = histograms.nextAt();
		if (next == null || histograms.spacing() == null) {
			return next;
		}
		int after = Math.max(0, histograms.planned() - histograms.taken() - 1);
		return next.plus(histograms.spacing().multipliedBy(after));
	}

	// An escalation that ended without its answer may start again after its minimum
	// interval; one that ended with it starts again only when the status changes.
	private static @Nullable Instant retryAt(EscalationStatus status, Phase phase) {
		return (phase == Phase.INCOMPLETE) ? status.nextPossibleAt() : null;
	}

	private static @Nullable Instant earliest(@Nullable Instant a, @Nullable Instant b) {
		if (a == null) {
			return b;
		}
		return (b == null || a.isBefore(b)) ? a : b;
	}

	private static String stripped(String sentence) {
		return sentence.endsWith(".") ? sentence.substring(0, sentence.length() - 1) : sentence;
	}

	private static String seconds(Duration duration) {
		return duration.toSeconds() + " s";
	}

}
