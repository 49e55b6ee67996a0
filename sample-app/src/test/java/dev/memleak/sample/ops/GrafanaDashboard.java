package dev.memleak.sample.ops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.boot.json.JsonParserFactory;

/**
 * The template variables, panel queries and annotation queries of
 * {@code grafana/memleak-dashboard.json}, and Grafana's substitution of variables into
 * queries.
 *
 * @param variables the template variables, in the dashboard's order
 * @param queries the query of every panel target
 * @param annotations the query of every annotation (events: they may find nothing)
 * @author memleak
 */
record GrafanaDashboard(List<Variable> variables, List<PanelQuery> queries, List<PanelQuery> annotations) {

	/** The dashboard file, relative to the repository's root. */
	static final String FILE = "grafana/memleak-dashboard.json";

	private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)}|\\$(\\w+)");

	GrafanaDashboard {
		variables = List.copyOf(variables);
		queries = List.copyOf(queries);
		annotations = List.copyOf(annotations);
	}

	/**
	 * Load the repository's dashboard.
	 * @return the dashboard
	 * @throws IOException if it cannot be read
	 */
	static GrafanaDashboard load() throws IOException {
		return parse(OpsEnvironment.repository(FILE));
	}

	static GrafanaDashboard parse(Path file) throws IOException {
		Map<String, Object> dashboard = JsonParserFactory.getJsonParser().parseMap(Files.readString(file));
		List<Variable> variables = new ArrayList<>();
		for (Map<String, Object> variable : Parsed.maps(Parsed.map(dashboard.get("templating")).get("list"))) {
			variables.add(new Variable((String) variable.get("name"), (String) variable.get("type"),
					String.valueOf(variable.get("query")), Boolean.TRUE.equals(variable.get("multi")),
					Boolean.TRUE.equals(variable.get("includeAll")) ? (String) variable.get("allValue") : null));
		}
		List<PanelQuery> queries = new ArrayList<>();
		for (Map<String, Object> panel : Parsed.maps(dashboard.get("panels"))) {
			for (Map<String, Object> target : Parsed.maps(panel.get("targets"))) {
				queries.add(new PanelQuery(((Number) panel.get("id")).intValue(), (String) panel.get("title"),
						(String) target.get("refId"), (String) target.get("expr"),
						Boolean.TRUE.equals(target.get("instant"))));
			}
		}
		List<PanelQuery> annotations = new ArrayList<>();
		for (Map<String, Object> annotation : Parsed.maps(Parsed.map(dashboard.get("annotations")).get("list"))) {
			Map<String, Object> target = Parsed.map(annotation.get("target"));
			if (target.containsKey("expr")) {
				annotations.add(new PanelQuery(0, "annotation " + annotation.get("name"), (String) target.get("refId"),
						(String) target.get("expr"), false));
			}
		}
		return new GrafanaDashboard(variables, queries, annotations);
	}

	/**
	 * Substitute variables the way Grafana does: {@code $name} and {@code ${name}}.
	 * @param text a query
	 * @param values the value of each variable, already formatted for the query
	 * @return the query with every known variable replaced
	 */
	static String substitute(String text, Function<String, String> values) {
		Matcher matcher = VARIABLE.matcher(text);
		StringBuilder result = new StringBuilder();
		while (matcher.find()) {
			String name = (matcher.group(1) != null) ? matcher.group(1) : matcher.group(2);
			String value = values.apply(name);
			matcher.appendReplacement(result, Matcher.quoteReplacement((value != null) ? value : matcher.group()));
		}
		matcher.appendTail(result);
		return result.toString();
	}

	/**
	 * Format the values of a multi-value variable for a regex matcher ({@code =~}), as
	 * Grafana does for Prometheus: {@code (a|b)}, each value regex-escaped.
	 * @param values the selected values
	 * @return the regex
	 */
	static String regexOf(List<String> values) {
		List<String> escaped = values.stream()
			.map((value) -> value.replaceAll("[\\\\^$.|?*+()\\[\\]{}]", "\\\\$0"))
			.toList();
		return (escaped.size() == 1) ? escaped.get(0) : "(" + String.join("|", escaped) + ")";
	}

	/**
	 * A template variable.
	 *
	 * @param name the name, used as {@code $name}
	 * @param type {@code query}, {@code datasource}, ...
	 * @param query the query, such as {@code label_values(metric{...}, label)}
	 * @param multi whether several values can be selected
	 * @param allValue what "All" stands for in queries, or {@code null} without one
	 */
	record Variable(String name, String type, String query, boolean multi, String allValue) {
	}

	/**
	 * The query of one panel target.
	 *
	 * @param panelId the panel's id
	 * @param panelTitle the panel's title
	 * @param refId the target's reference, such as {@code A}
	 * @param expr the PromQL expression, with variables
	 * @param instant whether Grafana runs it as an instant query (stat and bar gauge
	 * panels), else as a range query
	 */
	record PanelQuery(int panelId, String panelTitle, String refId, String expr, boolean instant) {

		@Override
		public String toString() {
			return "panel " + this.panelId + " \"" + this.panelTitle + "\" query " + this.refId;
		}

	}

}
