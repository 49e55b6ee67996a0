package dev.memleak.endpoint;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import dev.memleak.core.PauseBudget;
import dev.memleak.heap.FloorSeries.FloorPoint;
import dev.memleak.heap.HeapSummary;
import dev.memleak.heap.LeakStatus;
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
				132, 132, true, NOW.minusSeconds(150), List.of(),
				name.apply("dev.memleak.sample.AuditLog.recordLookup") + "(AuditLog.java:29)");
		List<Suspect> suspects = List.of(
				new Suspect(name.apply("dev.memleak.sample.AuditLog$AuditEntry"), 1619, 51808, 4, 3, 2067587, 0, 3684,
						117888, NOW.minusSeconds(110), false, List.of()),
				new Suspect("[B", -6165, 50333928, 4, 3, 2008759293, 0, 75379, 132299760, NOW.minusSeconds(110), true,
						List.of(name.apply("dev.memleak.sample.AuditLog$AuditEntry"))));
		return new MemoryLeakReport(LeakStatus.SUSPECTED, NOW.minusSeconds(153), null, heap, null,
				PauseBudget.unlimited().report(), retention, routes, tasks, suspects, List.of(site),
				List.of("The live set keeps growing by +1926.6 MB/h (confidence 100%)."),
				Map.of(name.apply("snapshot"), 2L));
	}

	/**
	 * The sections other streams add to the report ({@code diagnosis}, {@code footprint},
	 * {@code pauses}), shaped as their records serialize (docs/endpoint.md on their
	 * branches), every name passed through a function.
	 * @param name what to do with names
	 * @return the sections by their JSON names
	 */
	static Map<String, Object> laterSections(UnaryOperator<String> name) {
		Map<String, Object> site = map("frame",
				name.apply("dev.memleak.sample.AuditLog.recordLookup(AuditLog.java:29)"), "className", "byte[]",
				"stackTrace",
				List.of("java.util.Arrays.copyOf(Arrays.java:3537)",
						name.apply("dev.memleak.sample.AuditLog.recordLookup") + "(AuditLog.java:29)"),
				"samples", 132, "retained", 132, "leakSite", true, "evidence", "OWN_OBJECTS", "confidence", 0.9,
				"explanation", name.apply("132 sampled objects of the class were allocated here."));
		Map<String, Object> leak = map("leakingClass",
				map("className", name.apply("dev.memleak.sample.AuditLog$AuditEntry"), "holds", List.of("byte[]"),
						"growthBytesPerHour", 1_926_600_000L, "shareOfHeapGrowth", 0.97, "evidence", "HEAP_SNAPSHOTS",
						"confidence", 1.0, "explanation", "It grew in 4 of 4 snapshots."),
				"allocationSite", site, "workload",
				map("kind", "ROUTE", "name", name.apply("GET /owners/{id}"), "alternatives", List.of(), "handler",
						"dev.memleak.sample.OwnerController.owner", "onStackShare", 1.0, "confidence", 0.95,
						"explanation", "The handler is on every sampled stack."),
				"regression",
				map("agreement", "AGREES", "workload", name.apply("GET /owners/{id}"), "confidence", 0.99, "note",
						"The count regression names the same route."),
				"projectedExhaustion", NOW.plusSeconds(354), "exhaustionConfidence", 1.0);
		Map<String, Object> diagnosis = map("state", "DIAGNOSED", "summary",
				name.apply("AuditLog$AuditEntry leaks, allocated by GET /owners/{id}."), "leaks", List.of(leak),
				"pending", List.of(map("part", "WORKLOAD", "reason", name.apply("One more recording"), "dueAt",
						NOW.plusSeconds(60))));
		Map<String, Object> footprint = map("status", LeakStatus.SUSPECTED, "sampledAt", NOW, "samples", 120,
				"categories",
				List.of(map("category", "threads", "status", LeakStatus.SUSPECTED, "since", NOW.minusSeconds(600),
						"bytes", 52_000_000L, "growthBytesPerHour", 20_000_000.0, "count", 410L, "countGrowthPerHour",
						160.0, "confidence", 0.98, "detail", name.apply("pool-*-thread-*"), "explanation",
						name.apply("Threads named pool-*-thread-* keep growing.")),
						map("category", "metaspace", "status", LeakStatus.OK, "since", null, "bytes", 45_166_760L,
								"growthBytesPerHour", 0.0, "count", 9468L, "countGrowthPerHour", 0.0, "confidence",
								null, "detail", null, "explanation", "Flat.")),
				"container",
				map("memory",
						map("version", "v2", "path", "/", "usageBytes", 700_000_000L, "limitBytes", 1_000_000_000L,
								"oomKills", 0L),
						"workingSetBytes", 650_000_000L, "outsideHeapGrowthBytesPerHour", 20_000_000.0,
						"projectedLimitReached", NOW.plusSeconds(7200)),
				"process", map("residentBytes", 690_000_000L, "threads", 430), "nativeMemory",
				map("tracking", "off", "committedBytes", null, "untrackedBytes", null, "categories", List.of()),
				"threadGroups", List.of(), "budget", null, "notes",
				List.of(name.apply("Threads keep growing: look for executors created per request.")));
		Map<String, Object> pauses = map("limitMillisPerHour", 2000.0, "spentMillis", 412.5, "availableMillis", 1587.5,
				"operations",
				List.of(map("operation", name.apply("histogram-live"), "count", 3, "spentMillis", 412.5, "lastMillis",
						130.2, "refusedTotal", 1L)),
				"refused", List.of(map("operation", name.apply("heap-dump"), "at", NOW.minusSeconds(30),
						"estimateMillis", 4000.0, "freesAt", null)));
		return map("diagnosis", diagnosis, "footprint", footprint, "pauses", pauses);
	}

	/**
	 * Return an ordered map of names and values, {@code null} values included.
	 * @param entries name, value, name, value...
	 * @return the map
	 */
	static Map<String, Object> map(Object... entries) {
		Map<String, Object> map = new LinkedHashMap<>();
		for (int i = 0; i < entries.length; i += 2) {
			map.put((String) entries[i], entries[i + 1]);
		}
		return map;
	}

}
