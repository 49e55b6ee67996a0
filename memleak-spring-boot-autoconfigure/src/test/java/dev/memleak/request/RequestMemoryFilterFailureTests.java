package dev.memleak.request;

import dev.memleak.allocation.AllocationCounter;
import dev.memleak.core.FailureRecorder;
import dev.memleak.test.Http;
import dev.memleak.test.TestWebApplication;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The filter never fails or alters a request, whatever goes wrong inside it.
 */
@ExtendWith(OutputCaptureExtension.class)
class RequestMemoryFilterFailureTests {

	@Test
	void failingAllocationCounterNeverFailsARequest(CapturedOutput output) {
		AllocationCounter broken = () -> {
			throw new UnsupportedOperationException("no allocation counter on this JVM");
		};
		try (ConfigurableApplicationContext context = start(broken)) {
			Http http = new Http(port(context));
			for (int i = 0; i < 5; i++) {
				assertThat(http.get("/things/" + i).statusCode()).isEqualTo(200);
			}
			RouteAllocation route = context.getBean(RequestAllocationRecorder.class)
				.routes()
				.stream()
				.filter((candidate) -> candidate.uri().equals("/things/{id}"))
				.findFirst()
				.orElseThrow();
			assertThat(route.count()).isEqualTo(5);
			assertThat(route.allocatedBytesMean()).isNull();
			assertThat(route.allocationUnavailable()).contains("failed");
			assertThat(context.getBean(FailureRecorder.class).counts()).containsEntry("request", 5L);
			assertThat(context.getBean(MeterRegistry.class)
				.get("memleak.errors")
				.tag("component", "request")
				.functionCounter()
				.count()).isEqualTo(5);
			assertThat(output.getOut().split("no allocation counter on this JVM", -1)).hasSize(2);
		}
	}

	@Test
	void failingMeterRegistrationNeverFailsARequest() {
		try (ConfigurableApplicationContext context = start(null)) {
			context.getBean(MeterRegistry.class).config().meterFilter(new MeterFilter() {

				@Override
				public Meter.Id map(Meter.Id id) {
					if (id.getName().equals(RouteRecord.METER_NAME)) {
						throw new IllegalStateException("registry refuses meters");
					}
					return id;
				}

			});
			Http http = new Http(port(context));
			assertThat(http.get("/things/1").statusCode()).isEqualTo(200);
			assertThat(http.get("/things/1").body()).isEqualTo("{\"id\":\"1\"}");
			assertThat(context.getBean(FailureRecorder.class).counts()).containsEntry("request", 2L);
		}
	}

	private static ConfigurableApplicationContext start(AllocationCounter counter) {
		SpringApplication application = new SpringApplication(TestWebApplication.class);
		if (counter != null) {
			application.addInitializers(
					(context) -> context.getBeanFactory().registerSingleton("testAllocationCounter", counter));
		}
		return application.run("--server.port=0", "--spring.main.banner-mode=off");
	}

	private static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

}
