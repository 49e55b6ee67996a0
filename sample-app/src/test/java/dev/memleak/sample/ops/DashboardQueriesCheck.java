package dev.memleak.sample.ops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.memleak.sample.ops.GrafanaDashboard.PanelQuery;
import dev.memleak.sample.ops.GrafanaDashboard.Variable;
import dev.memleak.sample.ops.PrometheusApi.QueryResult;

import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs every query of the dashboard, with its variables substituted, against a real
 * Prometheus that has scraped the running sample application, and requires data from each
 * (annotations, which are events, must only evaluate). The same Prometheus loads the
 * alert and recording rules, which must evaluate without errors; the dashboard's heavy
 * panels read the recorded series.
 *
 * @author memleak
 */
final class DashboardQueriesCheck {

	/** The scrape job, as a ServiceMonitor names it after the Service. */
	static final String JOB = "memleak-sample";

	/**
	 * Variables that may find no value: a Prometheus of one cluster has no cluster label,
	 * and "All" (.*) matches the series without it.
	 */
	private static final List<String> OPTIONAL_VARIABLES = List.of("cluster");

	/** The target labels a ServiceMonitor adds in Kubernetes, set statically here. */
	static final Map<String, String> TARGET_LABELS = Map.of("namespace", "memleak-ops-check", "pod", "memleak-sample-0",
			"container", "app");

	/** Values of Grafana's built-in variables for a 1-second scrape interval. */
	private static final Map<String, String> BUILT_INS = Map.of("__rate_interval", "10s", "__interval", "5s", "__range",
			"1m");

	private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((?:(.*),\\s*)?(\\w+)\\)");

	private static final int SCRAPES = 15;

	private static final Pattern FOOTPRINT_METERS = Pattern
		.compile("memleak_(container|native|process_resident|footprint)_");

	private static final Duration TIMEOUT = Duration.ofSeconds(90);

	private final SampleApplicationProcess application;

	private final SampleTraffic traffic;

	private int rounds;

	DashboardQueriesCheck(SampleApplicationProcess application) {
		this.application = application;
		this.traffic = new SampleTraffic(application.uri());
	}

	/**
	 * Write the rules with every group evaluated each second instead of each minute, so
	 * that the recorded series the dashboard reads appear within seconds.
	 * @return the rules file for the check
	 * @throws IOException if it cannot be written
	 */
	static Path rulesEvaluatedEverySecond() throws IOException {
		String rules = Files.readString(OpsEnvironment.repository(AlertRules.FILE));
		return OpsEnvironment.writeTemporary("memleak-alerts.rules.yml",
				rules.replaceAll("(?m)^    interval: 1m$", "    interval: 1s"));
	}

	/**
	 * Return a Prometheus configuration that scrapes the application every second, with
	 * the labels a ServiceMonitor would add, and evaluates the alert rules every second.
	 * @param target the application's {@code host:port}
	 * @param rulesFile the alert rules file as Prometheus sees it
	 * @return the configuration (YAML)
	 */
	static String prometheusConfig(String target, String rulesFile) {
		StringBuilder labels = new StringBuilder();
		TARGET_LABELS
			.forEach((name, value) -> labels.append("          ").append(name).append(": ").append(value).append('\n'));
		return """
				global:
				  scrape_interval: 1s
				  scrape_timeout: 1s
				  evaluation_interval: 1s
				rule_files:
				  - %s
				scrape_configs:
				  - job_name: %s
				    metrics_path: /actuator/prometheus
				    static_configs:
				      - targets: ['%s']
				        labels:
				%s""".formatted(rulesFile, JOB, target, labels);
	}

	/**
	 * Drive traffic until Prometheus holds enough scrapes, then check every query and
	 * rule.
	 * @param prometheus the Prometheus that scrapes the application
	 * @throws Exception on a transport failure or interruption
	 */
	void assertEveryQueryReturnsData(PrometheusApi prometheus) throws Exception {
		long deadline = System.nanoTime() + TIMEOUT.toNanos();
		awaitScrapes(prometheus, deadline);
		GrafanaDashboard dashboard = GrafanaDashboard.load();
		List<String> failures = new ArrayList<>();
		Map<String, String> values = resolveVariables(dashboard, prometheus, failures);
		// Some meters appear only after a few heap snapshots (the suspects) or detector
		// evaluations: ask again, with traffic, until every query has data or time is up.
		List<String> queryFailures = queryFailures(dashboard, values, prometheus, false);
		while (!queryFailures.isEmpty() && System.nanoTime() < deadline) {
			System.out.println("Waiting for data: " + queryFailures);
			driveTraffic();
			Thread.sleep(1000);
			queryFailures = queryFailures(dashboard, values, prometheus, false);
		}
		failures.addAll(queryFailures(dashboard, values, prometheus, true));
		failures.addAll(annotationFailures(dashboard, values, prometheus));
		failures.addAll(ruleErrors(prometheus));
		assertThat(failures)
			.as("%d problems with the %d variables and %d queries of the dashboard and the alert rules, against a "
					+ "Prometheus that scraped the sample app for up to %s (a query on a meter the app does not "
					+ "export fails too)", failures.size(), dashboard.variables().size(), dashboard.queries().size(),
					TIMEOUT)
			.isEmpty();
	}

