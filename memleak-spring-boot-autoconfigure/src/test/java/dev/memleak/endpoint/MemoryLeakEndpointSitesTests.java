package dev.memleak.endpoint;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import dev.memleak.core.FailureRecorder;
import dev.memleak.core.MemleakAutoConfiguration;
import dev.memleak.core.PauseBudget;
import dev.memleak.diagnosis.DiagnosisAutoConfiguration;
import dev.memleak.sites.EmissionStatus;
import dev.memleak.sites.LeakSite;
import dev.memleak.sites.LeakSiteSampler;
import dev.memleak.sites.RecordingStatus;
import dev.memleak.sites.SitesAutoConfiguration;
import dev.memleak.sites.SitesEmission;
import dev.memleak.sites.SitesReport;
import dev.memleak.sites.SitesSettings;
import dev.memleak.snapshot.ClassHistogramSource;
import dev.memleak.snapshot.SnapshotAutoConfiguration;
import dev.memleak.snapshot.Suspect;
import dev.memleak.test.Http;
import dev.memleak.test.TestWebApplication;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The leak-site parts of the endpoint: the {@code sites} section and action, the sites in
 * the report, and the diagnosis joining suspects with their allocation sites.
 */
class MemoryLeakEndpointSitesTests {

	private static final LeakSite ORDER_SITE = new LeakSite("com.example.Order",
			List.of("com.example.Orders.add(Orders.java:12)"), 40, 30, true, Instant.parse("2026-01-01T00:00:00Z"),
			List.of(), "com.example.Orders.add(Orders.java:12)");

	private static final LeakSite STRING_SITE = new LeakSite("java.lang.String",
			List.of("com.example.Names.of(Names.java:3)"), 5, 0, false, Instant.parse("2026-01-01T00:00:00Z"),
			List.of(), "com.example.Names.of(Names.java:3)");

