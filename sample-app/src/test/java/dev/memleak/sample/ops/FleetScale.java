package dev.memleak.sample.ops;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.memleak.sample.ops.GrafanaDashboard.PanelQuery;
import dev.memleak.sample.ops.PrometheusApi.QueryResult;

/**
 * The scale proof of issue 11: a synthetic fleet's TSDB ({@link SyntheticFleet}, written
 * as OpenMetrics and imported with {@code promtool tsdb create-blocks-from openmetrics}),
 * the recording rules backfilled over its whole time range ({@code promtool tsdb
 * create-blocks-from rules}, timed per rule), then a real Prometheus on that TSDB runs
 * every alerting rule's expression and every dashboard query (panels over the whole range
 * at a 1-minute step, annotations, variables), each timed. Everything goes under
 * {@code target/fleet-scale/}.
 *
 * @author memleak
 */
final class FleetScale {

	/**
	 * Seconds per TSDB block: the OpenMetrics input is written in chunks of one block.
	 */
	private static final long BLOCK_SECONDS = 7200;

	/** Runs of every timed query; the median is reported. */
	private static final int RUNS = 3;

	private static final Duration TOOL_TIMEOUT = Duration.ofMinutes(30);

	private static final Pattern METRIC = Pattern
		.compile("^(prometheus_tsdb_(?:blocks_loaded|compactions_total)) (\\S+)$", Pattern.MULTILINE);

	private final SyntheticFleet fleet;

	private final Path directory;

	private final Path prometheusBinary;

	private final Path promtool;

	private final List<Timing> timings = new ArrayList<>();

	private final Map<String, String> facts = new LinkedHashMap<>();

	FleetScale(SyntheticFleet fleet, Path directory, Path prometheusBinary, Path promtool) {
		this.fleet = fleet;
		this.directory = directory;
		this.prometheusBinary = prometheusBinary;
		this.promtool = promtool;
	}

	/** The last sample's time: rules and instant queries are evaluated there. */
	long end() {
		return this.fleet.seconds(this.fleet.minutes());
	}

	List<Timing> timings() {
		return this.timings;
	}

	Map<String, String> facts() {
		return this.facts;
	}

	/**
	 * Write the fleet as OpenMetrics, one file per TSDB block, and import each.
	 * @param data the TSDB directory
	 * @throws Exception on failure
	 */
	void importFleet(Path data) throws Exception {
		Path openMetrics = Files.createDirectories(this.directory.resolve("openmetrics"));
		Map<String, List<SyntheticFleet.Series>> families = this.fleet.families();
		long series = families.values().stream().mapToLong(List::size).sum();
		long samples = 0;
		long bytes = 0;
		long generateNanos = 0;
		long importNanos = 0;
		long first = Math.floorDiv(this.fleet.seconds(0), BLOCK_SECONDS) * BLOCK_SECONDS;
		for (long block = first; block <= end(); block += BLOCK_SECONDS) {
			Path file = openMetrics.resolve("block-" + block + ".om");
			long started = System.nanoTime();
			samples += write(families, file, block, block + BLOCK_SECONDS);
			generateNanos += System.nanoTime() - started;
			bytes += Files.size(file);
			started = System.nanoTime();
			Command imported = Command.run(this.directory, TOOL_TIMEOUT, this.promtool.toString(), "tsdb",
					"create-blocks-from", "openmetrics", file.toString(), data.toString());
			importNanos += System.nanoTime() - started;
			if (!imported.isSuccess()) {
				throw new IllegalStateException(imported.toString());
			}
			Files.delete(file);
		}
		this.facts.put("first sample", Long.toString(this.fleet.seconds(0)));
		this.facts.put("pods (replaced ones included)", Integer.toString(this.fleet.allPods().size()));
		this.facts.put("series", Long.toString(series));
		this.facts.put("samples", Long.toString(samples));
		this.facts.put("OpenMetrics written", mebibytes(bytes));
		this.facts.put("generating the OpenMetrics", seconds(generateNanos));
		this.facts.put("promtool tsdb create-blocks-from openmetrics", seconds(importNanos));
	}

	private long write(Map<String, List<SyntheticFleet.Series>> families, Path file, long from, long to)
			throws IOException {
		int firstMinute = (int) Math.max(0, -Math.floorDiv(this.fleet.seconds(0) - from, 60));
		int lastMinute = (int) Math.min(this.fleet.minutes(), -Math.floorDiv(this.fleet.seconds(0) - to, 60) - 1);
		long samples = 0;
		try (BufferedWriter out = Files.newBufferedWriter(file)) {
			StringBuilder line = new StringBuilder(256);
			for (List<SyntheticFleet.Series> family : families.values()) {
				for (SyntheticFleet.Series series : family) {
					String selector = series.selector();
					for (int m = firstMinute; m <= lastMinute; m++) {
						double value = series.value(m);
						if (SyntheticFleet.isAbsent(value)) {
							continue;
						}
						line.setLength(0);
						line.append(selector)
							.append(' ')
							.append(Double.isNaN(value) ? "NaN" : format(value))
							.append(' ')
							.append(this.fleet.seconds(m))
							.append('\n');
						out.append(line);
						samples++;
					}
				}
			}
			out.append("# EOF\n");
		}
		return samples;
	}

