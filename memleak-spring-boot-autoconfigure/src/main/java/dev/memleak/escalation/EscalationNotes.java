package dev.memleak.escalation;

import java.util.ArrayList;
import java.util.List;

import dev.memleak.escalation.EscalationStatus.Phase;

/**
 * The sentences the report's {@code notes} carry about the escalation.
 *
 * @author memleak
 */
public final class EscalationNotes {

	private EscalationNotes() {
	}

	/**
	 * Describe an escalation.
	 * @param status the escalation's status
	 * @return sentences for the report, empty before the first escalation
	 */
	public static List<String> of(EscalationStatus status) {
		List<String> notes = new ArrayList<>();
		if (status.state() == EscalationStatus.State.IDLE) {
			return notes;
		}
		EscalationStatus.Histograms histograms = status.histograms();
		EscalationStatus.Sites sites = status.sites();
		String when = (status.state() == EscalationStatus.State.GATHERING)
				? "memleak has been gathering evidence since " + status.startedAt()
				: "memleak gathered evidence from " + status.startedAt() + " to " + status.endedAt()
						+ " (the next escalation may start at " + status.nextPossibleAt() + ")";
		notes.add("Escalation: " + when + ". " + status.reason());
		if (histograms.phase() != Phase.NOT_NEEDED && histograms.mode() != null) {
			notes.add("Escalation heap snapshots: " + histograms.taken() + " taken, " + histograms.method() + "."
					+ ((histograms.note() != null) ? " " + histograms.note() : ""));
		}
		else if (histograms.note() != null) {
			notes.add("Escalation heap snapshots: " + histograms.note());
		}
		if (sites.phase() == Phase.DONE) {
			notes.add("Escalation leak sites: the top leak site (" + sites.topLeakSite() + ") was the same in "
					+ sites.stableEmissions() + " emissions in a row; no more emissions until the next escalation.");
		}
		else if (sites.note() != null && sites.phase() != Phase.NOT_NEEDED) {
			notes.add("Escalation leak sites: " + sites.note());
		}
		notes.addAll(status.missing());
		return notes;
	}

}
