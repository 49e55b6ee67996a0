package dev.memleak.sample.ops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every kustomize overlay and the cluster-wide monitoring part render, their objects
 * validate against the Kubernetes and prometheus-operator schemas, and the pieces fit
 * together: the application's overlays hold what belongs to the application, the rules
 * and the dashboard are deployed once (k8s/monitoring), the rules inside the
 * PrometheusRule pass promtool, the dashboard ConfigMap is the dashboard, the
 * ServiceMonitor reaches the Deployment's pods, and the JVM's memory settings fit the
 * container.
 *
 * @author memleak
 */
@Tag(OpsEnvironment.JVM_INDEPENDENT)
class KubernetesManifestsTests {

	private static final Duration TIMEOUT = Duration.ofMinutes(2);

	private static final long MIB = 1024 * 1024;

	/** The cluster-wide part: rules and dashboard, once per Prometheus and Grafana. */
	private static final String MONITORING = "k8s/monitoring";

	/**
	 * The pod label that names the release, handed to the application as its version tag.
	 */
	private static final String VERSION_LABEL = "app.kubernetes.io/version";

	private static final Map<String, Rendered> rendered = new ConcurrentHashMap<>();

	static Stream<String> overlays() throws IOException {
		try (Stream<Path> overlays = Files.list(OpsEnvironment.repository("k8s/overlays"))) {
			return overlays.filter((overlay) -> Files.isRegularFile(overlay.resolve("kustomization.yaml")))
				.map((overlay) -> "k8s/overlays/" + overlay.getFileName())
				.sorted()
				.toList()
				.stream();
		}
	}

	static Stream<String> kustomizations() throws IOException {
		return Stream.concat(overlays(), Stream.of(MONITORING));
	}

	@ParameterizedTest
	@MethodSource("kustomizations")
	void rendersToObjectsValidForKubernetesAndThePrometheusOperator(String kustomization) throws Exception {
		Rendered objects = render(kustomization);
		Path project = OpsEnvironment.requireNodeProject("k8s/validate");
		Command validate = Command.run(project, TIMEOUT, "node", "validate-manifests.mjs", objects.file().toString());
		assertThat(validate.isSuccess()).as("%s", validate).isTrue();
	}

	@ParameterizedTest
	@MethodSource("overlays")
	void overlayHoldsTheApplicationAndNeitherRulesNorDashboards(String overlay) {
		Rendered objects = render(overlay);
		assertThat(objects.kinds()).contains("Deployment", "Service", "ServiceMonitor", "ConfigMap")
			.doesNotContain("PrometheusRule");
		assertThat(objects.dashboards()).as("dashboard ConfigMaps in %s", overlay).isEmpty();
	}

	@Test
	void monitoringHoldsTheRulesAndTheDashboardForTheMonitoringNamespace() {
		Rendered objects = render(MONITORING);
		assertThat(objects.kinds()).containsExactlyInAnyOrder("PrometheusRule", "ConfigMap");
		assertThat(objects.objects()).allSatisfy(
				(object) -> assertThat(Parsed.map(object.get("metadata"))).containsEntry("namespace", "monitoring"));
	}

	@Test
	void rulesInsideThePrometheusRulePassPromtoolAndAreTheRulesFile() throws Exception {
		Map<String, Object> spec = Parsed.map(render(MONITORING).only("PrometheusRule").get("spec"));
		assertThat(spec).isEqualTo(AlertRules.load());
		DumperOptions options = new DumperOptions();
		options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
		Path rules = OpsEnvironment.writeTemporary("monitoring-rules.yml", new Yaml(options).dump(spec));
		Path promtool = OpsEnvironment.requireTool("promtool", OpsEnvironment.PROMETHEUS_INSTALL);
		Command check = Command.run(rules.getParent(), TIMEOUT, promtool.toString(), "check", "rules",
				rules.toString());
		assertThat(check.isSuccess()).as("%s", check).isTrue();
	}

