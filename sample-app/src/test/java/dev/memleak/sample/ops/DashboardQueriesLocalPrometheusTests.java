package dev.memleak.sample.ops;

import java.net.URI;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Every dashboard query returns data from the local {@code prometheus} binary (Debian's
 * package) on loopback after it scraped the sample application; the alert rules it loads
 * evaluate without errors. This is the path CI runs.
 *
 * @author memleak
 */
@LeakingSampleApplicationTest
class DashboardQueriesLocalPrometheusTests {

	private static Path binary;

	@LocalServerPort
	private int port;

	@BeforeAll
	static void requirePrometheus() {
		// Before the application context starts: no point in starting it without the
		// binary.
		binary = OpsEnvironment.requireTool("prometheus", OpsEnvironment.PROMETHEUS_INSTALL);
	}

	@Test
	void everyDashboardQueryReturnsDataFromAPrometheusThatScrapedTheApplication() throws Exception {
		String config = DashboardQueriesCheck.prometheusConfig("127.0.0.1:" + this.port,
				OpsEnvironment.repository(AlertRules.FILE).toString());
		try (LocalPrometheus prometheus = LocalPrometheus.start(binary, config)) {
			new DashboardQueriesCheck(URI.create("http://127.0.0.1:" + this.port))
				.assertEveryQueryReturnsData(prometheus.api());
		}
	}

}
