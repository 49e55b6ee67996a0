package dev.memleak.sample.ops;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import dev.memleak.sample.ops.PrometheusApi.QueryResult;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every rule and every dashboard query runs, timed, against a real Prometheus holding the
 * TSDB of a synthetic fleet (issue 11's scale proof, {@link FleetScale}), and the alert
 * expressions find exactly the applications in trouble among the healthy ones. CI runs
 * 120 pods over 4 hours; the 500-pod, 24-hour proof of docs/scale.md is the same test
 * with {@code -Dmemleak.fleet.pods=500 -Dmemleak.fleet.hours=24 -Dmemleak.fleet.routes=10
 * -Dmemleak.fleet.tasks=3 -Dmemleak.fleet.settle=true} (k8s/scale/fleet-scale.sh), which
 * also waits for Prometheus to compact the imported blocks before timing. Results:
 * {@code target/fleet-scale/<pods>-pods/results.md}.
 *
 * @author memleak
 */
@Tag(OpsEnvironment.JVM_INDEPENDENT)
class FleetScaleTests {

	private static final Duration SETTLE = Duration.ofMinutes(10);

	@Test
	void everyRuleAndDashboardQueryRunsOnTheTsdbOfAFleet() throws Exception {
		Path prometheusBinary = OpsEnvironment.requireTool("prometheus", OpsEnvironment.PROMETHEUS_INSTALL);
		Path promtool = OpsEnvironment.requireTool("promtool", OpsEnvironment.PROMETHEUS_INSTALL);
		int pods = Integer.getInteger("memleak.fleet.pods", 120);
		int hours = Integer.getInteger("memleak.fleet.hours", 4);
		long start = (System.currentTimeMillis() / 60_000 - hours * 60L) * 60;
		SyntheticFleet fleet = new SyntheticFleet(pods, true, hours * 60, Integer.getInteger("memleak.fleet.routes", 5),
				Integer.getInteger("memleak.fleet.tasks", 2), start);
		Path directory = Path.of("target", "fleet-scale", pods + "-pods").toAbsolutePath();
		Path data = directory.resolve("data");
		Path prepared = directory.resolve("prepared.md");
		FleetScale scale = new FleetScale(fleet, directory, prometheusBinary, promtool);
		List<String> flags = List.of("--storage.tsdb.path=" + data, "--storage.tsdb.retention.time=30d",
				"--query.timeout=5m");
		String config = "global:\n  evaluation_interval: 1m\n";
		boolean settle = Boolean.getBoolean("memleak.fleet.settle");
		// -Dmemleak.fleet.reuse=true times the queries on the TSDB a previous run
		// prepared (the
		// script prepares under a shared build slot, then times alone).
		if (!Boolean.getBoolean("memleak.fleet.reuse") || !Files.exists(prepared)) {
			FleetScale.deleteRecursively(directory);
			Files.createDirectories(directory);
			scale.importFleet(data);
			Path recorded = directory.resolve("recorded");
			try (LocalPrometheus prometheus = LocalPrometheus.start(prometheusBinary, config, directory, flags)) {
				scale.backfillRecordingRules(prometheus, recorded);
			}
			try (var blocks = Files.list(recorded)) {
				for (Path block : blocks.filter(Files::isDirectory).toList()) {
					Files.move(block, data.resolve(block.getFileName()));
				}
			}
			scale.report(prepared, "Preparing a synthetic fleet of " + pods + " pods over " + hours + " hours");
			scale.timings().clear();
			if (Boolean.getBoolean("memleak.fleet.prepareOnly")) {
				return;
			}
		}
		else {
			fleet = new SyntheticFleet(pods, true, hours * 60, fleet.routes(), fleet.tasks(), preparedStart(prepared));
			scale = new FleetScale(fleet, directory, prometheusBinary, promtool);
		}
		Map<String, QueryResult> alerts;
		List<String> dashboardProblems;
		try (LocalPrometheus prometheus = LocalPrometheus.start(prometheusBinary, config, directory, flags)) {
			if (settle) {
				FleetScale.awaitSettledStorage(prometheus.api(), SETTLE);
			}
			scale.timeRecordingRules(prometheus.api());
			alerts = scale.timeAlertingRules(prometheus.api());
			dashboardProblems = scale.timeDashboard(prometheus.api(), SyntheticFleet.BAD_RELEASE_APPLICATION);
		}
		scale.report(directory.resolve("results.md"),
				"memleak's rules and dashboard on a synthetic fleet of " + pods + " pods over " + hours + " hours");
		assertThat(dashboardProblems).as("dashboard queries without data or failing").isEmpty();
		assertThat(applications(alerts.get("MemleakNewVersionLeaks")))
			.containsExactly(SyntheticFleet.BAD_RELEASE_APPLICATION + " " + SyntheticFleet.BAD_RELEASE_VERSION);
		assertThat(applications(alerts.get("MemleakHeapExhaustionPredicted")))
			.containsExactly(SyntheticFleet.BAD_RELEASE_APPLICATION + " ");
		assertThat(applications(alerts.get("MemleakLeakMaskedByRestarts")))
			.containsExactly(SyntheticFleet.MASKED_APPLICATION + " ");
		assertThat(applications(alerts.get("MemleakContainerExhaustionPredicted")))
			.containsExactly(SyntheticFleet.NATIVE_APPLICATION + " ");
		Set<String> troubled = Set.of(SyntheticFleet.BAD_RELEASE_APPLICATION, SyntheticFleet.MASKED_APPLICATION,
				SyntheticFleet.NATIVE_APPLICATION);
		alerts.forEach((alert, result) -> assertThat(result.samples()).as("%s on healthy applications", alert)
			.allSatisfy((sample) -> {
				Object application = Parsed.map(sample.get("metric")).get("application");
				if (application != null) {
					assertThat(troubled).contains((String) application);
				}
			}));
	}

	private static long preparedStart(Path prepared) throws java.io.IOException {
		java.util.regex.Matcher start = java.util.regex.Pattern.compile("\\| first sample \\| (\\d+) \\|")
			.matcher(Files.readString(prepared));
		if (!start.find()) {
			throw new IllegalStateException(prepared + " names no first sample");
		}
		return Long.parseLong(start.group(1));
	}

	private static Set<String> applications(QueryResult result) {
		Set<String> applications = new TreeSet<>();
		for (Map<String, Object> sample : result.samples()) {
			Map<String, Object> metric = Parsed.map(sample.get("metric"));
			applications.add(metric.get("application") + " " + metric.getOrDefault("version", ""));
		}
		return applications;
	}

}
