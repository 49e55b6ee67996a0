package dev.memleak.sample.ops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The promtool tests can fail: each rule broken in a way that matters (the bugs of issue
 * 11 among them) makes its tests fail. Every mutation runs the one test file that must
 * catch it against a copy of the rules with that one change.
 *
 * @author memleak
 */
@Tag(OpsEnvironment.JVM_INDEPENDENT)
class AlertRuleMutationsTests {

	private static final Duration TIMEOUT = Duration.ofMinutes(2);

	static Stream<Arguments> mutations() {
		return Stream.of(mutation(
				"the trend without the max > 0 guard (a shrinking live set with a maximum of -1 fired)",
				"group_left() (jvm_gc_max_data_size_bytes > 0))\n              / -deriv(memleak_heap_live_bytes[",
				"group_left() jvm_gc_max_data_size_bytes)\n              / -deriv(memleak_heap_live_bytes[",
				"MemleakLiveSetExhaustionTrend", 2),
				mutation("the trend's hour of history taken from the series, not from the JVM's uptime",
						"(time() - process_start_time_seconds) > 3600", "memleak_heap_live_bytes offset 1h",
						"MemleakLiveSetExhaustionTrend"),
				mutation("the container trend's history joined across an in-place restart (cAdvisor's id ignored)",
						"            and on(namespace, pod, container, id)\n            container_memory_working_set_bytes{container!=\"\"} offset 1h",
						"            and on(namespace, pod, container)\n            container_memory_working_set_bytes{container!=\"\"} offset 1h",
						"MemleakContainerMemoryExhaustionTrend"),
				mutation("the detector's projection paging per pod, not per application",
						"          min by (cluster, namespace, application) (\n              memleak_heap_exhaustion_seconds < 4 * 3600",
						"          (\n              memleak_heap_exhaustion_seconds < 4 * 3600",
						"scenarios/TwentyLeakingPods"),
				mutation("a page that does not give way to the one before it",
						"          ALERTS{alertstate=\"firing\", alertname=~\"MemleakLeakMaskedByRestarts|MemleakHeapExhaustionPredicted\"}\n        for: 30m",
						"          ALERTS{alertstate=\"firing\", alertname=~\"MemleakLeakMaskedByRestarts\"}\n        for: 30m",
						"MemleakLiveSetExhaustionTrend"),
				mutation("restarts counted over 2 hours instead of 5 (cycles of 2 hours resolve and fire again)",
						"changes(process_start_time_seconds[5h])\n              and on(job, instance)\n                (\n                    max_over_time(memleak_heap_live_bytes[5h])",
						"changes(process_start_time_seconds[2h])\n              and on(job, instance)\n                (\n                    max_over_time(memleak_heap_live_bytes[5h])",
						"MemleakLeakMaskedByRestarts"),
				mutation("restarts counted whatever the live set was",
						"                ) > 0.9\n              and on(job, instance)\n                present_over_time",
						"                ) > 0.2\n              and on(job, instance)\n                present_over_time",
						"MemleakLeakMaskedByRestarts"),
				mutation("kube-state-metrics' OOM kills not counted",
						"kube_pod_container_status_last_terminated_reason{reason=\"OOMKilled\"} == 1\n                      or",
						"kube_pod_container_status_last_terminated_reason{reason=\"Evicted\"} == 1\n                      or",
						"MemleakLeakMaskedByRestarts"),
				mutation("the live set at equal uptime compared to a threshold ten times too high",
						"(max_over_time(jvm_gc_max_data_size_bytes[5h]) > 0)\n                ) > 0.05",
						"(max_over_time(jvm_gc_max_data_size_bytes[5h]) > 0)\n                ) > 0.5",
						"MemleakLeakMaskedByRestarts"),
				mutation("a new version compared with versions that leaked too",
						"max_over_time(application_version:memleak_leak_suspected:ratio[7d]) < 0.5\n",
						"max_over_time(application_version:memleak_leak_suspected:ratio[7d]) < 2\n",
						"MemleakNewVersionLeaks"),
				mutation("a previous version that ran a minute counts",
						"count_over_time(application_version:memleak_leak_suspected:ratio[7d]) >= 120",
						"count_over_time(application_version:memleak_leak_suspected:ratio[7d]) >= 1",
						"MemleakNewVersionLeaks"),
				mutation("the pods' own tickets go on next to the application's",
						"          unless on(cluster, namespace, application)\n          ALERTS{alertstate=\"firing\", alertname=\"MemleakApplicationLeakSuspected\"}",
						"", "MemleakApplicationLeakSuspected"),
				mutation("any exit code taken for an OutOfMemoryError",
						"kube_pod_container_status_last_terminated_exitcode == 3\n          )",
						"kube_pod_container_status_last_terminated_exitcode > 0\n          )",
						"MemleakHeapOutOfMemoryExit"),
				mutation("successful liveness probes taken for failed ones",
						"prober_probe_total{probe_type=\"Liveness\", result=\"failed\"}",
						"prober_probe_total{probe_type=\"Liveness\"}", "MemleakLivenessKilled"),
				mutation("the container projection paging next to a heap page",
						"ALERTS{alertstate=\"firing\", alertname=~\"MemleakLeakMaskedByRestarts|MemleakHeapExhaustionPredicted|MemleakLiveSetExhaustionTrend|MemleakLiveSetNearMax\"}",
						"ALERTS{alertstate=\"firing\", alertname=~\"MemleakLeakMaskedByRestarts\"}",
						"MemleakContainerExhaustionPredicted"),
				mutation("the pod's leak looked up on the other pods of its job",
						"memleak_diagnosis_leak{job=%q,instance=%q}\" $labels.job $labels.instance",
						"memleak_diagnosis_leak{job=%q,instance!=%q}\" $labels.job $labels.instance",
						"MemleakLeakSuspected"),
				mutation("the application's leak taken from the pod where it is least certain",
						"topk(1, memleak_diagnosis_leak{", "bottomk(1, memleak_diagnosis_leak{",
						"MemleakApplicationLeakSuspected"),
				mutation("the median growth per version taken as the 90th percentile",
						"            0.5, memleak_heap_growth_bytes_per_second > -Inf",
						"            0.9, memleak_heap_growth_bytes_per_second > -Inf", "scenarios/RecordingRules"),
				mutation("the detector's projection trusted without its SUSPECTED verdict (a warm-up pages)",
						"memleak_heap_exhaustion_seconds < 4 * 3600\n            and on(job, instance)\n              memleak_leak_suspected == 1",
						"memleak_heap_exhaustion_seconds < 4 * 3600\n            and on(job, instance)\n              memleak_leak_suspected >= 0",
						"MemleakHeapExhaustionPredicted"),
				mutation("a live set at half the maximum taken for one near it (a cache plateau pages)",
						"(jvm_gc_max_data_size_bytes > 0)\n          ) > 0.9\n",
						"(jvm_gc_max_data_size_bytes > 0)\n          ) > 0.5\n", "MemleakLiveSetNearMax"),
				mutation("a GC overhead of 1% taken for a JVM short of heap", "jvm_gc_overhead > 0.1\n",
						"jvm_gc_overhead > 0.01\n", "MemleakGcOverheadHigh"),
				mutation("absence judged on a selector that matches none of memleak's series",
						"absent(memleak_leak_status)", "absent(memleak_leak_status{namespace=\"none\"})",
						"MemleakMetricsAbsent"),
				mutation("a target without memleak hidden by the other targets of its job",
						"unless on(job, instance)\n              memleak_leak_status\n",
						"unless on(job)\n              memleak_leak_status\n", "MemleakMetricsMissing"),
				mutation("an OOM kill reported for as long as kube-state-metrics remembers it, not once",
						"increase(kube_pod_container_status_restarts_total[30m]) > 0\n            and on(namespace, pod, container)\n            kube_pod_container_status_last_terminated_reason{reason=\"OOMKilled\"} == 1",
						"kube_pod_container_status_last_terminated_reason{reason=\"OOMKilled\"} == 1",
						"MemleakContainerOOMKilled"));
	}

