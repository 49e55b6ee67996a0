package dev.memleak.sites;

import jdk.jfr.FlightRecorder;
import jdk.jfr.Recording;

/**
 * The recordings memleak's leak sites leave in this JVM.
 *
 * @author memleak
 */
final class JfrRecordings {

	private JfrRecordings() {
	}

	/**
	 * Count the running or stopped recordings memleak started and did not close.
	 * @return the number of memleak's recordings
	 */
	static long memleakRecordings() {
		return FlightRecorder.getFlightRecorder()
			.getRecordings()
			.stream()
			.map(Recording::getName)
			.filter((name) -> name.startsWith("memleak-sites"))
			.count();
	}

}
