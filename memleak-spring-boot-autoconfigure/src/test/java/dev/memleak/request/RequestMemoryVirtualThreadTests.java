package dev.memleak.request;

import dev.memleak.test.Http;
import dev.memleak.test.TestWebApplication;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On virtual threads the JVM does not measure allocation: requests are counted, bytes are
 * reported as unavailable with the reason. Runs in the JDK 25 test execution.
 */
@EnabledForJreRange(min = JRE.JAVA_21)
class RequestMemoryVirtualThreadTests {

	@Test
	void requestsOnVirtualThreadsAreCountedAndTheirAllocationIsUnavailable() {
		try (ConfigurableApplicationContext context = new SpringApplication(TestWebApplication.class)
			.run("--server.port=0", "--spring.main.banner-mode=off", "--spring.threads.virtual.enabled=true")) {
			Http http = new Http(((WebServerApplicationContext) context).getWebServer().getPort());
			for (int i = 0; i < 25; i++) {
				assertThat(http.get("/things/" + i).statusCode()).isEqualTo(200);
			}
			RouteAllocation route = context.getBean(RequestAllocationRecorder.class)
				.routes()
				.stream()
				.filter((candidate) -> candidate.uri().equals("/things/{id}"))
				.findFirst()
				.orElseThrow();
			assertThat(route.count()).isEqualTo(25);
			assertThat(route.measuredCount()).isZero();
			assertThat(route.allocatedBytesMean()).isNull();
			assertThat(route.allocatedBytesMax()).isNull();
			assertThat(route.allocationUnavailable()).contains("virtual threads");
			assertThat(context.getBean(MeterRegistry.class).find(RouteRecord.METER_NAME).counters()).isEmpty();
		}
	}

}
