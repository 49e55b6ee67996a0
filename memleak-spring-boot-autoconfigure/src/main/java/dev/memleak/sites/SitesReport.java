package dev.memleak.sites;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What {@code GET /actuator/memoryleak/sites} returns.
 *
 * @param status the state of the old-object recording
 * @param recordingSince when the recording started, or {@code null}
 * @param emissionInterval time between two scheduled emissions, zero if only on demand
 * @param lastEmission the last emission attempted, without its sites, or {@code null}
 * @param sites the sites of the last completed emission, leak sites first
 * @param heapDumps the last automatic heap dumps attempted, oldest first
 * @param notes sentences that explain missing or degraded data
 * @author memleak
 */
public record SitesReport(RecordingStatus status, @Nullable Instant recordingSince, Duration emissionInterval,
		@Nullable SitesEmission lastEmission, List<LeakSite> sites, List<HeapDumpResult> heapDumps,
		List<String> notes) {

	public SitesReport {
		sites = List.copyOf(sites);
		heapDumps = List.copyOf(heapDumps);
		notes = List.copyOf(notes);
	}

}
