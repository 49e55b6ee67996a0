package dev.memleak.sample.ops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The alert rules: valid for promtool, unit-tested for every alert (fires on a leak,
 * silent on a sawtooth and on a warm-up that plateaus, among several pods), pages per
 * application, the application label on every alert, every recording rule tested,
 * documented and routable, and the PrometheusRule generated from the same file.
 *
 * @author memleak
 */
@Tag(OpsEnvironment.JVM_INDEPENDENT)
class AlertRulesTests {

	private static final Duration TIMEOUT = Duration.ofMinutes(5);

	/** Scenarios that involve several alerts, next to the tests of each alert. */
	private static final String SCENARIOS = "scenarios";

	/** The one alert without an application: it fires when no target reports at all. */
	private static final String WITHOUT_APPLICATION = "MemleakMetricsAbsent";

	private static final Pattern POD = Pattern.compile("pod=\"([^\"]+)\"");

	@Test
	void rulesPassPromtoolCheck() throws Exception {
		Path promtool = OpsEnvironment.requireTool("promtool", OpsEnvironment.PROMETHEUS_INSTALL);
		Command check = Command.run(OpsEnvironment.repository("."), TIMEOUT, promtool.toString(), "check", "rules",
				AlertRules.FILE);
		assertThat(check.isSuccess()).as("%s", check).isTrue();
		assertThat(check.output())
			.contains("SUCCESS: " + (AlertRules.alerts().size() + AlertRules.records().size()) + " rules found");
	}

	@Test
	void everyAlertPassesItsPromtoolUnitTests() throws Exception {
		Path promtool = OpsEnvironment.requireTool("promtool", OpsEnvironment.PROMETHEUS_INSTALL);
		List<String> command = new ArrayList<>(List.of(promtool.toString(), "test", "rules"));
		testFiles().forEach((file) -> command.add(file.toString()));
		scenarioFiles().forEach((file) -> command.add(file.toString()));
		Command test = Command.run(OpsEnvironment.repository("k8s/rules/tests"), TIMEOUT,
				command.toArray(String[]::new));
		assertThat(test.isSuccess()).as("%s", test).isTrue();
		assertThat(test.output()).doesNotContain("FAILED");
	}

	@Test
	void everyAlertHasUnitTestsThatFireAndStaySilentAmongSeveralPods() throws IOException {
		SoftAssertions softly = new SoftAssertions();
		Set<String> alertNames = new TreeSet<>();
		for (Map<String, Object> alert : AlertRules.alerts()) {
			String name = (String) alert.get("alert");
			alertNames.add(name);
			Path file = OpsEnvironment.repository("k8s/rules/tests/" + name + ".test.yml");
			if (!Files.isRegularFile(file)) {
				softly.fail("%s has no unit tests in %s", name, file);
				continue;
			}
			Map<String, Object> tests = Parsed.yaml(file);
			softly.assertThat(tests.get("rule_files"))
				.as("%s loads the rules file", file.getFileName())
				.isEqualTo(List.of("../memleak-alerts.rules.yml"));
			int firing = 0;
			int silent = 0;
			int severalPods = 0;
			for (Map<String, Object> test : Parsed.maps(tests.get("tests"))) {
				boolean testsThisAlert = false;
				for (Map<String, Object> expectation : Parsed.maps(test.get("alert_rule_test"))) {
					if (name.equals(expectation.get("alertname"))) {
						testsThisAlert = true;
						if (Parsed.maps(expectation.get("exp_alerts")).isEmpty()) {
							silent++;
						}
						else {
							firing++;
						}
					}
				}
				if (testsThisAlert && pods(test).size() > 1) {
					severalPods++;
				}
			}
			softly.assertThat(firing).as("%s: expectations that it fires", name).isPositive();
			softly.assertThat(silent)
				.as("%s: expectations that it stays silent (sawtooth, warm-up, other pods)", name)
				.isGreaterThanOrEqualTo(2);
			softly.assertThat(severalPods).as("%s: tests with several pods", name).isPositive();
		}
		softly.assertThat(testFiles().map((file) -> file.getFileName().toString().replace(".test.yml", "")))
			.as("test files without an alert")
			.allMatch(alertNames::contains);
		softly.assertAll();
	}

	@Test
	void everyAlertCarriesTheApplicationAndPagesArePerApplication() throws IOException {
		Map<String, String> severities = new java.util.HashMap<>();
		for (Map<String, Object> alert : AlertRules.alerts()) {
			severities.put((String) alert.get("alert"), (String) Parsed.map(alert.get("labels")).get("severity"));
		}
		SoftAssertions softly = new SoftAssertions();
		int firing = 0;
		for (Path file : allTestFiles()) {
			for (Map<String, Object> test : Parsed.maps(Parsed.yaml(file).get("tests"))) {
				for (Map<String, Object> expectation : Parsed.maps(test.get("alert_rule_test"))) {
					String name = (String) expectation.get("alertname");
					for (Map<String, Object> alert : Parsed.maps(expectation.get("exp_alerts"))) {
						firing++;
						Map<String, Object> labels = Parsed.map(alert.get("exp_labels"));
						if (!WITHOUT_APPLICATION.equals(name)) {
							softly.assertThat(labels)
								.as("%s in %s (%s): the application label", name, file.getFileName(), test.get("name"))
								.containsKey("application");
						}
						if ("critical".equals(severities.get(name))) {
							softly.assertThat(labels)
								.as("%s in %s (%s): a page is per application, not per pod", name, file.getFileName(),
										test.get("name"))
								.doesNotContainKeys("pod", "instance", "container");
						}
					}
				}
			}
		}
		softly.assertThat(firing).as("expected alerts in the unit tests").isGreaterThan(20);
		softly.assertAll();
	}

