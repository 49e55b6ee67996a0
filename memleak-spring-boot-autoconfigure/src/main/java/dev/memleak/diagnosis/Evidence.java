package dev.memleak.diagnosis;

import java.time.Instant;
import java.util.List;

import dev.memleak.heap.HeapSummary;
import dev.memleak.heap.LeakStatus;
import dev.memleak.heap.RetentionAttributor.Attribution;
import dev.memleak.sites.LeakSite;
import dev.memleak.snapshot.Suspect;
import org.jspecify.annotations.Nullable;

/**
 * Everything a diagnosis is made of, at one moment.
 *
 * @param status the leak detector's verdict
 * @param heap the live set and its trend
 * @param attribution the count regression, or {@code null} if detection is off
 * @param suspects the classes that keep growing across heap snapshots, the strongest
 * first
 * @param sites the latest leak sites, leak sites first
 * @param workloads tells which stack frames are routes' handlers and tasks' methods
 * @param pending the evidence still being gathered
 * @param now the time of the diagnosis
 * @author memleak
 */
record Evidence(LeakStatus status, HeapSummary heap, @Nullable Attribution attribution, List<Suspect> suspects,
		List<LeakSite> sites, WorkloadResolver workloads, List<PendingEvidence> pending, Instant now) {

	Evidence {
		suspects = List.copyOf(suspects);
		sites = List.copyOf(sites);
		pending = List.copyOf(pending);
	}

	boolean isGrowing() {
		return this.status == LeakStatus.WATCH || this.status == LeakStatus.SUSPECTED;
	}

}
