package dev.memleak.request;

import java.util.List;

import dev.memleak.test.Http;
import dev.memleak.test.TestWebApplication;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

class RequestSamplingAndBoundsTests {

	@Test
	void countsStayExactWhenNothingIsSampled() {
		try (ConfigurableApplicationContext context = start("--memleak.request.sample-rate=0")) {
			Http http = new Http(port(context));
			for (int i = 0; i < 40; i++) {
				http.get("/things/" + i);
			}
			RouteAllocation route = routes(context).get(0);
			assertThat(route.count()).isEqualTo(40);
			assertThat(route.measuredCount()).isZero();
			assertThat(route.allocatedBytesMean()).isNull();
			assertThat(route.allocationUnavailable()).isNull();
			assertThat(context.getBean(MeterRegistry.class).find(RouteRecord.METER_NAME).counters()).isEmpty();
		}
	}

	@Test
	void halfTheRequestsAreMeasuredAtSampleRateOneHalf() {
		try (ConfigurableApplicationContext context = start("--memleak.request.sample-rate=0.5")) {
			Http http = new Http(port(context));
			for (int i = 0; i < 400; i++) {
				http.get("/things/" + i);
			}
			RouteAllocation route = routes(context).get(0);
			assertThat(route.count()).isEqualTo(400);
			// Binomial(400, 0.5): 5 standard deviations either side.
			assertThat(route.measuredCount()).isBetween(150L, 250L);
			assertThat(route.allocatedBytesTotal()).isGreaterThan(route.allocatedBytesMean() * 300);
		}
	}

	@Test
	void routesPastTheLimitShareTheOtherBucket() {
		try (ConfigurableApplicationContext context = start("--memleak.request.max-uri-tags=2")) {
			Http http = new Http(port(context));
			http.get("/things/1");
			http.get("/alloc/10");
			http.get("/redirect");
			http.get("/x/y/z");
			http.get("/no-such-route");
			List<String> uris = routes(context).stream().map(RouteAllocation::uri).toList();
			assertThat(uris).containsExactlyInAnyOrder("/things/{id}", "/alloc/{bytes}", "OTHER", "NOT_FOUND");
			assertThat(routes(context).stream()
				.filter((route) -> route.uri().equals("OTHER"))
				.findFirst()
				.orElseThrow()
				.count()).isEqualTo(2);
			assertThat(context.getBean(MeterRegistry.class)
				.find(RouteRecord.METER_NAME)
				.counters()
				.stream()
				.map((counter) -> counter.getId().getTag("uri"))
				.distinct()).containsExactlyInAnyOrder("/things/{id}", "/alloc/{bytes}", "OTHER", "NOT_FOUND");
		}
	}

	@Test
	void customExclusionsSkipRequestsEntirely() {
		try (ConfigurableApplicationContext context = start("--memleak.request.exclude=/things/**,/alloc/{bytes}")) {
			Http http = new Http(port(context));
			http.get("/things/1");
			http.get("/alloc/5");
			http.get("/redirect");
			assertThat(routes(context)).extracting(RouteAllocation::uri).containsExactly("/redirect");
		}
	}

	private static List<RouteAllocation> routes(ConfigurableApplicationContext context) {
		return context.getBean(RequestAllocationRecorder.class).routes();
	}

	private static ConfigurableApplicationContext start(String... args) {
		String[] all = new String[args.length + 3];
		all[0] = "--server.port=0";
		all[1] = "--spring.main.banner-mode=off";
		all[2] = "--spring.web.resources.add-mappings=false";
		System.arraycopy(args, 0, all, 3, args.length);
		return new SpringApplication(TestWebApplication.class).run(all);
	}

	private static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

}
