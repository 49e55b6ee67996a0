package dev.memleak.request;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import dev.memleak.allocation.UnmeasuredReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class RequestAllocationRecorderTests {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	@Test
	void routesAreSortedByTotalAllocation() {
		RequestAllocationRecorder recorder = new RequestAllocationRecorder(10, this.registry);
		recorder.route("GET", "/small").recordMeasured(200, 100);
		recorder.route("GET", "/big").recordMeasured(200, 10_000);
		recorder.route("POST", "/small").recordMeasured(201, 5_000);
		assertThat(recorder.routes()).extracting((route) -> route.method() + " " + route.uri())
			.containsExactly("GET /big", "POST /small", "GET /small");
	}

	@Test
	void executionCountsAreKeyedByMethodAndRoute() {
		RequestAllocationRecorder recorder = new RequestAllocationRecorder(10, this.registry);
		recorder.route("GET", "/owners/{id}").recordMeasured(200, 1);
		recorder.route("GET", "/owners/{id}").recordNotSampled();
		recorder.route("POST", "/owners").recordUnmeasured(UnmeasuredReason.VIRTUAL_THREAD);
		assertThat(recorder.executionCounts()).containsOnly(entry("GET /owners/{id}", 2L), entry("POST /owners", 1L));
	}

	@Test
	void unknownMethodsShareOneBucket() {
		RequestAllocationRecorder recorder = new RequestAllocationRecorder(10, this.registry);
		recorder.route("PROPFIND", "/dav").recordMeasured(207, 1);
		recorder.route("FOO", "/dav").recordMeasured(207, 1);
		assertThat(recorder.routes()).singleElement().satisfies((route) -> {
			assertThat(route.method()).isEqualTo("UNKNOWN");
			assertThat(route.count()).isEqualTo(2);
		});
	}

	@Test
	void fixedBucketsDoNotUseTheRouteBudget() {
		RequestAllocationRecorder recorder = new RequestAllocationRecorder(1, this.registry);
		recorder.route("GET", RequestAllocationRecorder.NOT_FOUND).recordMeasured(404, 1);
		recorder.route("GET", "/a").recordMeasured(200, 1);
		recorder.route("GET", "/b").recordMeasured(200, 1);
		assertThat(recorder.routes()).extracting(RouteAllocation::uri)
			.containsExactlyInAnyOrder("NOT_FOUND", "/a", "OTHER");
	}

	@Test
	void unmeasuredRequestsAreCountedWithTheirReason() {
		RequestAllocationRecorder recorder = new RequestAllocationRecorder(10, this.registry);
		RouteRecord route = recorder.route("GET", "/v");
		route.recordUnmeasured(UnmeasuredReason.VIRTUAL_THREAD);
		route.recordUnmeasured(UnmeasuredReason.VIRTUAL_THREAD);
		RouteAllocation allocation = recorder.routes().get(0);
		assertThat(allocation.count()).isEqualTo(2);
		assertThat(allocation.allocatedBytesMean()).isNull();
		assertThat(allocation.allocatedBytesMax()).isNull();
		assertThat(allocation.allocationUnavailable()).contains("virtual threads");
		assertThat(this.registry.find(RouteRecord.METER_NAME).counters()).isEmpty();
	}

	@Test
	void countsAddUpExactlyUnderContention() throws InterruptedException {
		RequestAllocationRecorder recorder = new RequestAllocationRecorder(100, this.registry);
		List<String> uris = List.of("/a/{id}", "/b/{id}", "/c", "/d/{x}/{y}");
		int threads = 8;
		int perThread = 20_000;
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		CountDownLatch start = new CountDownLatch(1);
		for (int t = 0; t < threads; t++) {
			int seed = t;
			executor.execute(() -> {
				awaitQuietly(start);
				for (int i = 0; i < perThread; i++) {
					int status = (i % 10 == 0) ? 500 : 200;
					recorder.route((i % 3 == 0) ? "POST" : "GET", uris.get((i + seed) % uris.size()))
						.recordMeasured(status, 10);
				}
			});
		}
		start.countDown();
		executor.shutdown();
		assertThat(executor.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
		long total = recorder.routes().stream().mapToLong(RouteAllocation::count).sum();
		assertThat(total).isEqualTo((long) threads * perThread);
		assertThat(recorder.routes().stream().mapToLong(RouteAllocation::allocatedBytesTotal).sum())
			.isEqualTo(10L * threads * perThread);
		double metered = this.registry.find(RouteRecord.METER_NAME)
			.counters()
			.stream()
			.mapToDouble(Counter::count)
			.sum();
		assertThat(metered).isEqualTo(10.0 * threads * perThread);
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