	@Test
	void everyPromtoolTestFileIsShownToFailOnABrokenRule() throws IOException {
		Path tests = OpsEnvironment.repository("k8s/rules/tests");
		Set<String> mutated = mutations().map((arguments) -> (String) arguments.get()[3]).collect(Collectors.toSet());
		try (Stream<Path> files = Files.walk(tests)) {
			List<String> testFiles = files.map((file) -> tests.relativize(file).toString())
				.filter((file) -> file.endsWith(".test.yml"))
				.map((file) -> file.substring(0, file.length() - ".test.yml".length()))
				.toList();
			assertThat(testFiles).as("promtool test files").hasSizeGreaterThan(10);
			assertThat(mutated).as("test files with a mutation that must fail them").containsAll(testFiles);
		}
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("mutations")
	void promtoolTestsFailOnABrokenRule(String description, String original, String broken, String testFile,
			int occurrences) throws Exception {
		OpsEnvironment.requireTool("promtool", OpsEnvironment.PROMETHEUS_INSTALL);
		String rules = Files.readString(OpsEnvironment.repository(AlertRules.FILE));
		assertThat(rules.split(java.util.regex.Pattern.quote(original), -1))
			.as("'%s' in the rules, %d time(s)", original, occurrences)
			.hasSize(occurrences + 1);
		Command test = Runs.INSTANCE.result(description).get(TIMEOUT.toSeconds() * Runs.ALL_AT_MOST, TimeUnit.SECONDS);
		assertThat(test.isSuccess()).as("promtool tests of %s pass with %s:%n%s", testFile, description, test)
			.isFalse();
		assertThat(test.output()).contains("FAILED");
	}

	private static Command runMutated(String original, String broken, String testFile)
			throws IOException, InterruptedException {
		Path promtool = OpsEnvironment.requireTool("promtool", OpsEnvironment.PROMETHEUS_INSTALL);
		String rules = Files.readString(OpsEnvironment.repository(AlertRules.FILE));
		Path copy = Files.createTempDirectory("memleak-mutated-rules-");
		try {
			Files.writeString(copy.resolve("memleak-alerts.rules.yml"), rules.replace(original, broken));
			copyTests(OpsEnvironment.repository("k8s/rules/tests"), copy.resolve("tests"));
			return Command.run(copy.resolve("tests"), TIMEOUT, promtool.toString(), "test", "rules",
					testFile + ".test.yml");
		}
		finally {
			try (Stream<Path> files = Files.walk(copy)) {
				for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
					Files.deleteIfExists(file);
				}
			}
		}
	}