	@Test
	void dashboardConfigMapIsTheDashboardForGrafanasSidecar() throws Exception {
		Map<String, Object> configMap = render(MONITORING).named("ConfigMap", "memleak-dashboard");
		Map<String, Object> metadata = Parsed.map(configMap.get("metadata"));
		assertThat(Parsed.map(metadata.get("labels"))).containsEntry("grafana_dashboard", "1");
		assertThat(Parsed.map(configMap.get("data"))).containsOnlyKeys("memleak-dashboard.json")
			.containsEntry("memleak-dashboard.json",
					Files.readString(OpsEnvironment.repository("grafana/memleak-dashboard.json")));
	}

	@Test
	void everythingDeployedTogetherHoldsOneDashboardPerFileNameAndOneRuleSet() throws Exception {
		// What a cluster gets from every overlay and the monitoring part: Grafana's
		// sidecar
		// writes each dashboard ConfigMap's keys as files of one folder, so two
		// ConfigMaps
		// (in any namespaces) with the same key, or two names, would collide.
		List<Map<String, Object>> dashboards = new ArrayList<>();
		int ruleSets = 0;
		for (String kustomization : kustomizations().toList()) {
			dashboards.addAll(render(kustomization).dashboards());
			ruleSets += render(kustomization).ofKind("PrometheusRule").size();
		}
		assertThat(ruleSets).isOne();
		assertThat(dashboards).hasSize(1);
		List<String> fileNames = dashboards.stream()
			.flatMap((configMap) -> Parsed.map(configMap.get("data")).keySet().stream())
			.toList();
		assertThat(fileNames).doesNotHaveDuplicates();
	}

	@ParameterizedTest
	@MethodSource("overlays")
	void serviceMonitorScrapesThePrometheusEndpointOfTheDeploymentsPods(String overlay) throws Exception {
		Rendered objects = render(overlay);
		Map<String, Object> deployment = objects.only("Deployment");
		Map<String, Object> service = objects.only("Service");
		Map<String, Object> monitor = objects.only("ServiceMonitor");
		Map<String, Object> podLabels = labels(
				Parsed.map(Parsed.map(deployment.get("spec")).get("template")).get("metadata"));
		Map<String, Object> serviceSpec = Parsed.map(service.get("spec"));
		assertThat(podLabels).containsAllEntriesOf(Parsed.map(serviceSpec.get("selector")));
		Map<String, Object> monitorSpec = Parsed.map(monitor.get("spec"));
		assertThat(labels(service.get("metadata")))
			.containsAllEntriesOf(Parsed.map(Parsed.map(monitorSpec.get("selector")).get("matchLabels")));
		List<Object> portNames = Parsed.maps(serviceSpec.get("ports"))
			.stream()
			.map((port) -> port.get("name"))
			.toList();
		assertThat(Parsed.maps(monitorSpec.get("endpoints"))).isNotEmpty().allSatisfy((endpoint) -> {
			assertThat(portNames).contains(endpoint.get("port"));
			assertThat(endpoint.get("path")).isEqualTo("/actuator/prometheus");
		});
		assertThat(labels(monitor.get("metadata"))).containsKey("release");
		assertThat(labels(render(MONITORING).only("PrometheusRule").get("metadata"))).containsKey("release");
	}