	@Test
	void everyRecordingRuleHasUnitTests() throws IOException {
		StringBuilder tested = new StringBuilder();
		for (Path file : allTestFiles()) {
			for (Map<String, Object> test : Parsed.maps(Parsed.yaml(file).get("tests"))) {
				for (Map<String, Object> expectation : Parsed.maps(test.get("promql_expr_test"))) {
					tested.append(expectation.get("expr")).append('\n');
				}
			}
		}
		assertThat(AlertRules.records()).isNotEmpty()
			.allSatisfy((rule) -> assertThat(tested).as("promql_expr_test of %s", rule.get("record"))
				.contains((String) rule.get("record")));
	}

	@Test
	void everyAlertHasASeveritySummaryDescriptionAndRunbook() throws IOException {
		SoftAssertions softly = new SoftAssertions();
		for (Map<String, Object> alert : AlertRules.alerts()) {
			String name = (String) alert.get("alert");
			Map<String, Object> labels = Parsed.map(alert.get("labels"));
			Map<String, Object> annotations = Parsed.map(alert.get("annotations"));
			softly.assertThat(labels.get("severity")).as("%s severity", name).isIn("critical", "warning");
			softly.assertThat((String) annotations.get("summary")).as("%s summary", name).isNotBlank();
			String description = (String) annotations.get("description");
			softly.assertThat(description).as("%s description", name).isNotBlank();
			String expr = (String) alert.get("expr");
			if (isPerApplication(expr)) {
				softly.assertThat(description)
					.as("%s description names the application", name)
					.contains("$labels.application");
			}
			else if (!expr.startsWith("absent(")) {
				softly.assertThat(description).as("%s description names the pod", name).contains("$labels.pod");
			}
			softly.assertThat(annotations.get("runbook_url"))
				.as("%s runbook_url", name)
				.isEqualTo(AlertRules.RUNBOOK_BASE + name + ".md");
			Path runbook = OpsEnvironment.repository("docs/runbooks/" + name + ".md");
			if (Files.isRegularFile(runbook)) {
				String text = Files.readString(runbook);
				softly.assertThat(text).as("%s runbook", name).startsWith("# " + name);
				softly.assertThat(text)
					.as("%s runbook says how to confirm with the endpoint and the dashboard", name)
					.contains("/actuator/memoryleak")
					.containsIgnoringCase("dashboard");
			}
			else {
				softly.fail("%s has no runbook %s", name, runbook);
			}
		}
		softly.assertAll();
	}

	@Test
	void prometheusRuleHoldsTheGroupsOfTheRulesFile() throws IOException {
		Map<String, Object> prometheusRule = Parsed.yaml(OpsEnvironment.repository("k8s/rules/prometheusrule.yaml"));
		assertThat(prometheusRule.get("kind")).isEqualTo("PrometheusRule");
		assertThat(prometheusRule.get("spec"))
			.as("k8s/rules/prometheusrule.yaml is out of date: run k8s/rules/generate-prometheusrule.sh")
			.isEqualTo(AlertRules.load());
	}

	/**
	 * Whether an alert aggregates its pods per application (by expression or recording).
	 */
	private static boolean isPerApplication(String expr) {
		return expr.contains("by (cluster, namespace, application") || expr.contains("application:")
				|| expr.contains("application_version:");
	}

	private static Stream<Path> testFiles() throws IOException {
		return testFilesIn("k8s/rules/tests");
	}

	private static Stream<Path> scenarioFiles() throws IOException {
		return testFilesIn("k8s/rules/tests/" + SCENARIOS).map((file) -> Path.of(SCENARIOS).resolve(file));
	}

	private static List<Path> allTestFiles() throws IOException {
		Path tests = OpsEnvironment.repository("k8s/rules/tests");
		return Stream.concat(testFiles(), scenarioFiles()).map(tests::resolve).toList();
	}

	private static Stream<Path> testFilesIn(String directory) throws IOException {
		try (Stream<Path> files = Files.list(OpsEnvironment.repository(directory))) {
			return files.filter((file) -> file.getFileName().toString().endsWith(".test.yml"))
				.map(Path::getFileName)
				.sorted()
				.toList()
				.stream();
		}
	}

	private static Set<String> pods(Map<String, Object> test) {
		return Parsed.maps(test.get("input_series"))
			.stream()
			.map((series) -> POD.matcher((String) series.get("series")))
			.filter(Matcher::find)
			.map((matcher) -> matcher.group(1))
			.collect(Collectors.toSet());
	}

}