	/**
	 * Backfill every recording rule over the fleet's time range, one rule at a time,
	 * timed.
	 * @param prometheus a Prometheus on the fleet's TSDB
	 * @param output where the rules' blocks go
	 * @throws Exception on failure
	 */
	void backfillRecordingRules(LocalPrometheus prometheus, Path output) throws Exception {
		for (Map<String, Object> rule : AlertRules.records()) {
			String record = (String) rule.get("record");
			Path file = this.directory.resolve("rule-" + record.replace(':', '_') + ".yml");
			Files.writeString(file, "groups:\n  - name: backfill\n    interval: 1m\n    rules:\n      - record: "
					+ record + "\n        expr: |\n" + indent((String) rule.get("expr"), "          "));
			long started = System.nanoTime();
			Command backfill = Command.run(this.directory, TOOL_TIMEOUT, this.promtool.toString(), "tsdb",
					"create-blocks-from", "rules", "--start=" + this.fleet.seconds(0), "--end=" + end(),
					"--url=" + prometheus.api().baseUri(), "--output-dir=" + output, file.toString());
			long nanos = System.nanoTime() - started;
			if (!backfill.isSuccess() || backfill.output().contains("error")) {
				throw new IllegalStateException(backfill.toString());
			}
			this.timings.add(new Timing("recording rule", record,
					"promtool backfill over " + this.fleet.minutes() / 60 + " h, one evaluation a minute", nanos, nanos,
					-1));
		}
	}

	/**
	 * Time every recording rule's expression at the fleet's last minute: one evaluation.
	 * @param prometheus a Prometheus on the fleet's TSDB
	 * @throws Exception on failure
	 */
	void timeRecordingRules(PrometheusApi prometheus) throws Exception {
		for (Map<String, Object> rule : AlertRules.records()) {
			timed("recording rule", (String) rule.get("record"), "instant query at the last minute",
					() -> prometheus.query((String) rule.get("expr"), end()));
		}
	}

	/**
	 * Time every alerting rule's expression at the fleet's last minute.
	 * @param prometheus a Prometheus on the fleet's TSDB with the recorded series
	 * @return the series each alert's expression returned
	 * @throws Exception on failure
	 */
	Map<String, QueryResult> timeAlertingRules(PrometheusApi prometheus) throws Exception {
		Map<String, QueryResult> results = new LinkedHashMap<>();
		for (Map<String, Object> rule : AlertRules.alerts()) {
			String alert = (String) rule.get("alert");
			results.put(alert, timed("alerting rule", alert, "instant query at the last minute",
					() -> prometheus.query((String) rule.get("expr"), end())));
		}
		return results;
	}

	/**
	 * Time every dashboard query as Grafana runs it over the fleet's whole time range.
	 * @param prometheus a Prometheus on the fleet's TSDB with the recorded series
	 * @param application the application the dashboard shows
	 * @return the queries that failed or returned no data
	 * @throws Exception on failure
	 */
	List<String> timeDashboard(PrometheusApi prometheus, String application) throws Exception {
		GrafanaDashboard dashboard = GrafanaDashboard.load();
		long range = end() - this.fleet.seconds(0);
		Map<String, String> values = Map.of("cluster", ".*", "namespace", SyntheticFleet.NAMESPACE, "application",
				application, "version", ".*", "pod", ".*", "__rate_interval", "4m", "__interval", "1m", "__range",
				range + "s");
		List<String> problems = new ArrayList<>();
		for (GrafanaDashboard.Variable variable : dashboard.variables()) {
			if (!"query".equals(variable.type())) {
				continue;
			}
			Matcher labelValues = Pattern.compile("label_values\\((?:(.*),\\s*)?(\\w+)\\)").matcher(variable.query());
			if (labelValues.matches()) {
				String selector = (labelValues.group(1) != null)
						? GrafanaDashboard.substitute(labelValues.group(1), values::get) : null;
				timedLabels("variable", variable.name(), prometheus, labelValues.group(2), selector);
			}
		}
		String range_ = "range query over " + range / 3600 + " h, 1-minute step";
		for (PanelQuery query : dashboard.queries()) {
			String expr = GrafanaDashboard.substitute(query.expr(), values::get);
			QueryResult result = query.instant()
					? timed("panel", query.toString(), "instant query over the range",
							() -> prometheus.query(expr, end()))
					: timed("panel", query.toString(), range_,
							() -> prometheus.queryRange(expr, this.fleet.seconds(0), end(), 60));
			if (!result.hasData()) {
				problems.add(query + ": " + result + ": " + expr);
			}
		}
		for (PanelQuery annotation : dashboard.annotations()) {
			String expr = GrafanaDashboard.substitute(annotation.expr(), values::get);
			QueryResult result = timed("annotation", annotation.panelTitle(), range_,
					() -> prometheus.queryRange(expr, this.fleet.seconds(0), end(), 60));
			if (!"success".equals(result.status())) {
				problems.add(annotation + ": " + result + ": " + expr);
			}
		}
		return problems;
	}

