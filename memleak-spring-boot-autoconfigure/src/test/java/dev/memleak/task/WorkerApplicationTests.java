package dev.memleak.task;

import java.lang.management.ManagementFactory;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import dev.memleak.test.Http;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A worker: an application with background jobs and no web server of its own.
 */
class WorkerApplicationTests {

	@Test
	void workerWithoutAWebServerTracksTasksRunsTheDetectorAndExposesTheReportOverJmx() throws Exception {
		SpringApplication application = new SpringApplication(WorkerApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		try (ConfigurableApplicationContext context = application.run("--spring.main.banner-mode=off",
				"--spring.jmx.enabled=true", "--management.endpoints.jmx.exposure.include=memoryleak",
				"--management.endpoints.jmx.domain=dev.memleak.test.worker",
				"--memleak.detection.evaluation-interval=200ms")) {
			assertThat(context).isNotInstanceOf(WebServerApplicationContext.class);
			MBeanServer server = ManagementFactory.getPlatformMBeanServer();
			ObjectName name = new ObjectName("dev.memleak.test.worker:type=Endpoint,name=Memoryleak");
			await().untilAsserted(() -> assertThat(tasks(server.invoke(name, "report", new Object[0], new String[0])))
				.anySatisfy((task) -> {
					assertThat(task).containsEntry("name", "Invoices.archive");
					assertThat(((Number) task.get("count")).longValue()).isGreaterThanOrEqualTo(3);
					assertThat(((Number) task.get("allocatedBytesMean")).longValue()).isGreaterThanOrEqualTo(32 * 1024);
					assertThat(task).containsKeys("allocatedBytesMax", "failureCount", "durationMillisMean");
				}));
			@SuppressWarnings("unchecked")
			Map<String, Object> report = (Map<String, Object>) server.invoke(name, "report", new Object[0],
					new String[0]);
			assertThat(report).containsKeys("status", "heap", "retention", "requests", "tasks", "suspects", "sites");
			assertThat((List<?>) report.get("requests")).isEmpty();
			// The detector runs too: a full collection gives it a live-set sample.
			await().untilAsserted(() -> {
				System.gc();
				Map<?, ?> heap = (Map<?, ?>) ((Map<?, ?>) server.invoke(name, "report", new Object[0], new String[0]))
					.get("heap");
				assertThat(((Number) heap.get("samples")).intValue()).isPositive();
				assertThat(heap.get("liveBytes")).isNotNull();
			});
		}
	}

	@Test
	void workerExposesPrometheusOnAManagementPortOnly() {
		SpringApplication application = new SpringApplication(WorkerApplication.class);
		try (ConfigurableApplicationContext context = application.run("--spring.main.banner-mode=off",
				"--server.port=-1", "--management.server.port=0",
				"--management.endpoints.web.exposure.include=health,prometheus,memoryleak")) {
			assertThat(((WebServerApplicationContext) context).getWebServer().getPort()).isEqualTo(-1);
			Integer port = context.getEnvironment().getProperty("local.management.port", Integer.class);
			assertThat(port).isNotNull().isPositive();
			Http http = new Http(port);
			await().untilAsserted(() -> {
				HttpResponse<String> metrics = http.get("/actuator/prometheus");
				assertThat(metrics.statusCode()).isEqualTo(200);
				assertThat(metrics.body()).contains("memleak_task_allocated_bytes_total{task=\"Invoices.archive\"}")
					.contains("memleak_task_executions_total{outcome=\"SUCCESS\",task=\"Invoices.archive\"}");
			});
			assertThat(http.get("/actuator/memoryleak").body()).contains("\"name\":\"Invoices.archive\"");
		}
	}

	@Test
	void managementPortAloneOpensNoPortWithoutAWebApplication() {
		SpringApplication application = new SpringApplication(WorkerApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		try (ConfigurableApplicationContext context = application.run("--spring.main.banner-mode=off",
				"--management.server.port=0", "--management.endpoints.web.exposure.include=prometheus")) {
			assertThat(context.getEnvironment().getProperty("local.management.port")).isNull();
			AsyncAndScheduledTaskTests.awaitCount(context.getBean(TaskAllocationRecorder.class), "Invoices.archive", 1);
		}
	}

	@Test
	void scheduledRunsAreUnnamedWhenTheirObservationIsSwitchedOff() {
		SpringApplication application = new SpringApplication(WorkerApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		try (ConfigurableApplicationContext context = application.run("--spring.main.banner-mode=off",
				"--management.observations.enable.tasks.scheduled.execution=false")) {
			TaskAllocationRecorder recorder = context.getBean(TaskAllocationRecorder.class);
			AsyncAndScheduledTaskTests.awaitCount(recorder, TaskAllocationRecorder.UNNAMED, 3);
			assertThat(recorder.executionCounts()).doesNotContainKey("task Invoices.archive");
		}
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> tasks(Object report) {
		return (List<Map<String, Object>>) ((Map<String, Object>) report).get("tasks");
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@EnableScheduling
	@Import(Invoices.class)
	static class WorkerApplication {

	}

	static class Invoices {

		@Scheduled(fixedDelay = 50)
		void archive() {
			byte[] batch = new byte[32 * 1024];
			batch[0] = 1;
		}

	}

}
