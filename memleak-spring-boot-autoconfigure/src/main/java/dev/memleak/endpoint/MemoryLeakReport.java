package dev.memleak.endpoint;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.memleak.core.PauseReport;
import dev.memleak.diagnosis.Diagnosis;
import dev.memleak.footprint.FootprintReport;
import dev.memleak.heap.HeapSummary;
import dev.memleak.heap.LeakStatus;
import dev.memleak.heap.RetentionAttributor.Attribution;
import dev.memleak.request.RouteAllocation;
import dev.memleak.sites.LeakSite;
import dev.memleak.snapshot.Suspect;
import dev.memleak.task.TaskAllocation;
import org.jspecify.annotations.Nullable;

/**
 * What {@code GET /actuator/memoryleak} returns.
 *
 * @param status the leak verdict
 * @param statusSince since when the verdict holds, or {@code null} if unknown
 * @param diagnosis which class leaks, where it is allocated and which route or task
 * allocates it, with what is still being gathered; {@code null} without the diagnosis
 * @param heap the live set and its trend
 * @param footprint the memory outside the heap: which category grows, the memory budget
 * and when the container reaches its limit; {@code null} when off
 * @param pauses the pause budget: what memleak stopped the application for in the last
 * hour, and what it refused
 * @param retention which routes and tasks the live set's growth is attributed to
 * @param requests routes, the most allocating first
 * @param tasks background tasks, the most allocating first
 * @param suspects classes whose instances keep growing across heap snapshots
 * @param sites allocation sites of long-lived objects, leak sites first
 * @param notes sentences that explain the verdict and missing or degraded data
 * @param errors failures of memleak itself, per component
 * @author memleak
 */
public record MemoryLeakReport(LeakStatus status, @Nullable Instant statusSince, @Nullable Diagnosis diagnosis,
		HeapSummary heap, @Nullable FootprintReport footprint, PauseReport pauses, @Nullable Attribution retention,
		List<RouteAllocation> requests, List<TaskAllocation> tasks, List<Suspect> suspects, List<LeakSite> sites,
		List<String> notes, Map<String, Long> errors) {

	public MemoryLeakReport {
		requests = List.copyOf(requests);
		tasks = List.copyOf(tasks);
		suspects = List.copyOf(suspects);
		sites = List.copyOf(sites);
		notes = List.copyOf(notes);
		errors = Map.copyOf(errors);
	}

}
