package dev.memleak.endpoint;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import dev.memleak.heap.FloorSeries.FloorPoint;
import dev.memleak.heap.HeapSummary;
import dev.memleak.heap.LeakStatus;
import dev.memleak.heap.NonHeapSummary;
import dev.memleak.heap.RetainedWorkload;
import dev.memleak.heap.RetentionAttributor.Attribution;
import dev.memleak.request.RouteAllocation;
import dev.memleak.sites.LeakSite;
import dev.memleak.snapshot.Suspect;
import dev.memleak.task.TaskAllocation;

/**
 * Reports as the endpoint builds them, for rendering tests: a leaking heap with every
 * section filled, every name passed through a function so that tests can make them
 * hostile.
 */
final class ReportFixtures {

	static final Instant NOW = Instant.parse("2026-11-22T17:22:00Z");

	private static final long MB = 1_000_000;

	private ReportFixtures() {
	}

	static MemoryLeakReport leaking(int floorPoints, UnaryOperator<String> name) {
		List<FloorPoint> points = new ArrayList<>();
		Instant start = NOW.minus(Duration.ofMinutes(3));
		for (int i = 0; i < floorPoints; i++) {
			long at = start.plusMillis(i * 180_000L / floorPoints).toEpochMilli();
			points.add(new FloorPoint(at, 100 * MB + i * 56 * MB / floorPoints + (i % 3) * MB));
		}
		double growth = 56.0 * MB / 180;
		HeapSummary heap = new HeapSummary(points.get(points.size() - 1).bytes(), 268 * MB, growth, 1.0,
				NOW.plusSeconds(354), points.size(), Instant.ofEpochMilli(points.get(points.size() - 1).epochMillis()),
				points);
		Attribution retention = new Attribution(
				List.of(new RetainedWorkload(name.apply("task InvoiceArchiveJob.archive"), 532520.1, 1.0, 178,
						List.of(name.apply("GET /owners/{id}")))),
				0.99, "The live set grows at a steady rate.");
		NonHeapSummary nonHeap = new NonHeapSummary(45166760L, 8309988.4, 9468L, -879.3, 92160L, 0.0, List.of());
		List<RouteAllocation> routes = List.of(
				new RouteAllocation("GET", name.apply("/owners/{id}"), 3872, 3872, 28959L, 974136L, 112129680, null),
				new RouteAllocation("GET", name.apply("/reports/{year}"), 3872, 3872, 1703815L, 1876728L, 6597171720L,
						null));
		List<TaskAllocation> tasks = List.of(new TaskAllocation(name.apply("InvoiceArchiveJob.archive"), 241, 0, 241,
				270272L, 1371416L, 65135760, 0.45, 30.8, null));
		LeakSite site = new LeakSite(name.apply("[B"),
				List.of("java.util.Arrays.copyOf(Arrays.java:3537)", "... 2 framework frames (java.util)",
						name.apply("dev.memleak.sample.AuditLog.recordLookup") + "(AuditLog.java:29)",
						"dev.memleak.sample.OwnerController.owner(OwnerController.java:28)", "... 49 more"),
				132, 132, true, NOW.minusSeconds(150), List.of());
		List<Suspect> suspects = List.of(
				new Suspect(name.apply("dev.memleak.sample.AuditLog$AuditEntry"), 1619, 51808, 4, 2067587, 0, 3684,
						117888, NOW.minusSeconds(110), false, List.of()),
				new Suspect("[B", -6165, 50333928, 4, 2008759293, 0, 75379, 132299760, NOW.minusSeconds(110), true,
						List.of(name.apply("dev.memleak.sample.AuditLog$AuditEntry"))));
		return new MemoryLeakReport(LeakStatus.SUSPECTED, NOW.minusSeconds(153), heap, retention, nonHeap, routes,
				tasks, suspects, List.of(site),
				List.of("The live set keeps growing by +1926.6 MB/h (confidence 100%)."),
				Map.of(name.apply("snapshot"), 2L));
	}

}