	/**
	 * Wait until the TSDB has compacted the imported blocks (its first compaction runs a
	 * minute after the start), so that timings measure queries on settled storage, as in
	 * a Prometheus that has run for a while, and not the compaction beside them.
	 * @param prometheus the server
	 * @param timeout how long to wait at most
	 * @throws Exception on failure or interruption
	 */
	static void awaitSettledStorage(PrometheusApi prometheus, Duration timeout) throws Exception {
		long deadline = System.nanoTime() + timeout.toNanos();
		Thread.sleep(75_000);
		String previous = "";
		int stable = 0;
		while (System.nanoTime() < deadline && stable < 3) {
			Matcher matcher = METRIC.matcher(prometheus.text("/metrics"));
			StringBuilder state = new StringBuilder();
			while (matcher.find()) {
				state.append(matcher.group(1)).append('=').append(matcher.group(2)).append(' ');
			}
			stable = state.toString().equals(previous) ? stable + 1 : 0;
			previous = state.toString();
			Thread.sleep(10_000);
		}
	}

	private QueryResult timed(String kind, String name, String how, Query query) throws Exception {
		long[] nanos = new long[RUNS];
		QueryResult result = null;
		for (int i = 0; i < RUNS; i++) {
			long started = System.nanoTime();
			result = query.run();
			nanos[i] = System.nanoTime() - started;
			if (!"success".equals(result.status())) {
				throw new IllegalStateException(kind + " " + name + " failed: " + result);
			}
		}
		Arrays.sort(nanos);
		this.timings.add(new Timing(kind, name, how, nanos[RUNS / 2], nanos[RUNS - 1], result.samples().size()));
		return result;
	}

	private void timedLabels(String kind, String name, PrometheusApi prometheus, String label, String selector)
			throws Exception {
		long[] nanos = new long[RUNS];
		int found = 0;
		for (int i = 0; i < RUNS; i++) {
			long started = System.nanoTime();
			found = prometheus.labelValues(label, selector).size();
			nanos[i] = System.nanoTime() - started;
		}
		Arrays.sort(nanos);
		this.timings.add(new Timing(kind, name, "label values", nanos[RUNS / 2], nanos[RUNS - 1], found));
	}

	/**
	 * Write the results as a Markdown report.
	 * @param file where
	 * @param title the report's title
	 * @throws IOException if it cannot be written
	 */
	void report(Path file, String title) throws IOException {
		StringBuilder report = new StringBuilder("# ").append(title).append("\n\n");
		report.append("Run ")
			.append(Instant.now())
			.append(", ")
			.append(Runtime.getRuntime().availableProcessors())
			.append(" processors.\n\n| | |\n|---|---|\n");
		this.facts.forEach((key, value) -> report.append("| ").append(key).append(" | ").append(value).append(" |\n"));
		report.append("\n| kind | what | how | median | slowest | series |\n|---|---|---|---|---|---|\n");
		for (Timing timing : this.timings) {
			report.append("| ")
				.append(timing.kind())
				.append(" | ")
				.append(timing.name().replace("|", "\\|"))
				.append(" | ")
				.append(timing.how())
				.append(" | ")
				.append(seconds(timing.medianNanos()))
				.append(" | ")
				.append(seconds(timing.maxNanos()))
				.append(" | ")
				.append((timing.series() >= 0) ? Integer.toString(timing.series()) : "")
				.append(" |\n");
		}
		Files.writeString(file, report);
		System.out.print(report);
	}

	private static String indent(String text, String prefix) {
		StringBuilder indented = new StringBuilder();
		for (String line : text.strip().split("\n")) {
			indented.append(prefix).append(line).append('\n');
		}
		return indented.toString();
	}

	private static String format(double value) {
		return (value == Math.rint(value) && Math.abs(value) < 1e15) ? Long.toString((long) value)
				: Double.toString(value);
	}

	static String seconds(long nanos) {
		return String.format(Locale.ROOT, "%.3f s", nanos / 1e9);
	}

	private static String mebibytes(long bytes) {
		return String.format(Locale.ROOT, "%.0f MiB", bytes / 1048576.0);
	}

	static void deleteRecursively(Path directory) throws IOException {
		if (!Files.exists(directory)) {
			return;
		}
		try (Stream<Path> files = Files.walk(directory)) {
			for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(file);
			}
		}
	}

	@FunctionalInterface
	interface Query {

		QueryResult run() throws Exception;

	}

	/**
	 * How long one rule or query took.
	 *
	 * @param kind recording rule, alerting rule, panel, annotation or variable
	 * @param name which
	 * @param how how it was run
	 * @param medianNanos the median of the runs
	 * @param maxNanos the slowest run
	 * @param series how many series it returned, -1 if not counted
	 */
	record Timing(String kind, String name, String how, long medianNanos, long maxNanos, int series) {
	}

}