	@TempDir
	Path directory;

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EndpointAutoConfiguration.class, MemleakAutoConfiguration.class,
				SnapshotAutoConfiguration.class, SitesAutoConfiguration.class, DiagnosisAutoConfiguration.class,
				MemoryLeakEndpointAutoConfiguration.class))
		.withBean(SimpleMeterRegistry.class)
		.withPropertyValues("management.endpoints.web.exposure.include=memoryleak");

	@Test
	void sitesActionStartsTheRecordingWhenItWaitsAndTheSectionReportsIt() {
		this.contextRunner.withPropertyValues("memleak.sites.enabled=true", "memleak.sites.directory=" + this.directory)
			.run((context) -> {
				MemoryLeakEndpoint endpoint = context.getBean(MemoryLeakEndpoint.class);
				assertThat(endpoint.detail("sites")).isInstanceOfSatisfying(SitesReport.class,
						(report) -> assertThat(report.status()).isEqualTo(RecordingStatus.WAITING));
				assertThat(endpoint.trigger("sites")).isInstanceOfSatisfying(SitesEmission.class,
						(emission) -> assertThat(emission.status()).isEqualTo(EmissionStatus.STARTED));
				assertThat(endpoint.trigger("sites")).isInstanceOfSatisfying(SitesEmission.class,
						(emission) -> assertThat(emission.status()).isEqualTo(EmissionStatus.COMPLETED));
				assertThat(endpoint.detail("sites")).isInstanceOfSatisfying(SitesReport.class, (report) -> {
					assertThat(report.status()).isEqualTo(RecordingStatus.RECORDING);
					assertThat(report.lastEmission().status()).isEqualTo(EmissionStatus.COMPLETED);
					assertThat(report.lastEmission().sites()).isEmpty();
				});
			});
	}

	@Test
	void reportCarriesTheSitesAndTheDiagnosisJoinsThemToTheSuspect() {
		AtomicInteger snapshots = new AtomicInteger();
		ClassHistogramSource growingOrders = (mode) -> {
			int n = snapshots.incrementAndGet();
			return """
					 num     #instances         #bytes  class name (module)
					-------------------------------------------------------
					   1:      %d      %d  com.example.Order
					   2:          10          240  java.lang.String (java.base@17.0.15)
					""".formatted(n * 100_000, n * 2_400_000);
		};
		// 'all': the fake histograms must not be skipped when the test JVM's heap is
		// large.
		this.contextRunner.withPropertyValues("memleak.sites.enabled=true", "memleak.snapshot.mode=all")
			.withBean(ClassHistogramSource.class, () -> growingOrders)
			.withBean(LeakSiteSampler.class, () -> new FixedSites(List.of(ORDER_SITE, STRING_SITE)))
			.run((context) -> {
				MemoryLeakEndpoint endpoint = context.getBean(MemoryLeakEndpoint.class);
				for (int i = 0; i < 4; i++) {
					endpoint.trigger("snapshots");
				}
				MemoryLeakReport report = endpoint.report();
				assertThat(report.sites()).containsExactly(ORDER_SITE, STRING_SITE);
				assertThat(report.suspects()).extracting(Suspect::className).containsExactly("com.example.Order");
				assertThat(report.diagnosis().leaks()).singleElement().satisfies((leak) -> {
					assertThat(leak.leakingClass().className()).isEqualTo("com.example.Order");
					assertThat(leak.allocationSite().frame()).isEqualTo("com.example.Orders.add(Orders.java:12)");
				});
			});
	}

	@Test
	void sitesOffAreReportedNotFailed() {
		this.contextRunner.withPropertyValues("memleak.sites.enabled=false").run((context) -> {
			MemoryLeakEndpoint endpoint = context.getBean(MemoryLeakEndpoint.class);
			FeatureOff off = new FeatureOff("OFF", "Leak sites are off (memleak.sites.enabled=false).");
			assertThat(endpoint.detail("sites")).isEqualTo(off);
			assertThat(endpoint.trigger("sites")).isEqualTo(off);
			assertThat(endpoint.report().sites()).isEmpty();
			assertThat(endpoint.report().notes()).anyMatch((note) -> note.contains("memleak.sites.enabled=false"));
		});
	}

	@Test
	void overHttpEmittingSitesIsAWriteOperationClosedByDefault() {
		try (ConfigurableApplicationContext context = start()) {
			Http http = http(context);
			assertThat(http.post("/actuator/memoryleak/sites").statusCode()).isEqualTo(405);
			DocumentContext report = JsonPath.parse(http.get("/actuator/memoryleak/sites").body());
			assertThat(report.read("$.status", String.class)).isEqualTo("WAITING");
			assertThat(report.read("$.emissionInterval", String.class)).isEqualTo("PT1M");
			assertThat(report.read("$.heapDumps", List.class)).isEmpty();
		}
		try (ConfigurableApplicationContext context = start("--management.endpoint.memoryleak.access=unrestricted")) {
			Http http = http(context);
			HttpResponse<String> started = http.post("/actuator/memoryleak/sites");
			assertThat(started.statusCode()).isEqualTo(200);
			assertThat(JsonPath.parse(started.body()).read("$.status", String.class)).isEqualTo("STARTED");
			DocumentContext emission = JsonPath.parse(http.post("/actuator/memoryleak/sites").body());
			assertThat(emission.read("$.status", String.class)).isEqualTo("COMPLETED");
			assertThat(emission.read("$", Map.class)).containsKeys("time", "trigger", "duration", "samples", "sites");
			List<Map<String, Object>> sites = JsonPath.parse(http.get("/actuator/memoryleak").body()).read("$.sites");
			assertThat(sites).isEqualTo(emission.read("$.sites", List.class));
		}
	}

	@Test
	void overHttpEverySiteCarriesItsFields() {
		SpringApplication application = new SpringApplication(TestWebApplication.class);
		application
			.addInitializers((context) -> ((org.springframework.context.support.GenericApplicationContext) context)
				.registerBean(LeakSiteSampler.class, () -> new FixedSites(List.of(ORDER_SITE, STRING_SITE))));
		try (ConfigurableApplicationContext context = application.run("--server.port=0",
				"--spring.main.banner-mode=off", "--management.endpoints.web.exposure.include=memoryleak",
				"--memleak.sites.enabled=true", "--memleak.sites.directory=" + this.directory)) {
			List<Map<String, Object>> sites = JsonPath.parse(http(context).get("/actuator/memoryleak").body())
				.read("$.sites");
			assertThat(sites).hasSize(2);
			assertThat(sites.get(0))
				.containsOnlyKeys("className", "stackTrace", "samples", "retained", "leak", "oldestAllocation",
						"referenceChain", "applicationFrame")
				.containsEntry("className", "com.example.Order")
				.containsEntry("applicationFrame", "com.example.Orders.add(Orders.java:12)")
				.containsEntry("stackTrace", List.of("com.example.Orders.add(Orders.java:12)"))
				.containsEntry("samples", 40)
				.containsEntry("retained", 30)
				.containsEntry("leak", true)
				.containsEntry("oldestAllocation", "2026-01-01T00:00:00Z")
				.containsEntry("referenceChain", List.of());
			assertThat(sites.get(1)).containsEntry("className", "java.lang.String").containsEntry("leak", false);
		}
	}

	private ConfigurableApplicationContext start(String... args) {
		List<String> arguments = new ArrayList<>(List.of("--server.port=0", "--spring.main.banner-mode=off",
				"--management.endpoints.web.exposure.include=memoryleak", "--memleak.sites.enabled=true",
				"--memleak.sites.directory=" + this.directory));
		arguments.addAll(List.of(args));
		return new SpringApplication(TestWebApplication.class).run(arguments.toArray(String[]::new));
	}

	private static Http http(ConfigurableApplicationContext context) {
		return new Http(((WebServerApplicationContext) context).getWebServer().getPort());
	}

	/**
	 * A sampler whose last emission found the given sites.
	 */
	static final class FixedSites extends LeakSiteSampler {

		private final List<LeakSite> sites;

		FixedSites(List<LeakSite> sites) {
			super(null, null, SitesSettings.defaults(), Clock.systemUTC(), new FailureRecorder(null), null,
					PauseBudget.unlimited());
			this.sites = sites;
		}

		@Override
		public List<LeakSite> sites() {
			return this.sites;
		}

	}

}
