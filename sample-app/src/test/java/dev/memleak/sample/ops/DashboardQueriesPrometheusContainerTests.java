package dev.memleak.sample.ops;

import java.net.URI;

import dev.memleak.sample.SampleApplication;
import org.junit.jupiter.api.Test;
import org.testcontainers.Testcontainers;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * The same check as {@link DashboardQueriesLocalPrometheusTests} with Prometheus in a
 * container, for machines with a Docker engine but no local binary. Skipped where no
 * Docker engine runs (also in CI, which checks with the local binary). The image can be
 * changed with {@code -Dmemleak.ops.prometheus-image=...}.
 *
 * @author memleak
 */
@org.testcontainers.junit.jupiter.Testcontainers(disabledWithoutDocker = true)
class DashboardQueriesPrometheusContainerTests {

	private static final String RULES = "/etc/prometheus/memleak-alerts.rules.yml";

	@Test
	void everyDashboardQueryReturnsDataFromAPrometheusContainerThatScrapedTheApplication() throws Exception {
		try (SampleApplicationProcess application = SampleApplicationProcess.start("dashboard-queries-container",
				SampleApplication.class, SampleApplicationProcess.LEAKING)) {
			check(application);
		}
	}

	private void check(SampleApplicationProcess application) throws Exception {
		Testcontainers.exposeHostPorts(application.port());
		String config = DashboardQueriesCheck
			.prometheusConfig(GenericContainer.INTERNAL_HOST_HOSTNAME + ":" + application.port(), RULES);
		DockerImageName image = DockerImageName
			.parse(System.getProperty("memleak.ops.prometheus-image", "prom/prometheus:v3.5.0"));
		try (GenericContainer<?> prometheus = new GenericContainer<>(image)) {
			prometheus.withCopyToContainer(Transferable.of(config), "/etc/prometheus/prometheus.yml")
				.withCopyFileToContainer(MountableFile.forHostPath(DashboardQueriesCheck.rulesEvaluatedEverySecond()),
						RULES)
				.withCommand("--config.file=/etc/prometheus/prometheus.yml", "--storage.tsdb.path=/prometheus")
				.withExposedPorts(9090)
				.waitingFor(Wait.forHttp("/-/ready").forStatusCode(200));
			prometheus.start();
			URI uri = URI.create("http://" + prometheus.getHost() + ":" + prometheus.getMappedPort(9090));
			new DashboardQueriesCheck(application).assertEveryQueryReturnsData(new PrometheusApi(uri));
		}
	}

}
