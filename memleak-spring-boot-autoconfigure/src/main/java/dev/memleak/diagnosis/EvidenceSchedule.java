package dev.memleak.diagnosis;

import java.time.Instant;
import java.util.List;

/**
 * What the diagnosis is waiting for: which evidence is being gathered and when the next
 * piece of it is due. The escalation that gathers evidence on a suspicion (class
 * histograms in a burst, the leak-site recording) provides it; without one, the diagnosis
 * reads the schedules of heap snapshots and leak sites.
 *
 * @author memleak
 */
@FunctionalInterface
public interface EvidenceSchedule {

	/**
	 * Return the evidence still being gathered.
	 * @param now the time of the diagnosis
	 * @return one entry per piece of evidence that is missing, for any part; the
	 * diagnosis shows those for the parts it has not answered
	 */
	List<PendingEvidence> pending(Instant now);

}
