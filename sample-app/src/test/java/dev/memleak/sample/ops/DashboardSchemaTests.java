package dev.memleak.sample.ops;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard type-checks against {@code @grafana/schema}, with the current
 * schemaVersion, and follows the rules of grafana/check/check-dashboard.mjs (ids, grid,
 * variables).
 *
 * @author memleak
 */
@Tag(OpsEnvironment.JVM_INDEPENDENT)
class DashboardSchemaTests {

	@Test
	void dashboardTypeChecksAgainstGrafanaSchema() throws Exception {
		Path project = OpsEnvironment.requireNodeProject("grafana/check");
		Command check = Command.run(project, Duration.ofMinutes(2), "node", "check-dashboard.mjs",
				"../memleak-dashboard.json");
		assertThat(check.isSuccess()).as("%s", check).isTrue();
		assertThat(check.output()).contains("OK").contains("every broken variant rejected");
	}

}