	@ParameterizedTest
	@MethodSource("overlays")
	void deploymentHasHealthProbesMemoryLimitsJvmFlagsAndMemleakSettings(String overlay) throws Exception {
		Rendered objects = render(overlay);
		Map<String, Object> container = objects.container();
		assertThat(probePath(container, "livenessProbe")).isEqualTo("/actuator/health/liveness");
		assertThat(probePath(container, "readinessProbe")).isEqualTo("/actuator/health/readiness");
		Map<String, Object> resources = Parsed.map(container.get("resources"));
		assertThat(Parsed.map(resources.get("limits"))).containsKey("memory");
		assertThat(Parsed.map(resources.get("requests"))).containsKeys("memory", "cpu");
		assertThat(Parsed.maps(container.get("env")))
			.anySatisfy((variable) -> assertThat(variable).containsEntry("name", "JAVA_TOOL_OPTIONS")
				.extractingByKey("value")
				.asString()
				.contains("-XX:MaxRAMPercentage=", "-XX:+ExitOnOutOfMemoryError", "-XX:NativeMemoryTracking=summary",
						"-XX:MaxDirectMemorySize=", "-XX:ActiveProcessorCount=", "-XX:+HeapDumpOnOutOfMemoryError",
						"-XX:FlightRecorderOptions:old-object-queue-size=1024"));
		String configMapName = (String) Parsed.map(Parsed.maps(container.get("envFrom")).get(0).get("configMapRef"))
			.get("name");
		assertThat(Parsed.map(objects.named("ConfigMap", configMapName).get("data"))).containsKeys("MEMLEAK_ENABLED",
				"MEMLEAK_DETECTION_WINDOW", "MEMLEAK_SNAPSHOT_INTERVAL");
	}

	@ParameterizedTest
	@MethodSource("overlays")
	void jvmMemoryFitsTheContainerAndHeapDumpsHaveAVolumeLargeEnough(String overlay) {
		Rendered objects = render(overlay);
		Map<String, Object> podSpec = objects.podSpec();
		Map<String, Object> container = objects.container();
		String options = objects.javaToolOptions();
		Map<String, Object> limits = Parsed.map(Parsed.map(container.get("resources")).get("limits"));
		long limit = bytes(limits.get("memory"));
		long heap = (long) (limit * Double.parseDouble(option(options, "-XX:MaxRAMPercentage=")) / 100);
		long direct = bytes(option(options, "-XX:MaxDirectMemorySize="));
		// Measured with Native Memory Tracking on the sample under load: about 170 MiB
		// outside
		// the heap without direct buffers (docs/kubernetes.md); the budget leaves that
		// and a
		// quarter more for growth.
		assertThat(limit - heap - direct).as("%s: memory left outside the heap and direct buffers", overlay)
			.isGreaterThanOrEqualTo(128L * MIB);
		String dumps = option(options, "-XX:HeapDumpPath=");
		String volume = Parsed.maps(container.get("volumeMounts"))
			.stream()
			.filter((mount) -> dumps.equals(mount.get("mountPath")))
			.map((mount) -> (String) mount.get("name"))
			.findFirst()
			.orElseThrow(() -> new AssertionError(overlay + ": no volume at the heap dump path " + dumps));
		long sizeLimit = Parsed.maps(podSpec.get("volumes"))
			.stream()
			.filter((candidate) -> volume.equals(candidate.get("name")))
			.map((candidate) -> bytes(Parsed.map(candidate.get("emptyDir")).get("sizeLimit")))
			.findFirst()
			.orElseThrow();
		String configMapName = (String) Parsed.map(Parsed.maps(container.get("envFrom")).get(0).get("configMapRef"))
			.get("name");
		Map<String, Object> settings = Parsed.map(objects.named("ConfigMap", configMapName).get("data"));
		assertThat((String) settings.get("MEMLEAK_SITES_HEAPDUMP_DIRECTORY")).startsWith(dumps + "/");
		long quota = bytes(((String) settings.get("MEMLEAK_SITES_HEAPDUMP_MAXDISK")).replace("MB", "Mi"));
		assertThat(sizeLimit).as("%s: the heap-dump volume holds a dump of the whole heap and memleak's quota", overlay)
			.isGreaterThanOrEqualTo(heap + quota);
		assertThat(bytes(limits.get("ephemeral-storage"))).as("%s: ephemeral storage for the volumes", overlay)
			.isGreaterThanOrEqualTo(sizeLimit + 256L * MIB);
	}

