package dev.memleak.sample.ops;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The alert rules of {@code k8s/rules/memleak-alerts.rules.yml}, the single source of the
 * rules file and the PrometheusRule.
 *
 * @author memleak
 */
final class AlertRules {

	/** The rules file, relative to the repository's root. */
	static final String FILE = "k8s/rules/memleak-alerts.rules.yml";

	/** Where every rule's runbook_url points, followed by {@code <AlertName>.md}. */
	static final String RUNBOOK_BASE = "https://github.com/memleak/memleak/blob/main/docs/runbooks/";

	private AlertRules() {
	}

	/**
	 * Return the parsed rules file: a map with the key {@code groups}.
	 * @return the rules file as maps and lists
	 * @throws IOException if it cannot be read
	 */
	static Map<String, Object> load() throws IOException {
		return Parsed.yaml(OpsEnvironment.repository(FILE));
	}

	/**
	 * Return the alerting rules (not recording rules) of every group.
	 * @return each rule as a map with {@code alert}, {@code expr}, {@code labels}, ...
	 * @throws IOException if the rules file cannot be read
	 */
	static List<Map<String, Object>> alerts() throws IOException {
		return rules("alert");
	}

	/**
	 * Return the recording rules of every group.
	 * @return each rule as a map with {@code record} and {@code expr}
	 * @throws IOException if the rules file cannot be read
	 */
	static List<Map<String, Object>> records() throws IOException {
		return rules("record");
	}

	private static List<Map<String, Object>> rules(String kind) throws IOException {
		List<Map<String, Object>> rules = new ArrayList<>();
		for (Map<String, Object> group : Parsed.maps(load().get("groups"))) {
			for (Map<String, Object> rule : Parsed.maps(group.get("rules"))) {
				if (rule.containsKey(kind)) {
					rules.add(rule);
				}
			}
		}
		return rules;
	}

}
