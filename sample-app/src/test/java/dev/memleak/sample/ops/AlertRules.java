package dev.memleak.sample.ops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.Yaml;

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
		return parse(OpsEnvironment.repository(FILE));
	}

	/**
	 * Return the alerting rules (not recording rules) of every group.
	 * @return each rule as a map with {@code alert}, {@code expr}, {@code labels}, ...
	 * @throws IOException if the rules file cannot be read
	 */
	static List<Map<String, Object>> alerts() throws IOException {
		List<Map<String, Object>> alerts = new ArrayList<>();
		for (Map<String, Object> group : maps(load().get("groups"))) {
			for (Map<String, Object> rule : maps(group.get("rules"))) {
				if (rule.containsKey("alert")) {
					alerts.add(rule);
				}
			}
		}
		return alerts;
	}

	/**
	 * Parse a YAML (or JSON) file into maps and lists.
	 * @param file the file
	 * @return its content
	 * @throws IOException if it cannot be read
	 */
	static Map<String, Object> parse(Path file) throws IOException {
		return new Yaml().load(Files.readString(file));
	}

	/**
	 * Cast a parsed YAML sequence of mappings.
	 * @param value a parsed list of maps, or {@code null}
	 * @return the maps, or an empty list
	 */
	@SuppressWarnings("unchecked")
	static List<Map<String, Object>> maps(Object value) {
		return (value != null) ? (List<Map<String, Object>>) value : List.of();
	}

	/**
	 * Cast a parsed YAML mapping.
	 * @param value a parsed map, or {@code null}
	 * @return the map, or an empty map
	 */
	@SuppressWarnings("unchecked")
	static Map<String, Object> map(Object value) {
		return (value != null) ? (Map<String, Object>) value : Map.of();
	}

}