	private List<String> queryFailures(GrafanaDashboard dashboard, Map<String, String> values, PrometheusApi prometheus,
			boolean print) throws IOException, InterruptedException {
		List<String> failures = new ArrayList<>();
		if (print) {
			System.out.println("Dashboard queries against " + prometheus.baseUri() + ":");
		}
		for (PanelQuery query : dashboard.queries()) {
			String expr = GrafanaDashboard.substitute(query.expr(), values::get);
			QueryResult result = prometheus.query(expr);
			if (print) {
				System.out.printf("  %-8s %-60s %s%n", result.hasData() ? "DATA" : "NO DATA", query, result);
			}
			if (!result.hasData()) {
				if (waitsForFootprint(expr) && "success".equals(result.status())) {
					// The meters of memory outside the heap come with the footprint
					// feature
					// (issue 10); once it is on the class path, its queries need data
					// too.
					if (print) {
						System.out.printf(
								"  %-8s %-60s needs memleak's footprint meters, which this build " + "lacks%n",
								"SKIPPED", query);
					}
					continue;
				}
				failures.add(query + " returned " + (("success".equals(result.status())) ? "no data" : result) + ": "
						+ expr);
			}
		}
		return failures;
	}

	private static boolean waitsForFootprint(String expr) {
		return !ClassUtils.isPresent("dev.memleak.footprint.FootprintMetrics", null)
				&& FOOTPRINT_METERS.matcher(expr).find();
	}

	private static List<String> annotationFailures(GrafanaDashboard dashboard, Map<String, String> values,
			PrometheusApi prometheus) throws IOException, InterruptedException {
		List<String> failures = new ArrayList<>();
		for (PanelQuery annotation : dashboard.annotations()) {
			String expr = GrafanaDashboard.substitute(annotation.expr(), values::get);
			QueryResult result = prometheus.query(expr);
			System.out.printf("  %-8s %-60s %s%n", "success".equals(result.status()) ? "OK" : "ERROR", annotation,
					result);
			if (!"success".equals(result.status())) {
				failures.add(annotation + " failed: " + result + ": " + expr);
			}
		}
		return failures;
	}

	private void driveTraffic() throws IOException, InterruptedException {
		this.traffic.round();
		if (this.rounds++ % 5 == 0) {
			this.application.collectGarbage();
		}
	}

	private void awaitScrapes(PrometheusApi prometheus, long deadline) throws Exception {
		while (true) {
			driveTraffic();
			QueryResult scrapes = prometheus.query(
					"count_over_time(up{job=\"" + JOB + "\"}[5m]) >= " + SCRAPES + " and up{job=\"" + JOB + "\"} == 1");
			if (scrapes.hasData()) {
				return;
			}
			assertThat(System.nanoTime())
				.as("%d successful scrapes of the application by %s within %s", SCRAPES, prometheus.baseUri(), TIMEOUT)
				.isLessThan(deadline);
			Thread.sleep(1000);
		}
	}

	private Map<String, String> resolveVariables(GrafanaDashboard dashboard, PrometheusApi prometheus,
			List<String> failures) throws IOException, InterruptedException {
		Map<String, String> values = new HashMap<>(BUILT_INS);
		for (Variable variable : dashboard.variables()) {
			if (!"query".equals(variable.type())) {
				continue;
			}
			Matcher labelValues = LABEL_VALUES.matcher(variable.query());
			assertThat(labelValues.matches())
				.as("variable %s: %s is label_values(...)", variable.name(), variable.query())
				.isTrue();
			String selector = (labelValues.group(1) != null)
					? GrafanaDashboard.substitute(labelValues.group(1), values::get) : null;
			List<String> found = prometheus.labelValues(labelValues.group(2), selector);
			if (found.isEmpty() && !OPTIONAL_VARIABLES.contains(variable.name())) {
				failures.add("variable " + variable.name() + ": " + variable.query() + " found no values");
				found = List.of(TARGET_LABELS.getOrDefault(variable.name(), JOB));
				System.out
					.println("Variable " + variable.name() + ": no values, the queries use the scrape's " + found);
			}
			else {
				System.out.println("Variable " + variable.name() + " = " + found);
			}
			// "All", the default of the multi-value variables, stands for their allValue.
			String value = (variable.allValue() != null) ? variable.allValue()
					: variable.multi() ? GrafanaDashboard.regexOf(found) : found.get(0);
			values.put(variable.name(), value);
		}
		return values;
	}

	private static List<String> ruleErrors(PrometheusApi prometheus) throws IOException, InterruptedException {
		List<String> errors = new ArrayList<>();
		List<Map<String, Object>> groups = prometheus.ruleGroups();
		if (groups.isEmpty()) {
			errors.add("Prometheus loaded no rule groups from " + AlertRules.FILE);
		}
		for (Map<String, Object> group : groups) {
			for (Map<String, Object> rule : Parsed.maps(group.get("rules"))) {
				if ("err".equals(rule.get("health"))) {
					errors.add("rule " + rule.get("name") + " fails to evaluate: " + rule.get("lastError"));
				}
			}
		}
		return errors;
	}

}