	@ParameterizedTest
	@MethodSource("overlays")
	void theJvmCanWriteThePerformanceCountersThatMemleakReadsInTmp(String overlay) {
		// On JDK 17-19, memleak sees G1's marking cycles end through the JVM's hsperfdata
		// file, which HotSpot writes to /tmp (docs/kubernetes.md#the-tmp-volume); a
		// read-only root file system needs /tmp as a volume of its own.
		Rendered objects = render(overlay);
		Map<String, Object> podSpec = objects.podSpec();
		Map<String, Object> container = objects.container();
		Map<String, Object> tmp = Parsed.maps(container.get("volumeMounts"))
			.stream()
			.filter((mount) -> "/tmp".equals(mount.get("mountPath")))
			.findFirst()
			.orElseThrow(() -> new AssertionError(overlay + ": no volume at /tmp"));
		assertThat(tmp.get("readOnly")).as("%s: /tmp read-only", overlay).isNotEqualTo(Boolean.TRUE);
		assertThat(Parsed.maps(podSpec.get("volumes")))
			.anySatisfy((volume) -> assertThat(volume).containsEntry("name", tmp.get("name")).containsKey("emptyDir"));
		String options = objects.javaToolOptions();
		assertThat(options.split("\\s+")).as("%s: JVM flags", overlay)
			.doesNotContain("-XX:-UsePerfData", "-XX:+PerfDisableSharedMem");
	}

	@ParameterizedTest
	@MethodSource("overlays")
	void theApplicationTagsItsMetricsWithTheReleaseOfItsImage(String overlay) {
		Rendered objects = render(overlay);
		Map<String, Object> template = Parsed.map(Parsed.map(objects.only("Deployment").get("spec")).get("template"));
		String version = (String) labels(template.get("metadata")).get(VERSION_LABEL);
		assertThat(version).as("%s: the pods' release label", overlay).isNotBlank();
		Map<String, Object> container = objects.container();
		assertThat((String) container.get("image")).as("%s: the image's tag is the release", overlay)
			.endsWith(":" + version);
		Map<String, Object> tag = Parsed.maps(container.get("env"))
			.stream()
			.filter((variable) -> SampleApplicationProcess.VERSION_VARIABLE.equals(variable.get("name")))
			.findFirst()
			.orElseThrow(() -> new AssertionError(overlay + ": no version tag for the metrics"));
		assertThat(Parsed.map(Parsed.map(tag.get("valueFrom")).get("fieldRef"))).containsEntry("fieldPath",
				"metadata.labels['" + VERSION_LABEL + "']");
	}

	@ParameterizedTest
	@MethodSource("overlays")
	void noSelectorNamesTheReleaseSoThatARolloutKeepsItsPodsTogether(String overlay) {
		// A Deployment's selector cannot change, and a Service, ServiceMonitor or
		// disruption budget that selected one release would lose the pods of the other
		// during a rollout (and the scrapes that compare the two releases).
		Rendered objects = render(overlay);
		List<String> selecting = new ArrayList<>();
		for (Map<String, Object> object : objects.objects()) {
			Map<String, Object> spec = Parsed.map(object.get("spec"));
			Object selector = spec.get("selector");
			if (selector == null) {
				continue;
			}
			Map<String, Object> labels = Parsed.map(selector).containsKey("matchLabels")
					? Parsed.map(Parsed.map(selector).get("matchLabels")) : Parsed.map(selector);
			selecting.add(object.get("kind") + " " + labels);
			assertThat(labels)
				.as("%s: the selector of %s %s", overlay, object.get("kind"),
						Parsed.map(object.get("metadata")).get("name"))
				.isNotEmpty()
				.doesNotContainKey(VERSION_LABEL);
		}
		assertThat(selecting).as("%s: objects with a selector", overlay).hasSizeGreaterThanOrEqualTo(3);
	}

	private static String option(String options, String prefix) {
		return java.util.Arrays.stream(options.split("\\s+"))
			.filter((option) -> option.startsWith(prefix))
			.map((option) -> option.substring(prefix.length()))
			.findFirst()
			.orElseThrow(() -> new AssertionError("JAVA_TOOL_OPTIONS lacks " + prefix + ": " + options));
	}