	/**
	 * The promtool runs of every mutation, two at a time: promtool evaluates a test file
	 * on one core, and one after another they took most of this module's test time on the
	 * 2-core CI machine (docs/performance.md, "CI"). Each test waits for its own run.
	 */
	private enum Runs {

		INSTANCE;

		/** How many runs' timeouts the wait for one run covers, queued behind others. */
		static final long ALL_AT_MOST = 30;

		private final Map<String, Future<Command>> results = new ConcurrentHashMap<>();

		private final ExecutorService executor = Executors.newFixedThreadPool(2, (task) -> {
			Thread thread = new Thread(task, "promtool-mutation");
			thread.setDaemon(true);
			return thread;
		});

		Runs() {
			mutations().forEach((arguments) -> {
				Object[] values = arguments.get();
				this.results.put((String) values[0], this.executor
					.submit(() -> runMutated((String) values[1], (String) values[2], (String) values[3])));
			});
			this.executor.shutdown();
		}

		Future<Command> result(String description) {
			return this.results.get(description);
		}

	}

	private static Arguments mutation(String description, String original, String broken, String testFile) {
		return mutation(description, original, broken, testFile, 1);
	}

	private static Arguments mutation(String description, String original, String broken, String testFile,
			int occurrences) {
		return Arguments.of(description, original, broken, testFile, occurrences);
	}

	private static void copyTests(Path from, Path to) throws IOException {
		try (Stream<Path> files = Files.walk(from)) {
			for (Path file : files.toList()) {
				Path target = to.resolve(from.relativize(file).toString());
				if (Files.isDirectory(file)) {
					Files.createDirectories(target);
				}
				else {
					Files.copy(file, target);
				}
			}
		}
	}

}
