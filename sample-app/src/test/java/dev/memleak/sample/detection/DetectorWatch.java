package dev.memleak.sample.detection;

import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.jayway.jsonpath.DocumentContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Follows what the detector of a running sample app has seen, from its report: the floor
 * points it observed and the requests the application served. Detection tests bound their
 * waits by this progress rather than by wall-clock seconds, which load on the machine
 * stretches; the wall-clock limit only stops a test that makes no progress at all.
 *
 * @author memleak
 */
final class DetectorWatch {

	private static final Duration POLL = Duration.ofSeconds(1);

	private final SampleProcess app;

	private final long deadline;

	private final Duration limit;

	private final Set<String> floorPoints = new HashSet<>();

	private DocumentContext report;

	/**
	 * Watch an application.
	 * @param app the application
	 * @param limit wall-clock time after which the test fails however the detector
	 * progresses: a safety net against hangs, far above what the test needs
	 */
	DetectorWatch(SampleProcess app, Duration limit) {
		this.app = app;
		this.limit = limit;
		this.deadline = System.nanoTime() + limit.toNanos();
	}

	/**
	 * Wait a poll interval and read the report.
	 * @return the report
	 */
	DocumentContext poll() throws Exception {
		assertThat(System.nanoTime() - this.deadline)
			.as(() -> "no conclusion within the safety limit of " + this.limit + "; the detector saw " + this
					+ "; last report " + ((this.report != null) ? this.report.jsonString() : "none"))
			.isNegative();
		Thread.sleep(POLL.toMillis());
		DocumentContext report;
		try {
			report = this.app.report();
		}
		catch (HttpTimeoutException ex) {
			// The machine is too busy for the application to answer in time: no progress
			// to judge, ask again.
			return (this.report != null) ? this.report : poll();
		}
		this.report = report;
		String last = this.report.read("$.heap.lastFloorPointAt");
		if (last != null) {
			this.floorPoints.add(last);
		}
		return this.report;
	}

	/**
	 * Return the latest report.
	 * @return the report
	 */
	DocumentContext report() {
		return this.report;
	}

	/**
	 * Return the status of the latest report.
	 * @return the status
	 */
	String status() {
		return this.report.read("$.status");
	}

	/**
	 * Return the distinct floor points seen so far: a lower bound of those the detector
	 * observed, since several may come between two polls.
	 * @return the number of floor points
	 */
	int floorPoints() {
		return this.floorPoints.size();
	}

	/**
	 * Return the number of requests the application served on a route.
	 * @param uri the route pattern
	 * @return the count
	 */
	long served(String uri) {
		List<Number> counts = this.report.read("$.requests[?(@.uri == '" + uri + "')].count");
		return counts.stream().mapToLong(Number::longValue).sum();
	}

	/**
	 * Return the number of requests the application served on every route.
	 * @return the count
	 */
	long served() {
		List<Number> counts = this.report.read("$.requests[*].count");
		return counts.stream().mapToLong(Number::longValue).sum();
	}

	/**
	 * Return the time of the latest report's floor point, or the epoch before the first.
	 * @return the time
	 */
	Instant lastFloorPointAt() {
		String last = this.report.read("$.heap.lastFloorPointAt");
		return (last != null) ? Instant.parse(last) : Instant.EPOCH;
	}

	@Override
	public String toString() {
		return floorPoints() + " floor points and " + ((this.report != null) ? served() : 0) + " requests";
	}

}