	/** Kubernetes quantities (Mi, Gi) and JVM sizes (m, g) in bytes. */
	private static long bytes(Object quantity) {
		String text = String.valueOf(quantity);
		java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("(\\d+)(Ki|Mi|Gi|k|m|g)?").matcher(text);
		assertThat(matcher.matches()).as("a size: %s", text).isTrue();
		long value = Long.parseLong(matcher.group(1));
		String unit = (matcher.group(2) != null) ? matcher.group(2) : "";
		return switch (unit) {
			case "Ki", "k" -> value * 1024;
			case "Mi", "m" -> value * MIB;
			case "Gi", "g" -> value * 1024 * MIB;
			default -> value;
		};
	}

	private static Rendered render(String kustomization) {
		return rendered.computeIfAbsent(kustomization, (name) -> {
			Path kubectl = OpsEnvironment.requireTool("kubectl", OpsEnvironment.KUBECTL_INSTALL);
			try {
				Command kustomize = Command.run(OpsEnvironment.repository("."), TIMEOUT, kubectl.toString(),
						"kustomize", name);
				assertThat(kustomize.isSuccess()).as("%s", kustomize).isTrue();
				Path file = OpsEnvironment.writeTemporary(name.replace('/', '-') + ".yaml", kustomize.output());
				List<Map<String, Object>> objects = new ArrayList<>();
				for (Object document : new Yaml().loadAll(kustomize.output())) {
					objects.add(Parsed.map(document));
				}
				return new Rendered(file, objects);
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		});
	}

	private static Map<String, Object> labels(Object metadata) {
		return Parsed.map(Parsed.map(metadata).get("labels"));
	}

	private static Object probePath(Map<String, Object> container, String probe) {
		return Parsed.map(Parsed.map(container.get(probe)).get("httpGet")).get("path");
	}

	/**
	 * The objects an overlay renders to.
	 *
	 * @param file where the rendered YAML was written
	 * @param objects the parsed objects
	 */
	record Rendered(Path file, List<Map<String, Object>> objects) {

		List<Object> kinds() {
			return this.objects.stream().map((object) -> object.get("kind")).toList();
		}

		List<Map<String, Object>> ofKind(String kind) {
			return this.objects.stream().filter((object) -> kind.equals(object.get("kind"))).toList();
		}

		Map<String, Object> only(String kind) {
			List<Map<String, Object>> ofKind = ofKind(kind);
			assertThat(ofKind).as("objects of kind %s", kind).hasSize(1);
			return ofKind.get(0);
		}

		List<Map<String, Object>> dashboards() {
			return ofKind("ConfigMap").stream()
				.filter((configMap) -> "1".equals(labels(configMap.get("metadata")).get("grafana_dashboard")))
				.toList();
		}

		Map<String, Object> podSpec() {
			return Parsed.map(Parsed.map(Parsed.map(only("Deployment").get("spec")).get("template")).get("spec"));
		}

		Map<String, Object> container() {
			return Parsed.maps(podSpec().get("containers")).get(0);
		}

		String javaToolOptions() {
			return Parsed.maps(container().get("env"))
				.stream()
				.filter((variable) -> "JAVA_TOOL_OPTIONS".equals(variable.get("name")))
				.map((variable) -> (String) variable.get("value"))
				.findFirst()
				.orElseThrow(() -> new AssertionError("the Deployment's container sets no JAVA_TOOL_OPTIONS"));
		}

		Map<String, Object> named(String kind, String name) {
			return this.objects.stream()
				.filter((object) -> kind.equals(object.get("kind"))
						&& name.equals(Parsed.map(object.get("metadata")).get("name")))
				.findFirst()
				.orElseThrow(() -> new AssertionError("no " + kind + " named " + name));
		}

	}

}
