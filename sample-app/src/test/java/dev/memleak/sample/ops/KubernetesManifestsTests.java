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

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every kustomize overlay renders, its objects validate against the Kubernetes and
 * prometheus-operator schemas, and the pieces fit together: the rules inside the
 * PrometheusRule pass promtool, the dashboard ConfigMap is the dashboard, the
 * ServiceMonitor reaches the Deployment's pods.
 *
 * @author memleak
 */
class KubernetesManifestsTests {

	private static final Duration TIMEOUT = Duration.ofMinutes(2);

	private static final Map<String, Rendered> rendered = new ConcurrentHashMap<>();

	static Stream<String> overlays() throws IOException {
		try (Stream<Path> overlays = Files.list(OpsEnvironment.repository("k8s/overlays"))) {
			return overlays.filter((overlay) -> Files.isRegularFile(overlay.resolve("kustomization.yaml")))
				.map((overlay) -> overlay.getFileName().toString())
				.sorted()
				.toList()
				.stream();
		}
	}

	@ParameterizedTest
	@MethodSource("overlays")
	void overlayRendersToObjectsValidForKubernetesAndThePrometheusOperator(String overlay) throws Exception {
		Rendered objects = render(overlay);
		assertThat(objects.kinds()).contains("Deployment", "Service", "ServiceMonitor", "PrometheusRule", "ConfigMap");
		Path project = OpsEnvironment.requireNodeProject("k8s/validate");
		Command validate = Command.run(project, TIMEOUT, "node", "validate-manifests.mjs", objects.file().toString());
		assertThat(validate.isSuccess()).as("%s", validate).isTrue();
	}

	@ParameterizedTest
	@MethodSource("overlays")
	void rulesInsideThePrometheusRulePassPromtoolAndAreTheRulesFile(String overlay) throws Exception {
		Map<String, Object> spec = Parsed.map(render(overlay).only("PrometheusRule").get("spec"));
		assertThat(spec).isEqualTo(AlertRules.load());
		DumperOptions options = new DumperOptions();
		options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
		Path rules = OpsEnvironment.writeTemporary(overlay + "-rules.yml", new Yaml(options).dump(spec));
		Path promtool = OpsEnvironment.requireTool("promtool", OpsEnvironment.PROMETHEUS_INSTALL);
		Command check = Command.run(rules.getParent(), TIMEOUT, promtool.toString(), "check", "rules",
				rules.toString());
		assertThat(check.isSuccess()).as("%s", check).isTrue();
	}

	@ParameterizedTest
	@MethodSource("overlays")
	void dashboardConfigMapIsTheDashboardForGrafanasSidecar(String overlay) throws Exception {
		Map<String, Object> configMap = render(overlay).named("ConfigMap", "memleak-dashboard");
		Map<String, Object> metadata = Parsed.map(configMap.get("metadata"));
		assertThat(Parsed.map(metadata.get("labels"))).containsEntry("grafana_dashboard", "1");
		assertThat(Parsed.map(configMap.get("data"))).containsOnlyKeys("memleak-dashboard.json")
			.containsEntry("memleak-dashboard.json",
					Files.readString(OpsEnvironment.repository("grafana/memleak-dashboard.json")));
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
		assertThat(labels(objects.only("PrometheusRule").get("metadata"))).containsKey("release");
	}

	@ParameterizedTest
	@MethodSource("overlays")
	void deploymentHasHealthProbesMemoryLimitsJvmFlagsAndMemleakSettings(String overlay) throws Exception {
		Rendered objects = render(overlay);
		Map<String, Object> podSpec = Parsed
			.map(Parsed.map(Parsed.map(objects.only("Deployment").get("spec")).get("template")).get("spec"));
		Map<String, Object> container = Parsed.maps(podSpec.get("containers")).get(0);
		assertThat(probePath(container, "livenessProbe")).isEqualTo("/actuator/health/liveness");
		assertThat(probePath(container, "readinessProbe")).isEqualTo("/actuator/health/readiness");
		Map<String, Object> resources = Parsed.map(container.get("resources"));
		assertThat(Parsed.map(resources.get("limits"))).containsKey("memory");
		assertThat(Parsed.map(resources.get("requests"))).containsKeys("memory", "cpu");
		assertThat(Parsed.maps(container.get("env")))
			.anySatisfy((variable) -> assertThat(variable).containsEntry("name", "JAVA_TOOL_OPTIONS")
				.extractingByKey("value")
				.asString()
				.contains("-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError"));
		String configMapName = (String) Parsed.map(Parsed.maps(container.get("envFrom")).get(0).get("configMapRef"))
			.get("name");
		assertThat(Parsed.map(objects.named("ConfigMap", configMapName).get("data"))).containsKeys("MEMLEAK_ENABLED",
				"MEMLEAK_DETECTION_WINDOW", "MEMLEAK_SNAPSHOT_INTERVAL");
	}

	private static Rendered render(String overlay) {
		return rendered.computeIfAbsent(overlay, (name) -> {
			Path kubectl = OpsEnvironment.requireTool("kubectl", OpsEnvironment.KUBECTL_INSTALL);
			try {
				Command kustomize = Command.run(OpsEnvironment.repository("."), TIMEOUT, kubectl.toString(),
						"kustomize", "k8s/overlays/" + name);
				assertThat(kustomize.isSuccess()).as("%s", kustomize).isTrue();
				Path file = OpsEnvironment.writeTemporary(name + ".yaml", kustomize.output());
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

		Map<String, Object> only(String kind) {
			List<Map<String, Object>> ofKind = this.objects.stream()
				.filter((object) -> kind.equals(object.get("kind")))
				.toList();
			assertThat(ofKind).as("objects of kind %s", kind).hasSize(1);
			return ofKind.get(0);
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
