package dev.memleak.webflux;

import dev.memleak.heap.LeakMonitor;
import dev.memleak.request.RequestAllocationRecorder;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.web.server.WebFilter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With request measurement switched off, a WebFlux application has no memleak filter and
 * no recorder at all, and the rest of memleak works.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "memleak.request.enabled=false")
class WebFluxRequestsOffTests {

	@LocalServerPort
	int port;

	@Autowired
	ApplicationContext context;

	@Test
	void noFilterNoRecorderAndTheReportStillServed() {
		assertThat(this.context.getBeansOfType(RequestAllocationRecorder.class)).isEmpty();
		assertThat(this.context.getBeansOfType(WebFilter.class).values())
			.noneMatch((filter) -> filter.getClass().getName().startsWith("dev.memleak"));
		assertThat(this.context.getBeansOfType(LeakMonitor.class)).hasSize(1);
		Http http = new Http(this.port);
		assertThat(http.get("/owners/1").statusCode()).isEqualTo(200);
		assertThat(http.report().read("$.requests", java.util.List.class)).isEmpty();
	}

}
