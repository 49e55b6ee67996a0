package dev.memleak.sample.ops;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * memleak's series budget (issue 11): with the default bounds and every feature on, a pod
 * that serves 40 routes and runs 10 tasks exports at most 150 {@code memleak_*} series.
 * The sample application runs in its own JVM with Native Memory Tracking on, serves
 * traffic on 40 distinct routes and runs 10 scheduled tasks; its
 * {@code /actuator/prometheus} is scraped until every meter family has appeared. Only the
 * timing properties are shortened (snapshots and leak-site emissions every few seconds,
 * the leak-site recording from the start), never a bound. The sample does not leak and
 * its tasks do not fail here, so its suspect classes
 * ({@code memleak.snapshot.suspect-meters}), the diagnosis's leak and the tasks' failure
 * outcomes are counted at their bound.
 *
 * @author memleak
 */
class SeriesBudgetTests {

	/** The budget of docs/metrics.md. */
	static final int BUDGET = 150;

	/** {@code memleak.snapshot.suspect-meters} by default: the most suspect series. */
	private static final int SUSPECT_METERS = 5;

	/** The diagnosis feature (issue 14), whose one series names the top leak. */
	private static final String DIAGNOSIS_METRICS = "dev.memleak.diagnosis.DiagnosisMetrics";

	private static final Duration TIMEOUT = Duration.ofSeconds(120);

	// Label values may hold braces (uri="/owners/{id}"): the labels end at the last one.
	private static final Pattern SERIES = Pattern.compile("^(memleak_[a-zA-Z0-9_]+)(\\{.*})? \\S+$");

	private static final Pattern URI_TAG = Pattern.compile("uri=\"([^\"]+)\"");

	private static final Pattern TASK_TAG = Pattern.compile("task=\"([^\"]+)\"");

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@Test
	void fortyRoutesAndTenTasksStayWithinTheSeriesBudget() throws Exception {
		try (SampleApplicationProcess application = SampleApplicationProcess.start("series-budget",
				SeriesBudgetApplication.class,
				List.of("--sample.job.interval=1h", "--memleak.sites.enabled=true",
						"--memleak.sites.start-when-suspected=false", "--memleak.sites.emission-interval=5s",
						"--memleak.snapshot.initial-delay=0s", "--memleak.snapshot.interval=5s",
						"--memleak.snapshot.jitter=0s"))) {
			List<String> series = scrapeUntilEveryMeterAppears(application.uri());
			Map<String, Long> families = series.stream()
				.collect(Collectors.groupingBy(SeriesBudgetTests::family, TreeMap::new, Collectors.counting()));
			// Bounded families that this healthy run leaves short of their bound count at
			// it:
			// every suspect rank, the diagnosis's leak, a failure outcome for every task.
			long suspects = families.getOrDefault("memleak_suspect_bytes", 0L);
			long diagnosis = ClassUtils.isPresent(DIAGNOSIS_METRICS, null)
					? 1 - families.getOrDefault("memleak_diagnosis_leak", 0L) : 0;
			long failures = series.stream()
				.filter((line) -> "memleak_task_executions_total".equals(family(line)) && line.contains("FAILURE"))
				.count();
			long worstCase = series.size() + (SUSPECT_METERS - suspects) + diagnosis
					+ (SeriesBudgetApplication.TASKS - failures);
			System.out.printf(
					"memleak series of a pod with %d routes and %d tasks: %d (%d with all %d suspect "
							+ "ranks filled, the diagnosis's leak named and every task failing once), budget %d%n",
					SeriesBudgetApplication.ROUTES, SeriesBudgetApplication.TASKS, series.size(), worstCase,
					SUSPECT_METERS, BUDGET);
			families.forEach((family, count) -> System.out.printf("  %4d %s%n", count, family));
			assertThat(values(series, "memleak_request_allocated_bytes_total", URI_TAG))
				.as("one allocation series per route")
				.hasSize(SeriesBudgetApplication.ROUTES);
			assertThat(values(series, "memleak_task_allocated_bytes_total", TASK_TAG)).as("one series per task")
				.hasSize(SeriesBudgetApplication.TASKS);
			assertThat(families).as("the meters that repeated http_server_requests are gone")
				.doesNotContainKeys("memleak_request_allocated_bytes_count", "memleak_request_allocated_bytes_sum",
						"memleak_request_allocated_bytes_max", "memleak_task_duration_seconds_count");
			assertThat(worstCase).as("memleak series with the default bounds: %s", families)
				.isLessThanOrEqualTo(BUDGET);
		}
	}

	private List<String> scrapeUntilEveryMeterAppears(URI application) throws Exception {
		long deadline = System.nanoTime() + TIMEOUT.toNanos();
		List<String> missing = List.of();
		int round = 0;
		while (System.nanoTime() < deadline) {
			for (int route = 0; route < SeriesBudgetApplication.ROUTES; route++) {
				get(application, "/budget/r" + route + "/" + round);
			}
			round++;
			List<String> series = scrape(application);
			missing = missing(series);
			if (missing.isEmpty()) {
				return series;
			}
			Thread.sleep(500);
		}
		throw new AssertionError("Within " + TIMEOUT + " the sample application did not export " + missing);
	}

	private List<String> missing(List<String> series) {
		Set<String> families = series.stream().map(SeriesBudgetTests::family).collect(Collectors.toSet());
		List<String> required = new java.util.ArrayList<>(List.of("memleak_leak_status", "memleak_heap_live_bytes",
				"memleak_errors_total", "memleak_snapshot_duration_seconds_count",
				"memleak_sites_emission_duration_seconds_count", "memleak_task_executions_total"));
		if (ClassUtils.isPresent("dev.memleak.footprint.FootprintMetrics", null)) {
			// The footprint meters, Native Memory Tracking's among them
			// (-XX:NativeMemoryTracking).
			required.addAll(List.of("memleak_process_resident_bytes", "memleak_container_working_set_bytes",
					"memleak_native_committed_bytes", "memleak_footprint_suspected"));
		}
		List<String> missing = required.stream()
			.filter((family) -> !families.contains(family))
			.collect(Collectors.toCollection(java.util.ArrayList::new));
		int routes = values(series, "memleak_request_allocated_bytes_total", URI_TAG).size();
		if (routes < SeriesBudgetApplication.ROUTES) {
			missing.add("memleak_request_allocated_bytes_total of every route (" + routes + " so far)");
		}
		int tasks = values(series, "memleak_task_allocated_bytes_total", TASK_TAG).size();
		if (tasks < SeriesBudgetApplication.TASKS) {
			missing.add("memleak_task_allocated_bytes_total of every task (" + tasks + " so far)");
		}
		return missing;
	}

	private List<String> scrape(URI application) throws IOException, InterruptedException {
		return get(application, "/actuator/prometheus").lines()
			.filter((line) -> SERIES.matcher(line).matches())
			.toList();
	}

	private static Set<String> values(List<String> series, String family, Pattern tag) {
		return series.stream()
			.filter((line) -> family.equals(family(line)))
			.map(tag::matcher)
			.filter(Matcher::find)
			.map((matcher) -> matcher.group(1))
			.collect(Collectors.toSet());
	}

	private static String family(String line) {
		Matcher matcher = SERIES.matcher(line);
		return matcher.matches() ? matcher.group(1) : line;
	}

	private String get(URI application, String path) throws IOException, InterruptedException {
		HttpResponse<String> response = this.client.send(
				HttpRequest.newBuilder(application.resolve(path)).timeout(Duration.ofSeconds(10)).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as("GET %s", path).isEqualTo(200);
		return response.body();
	}

}
