package dev.memleak.endpoint;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What the report page shows: the report itself, and what the JSON leaves out because it
 * serves the page only.
 *
 * @param report the report, as {@code GET /actuator/memoryleak} returns it
 * @param generatedAt when the page was rendered
 * @param suspectBytes bytes of each suspect class in each kept heap snapshot, oldest
 * first; {@code null} where a snapshot did not list the class
 * @param applicationFrame whether a line of a leak site's stack is an application frame
 * @param tree the report by its JSON names, for the sections read without their classes
 * @author memleak
 */
record PageModel(MemoryLeakReport report, Instant generatedAt, Map<String, List<SuspectBytes.Point>> suspectBytes,
		Predicate<String> applicationFrame, ReportNode tree) {

	PageModel {
		suspectBytes = Map.copyOf(suspectBytes);
	}

	PageModel(MemoryLeakReport report, Instant generatedAt, Map<String, List<SuspectBytes.Point>> suspectBytes,
			Predicate<String> applicationFrame) {
		this(report, generatedAt, suspectBytes, applicationFrame, ReportNode.of(report));
	}

}
