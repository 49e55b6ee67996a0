package dev.memleak.sample.ops;

import java.nio.file.Path;

import dev.memleak.sample.SampleApplication;
import org.junit.jupiter.api.Test;

/**
 * Every dashboard query returns data from the local {@code prometheus} binary (Debian's
 * package) on loopback after it scraped the sample application, which runs in a JVM of
 * its own with Native Memory Tracking on; the alert and recording rules it loads evaluate
 * without errors. This is the path CI runs.
 *
 * @author memleak
 */
class DashboardQueriesLocalPrometheusTests {

	@Test
	void everyDashboardQueryReturnsDataFromAPrometheusThatScrapedTheApplication() throws Exception {
		Path binary = OpsEnvironment.requireTool("prometheus", OpsEnvironment.PROMETHEUS_INSTALL);
		try (SampleApplicationProcess application = SampleApplicationProcess.start("dashboard-queries",
				SampleApplication.class, SampleApplicationProcess.LEAKING)) {
			String config = DashboardQueriesCheck.prometheusConfig("127.0.0.1:" + application.port(),
					DashboardQueriesCheck.rulesEvaluatedEverySecond().toString());
			try (LocalPrometheus prometheus = LocalPrometheus.start(binary, config)) {
				new DashboardQueriesCheck(application).assertEveryQueryReturnsData(prometheus.api());
			}
		}
	}

}
