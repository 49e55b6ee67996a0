package dev.memleak.allocation;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class AllocatedBytesMeterTests {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final AtomicInteger registrations = new AtomicInteger();

	private final AllocatedBytesMeter meter = new AllocatedBytesMeter(() -> {
		this.registrations.incrementAndGet();
		return Counter.builder("test.allocated").baseUnit("bytes").register(this.registry);
	});

	@Test
	void everyExecutionMeasuredCountsTheExactBytes() {
		this.meter.recordMeasured(100);
		this.meter.recordMeasured(250);
		this.meter.recordMeasured(0);
		assertThat(counter().count()).isEqualTo(350);
	}

	@Test
	void aMeasuredExecutionStandsForTheUnmeasuredOnesBeforeIt() {
		this.meter.recordMeasured(100);
		this.meter.recordUnmeasured();
		this.meter.recordUnmeasured();
		this.meter.recordUnmeasured();
		this.meter.recordMeasured(200);
		this.meter.recordMeasured(10);
		assertThat(counter().count()).isEqualTo(100 + 4 * 200 + 10);
	}

	@Test
	void nothingIsRegisteredUntilAnExecutionIsMeasured() {
		this.meter.recordUnmeasured();
		this.meter.recordUnmeasured();
		assertThat(this.registry.getMeters()).isEmpty();
		this.meter.recordMeasured(7);
		assertThat(counter().count()).isEqualTo(21);
		this.meter.recordMeasured(1);
		assertThat(this.registrations).hasValue(1);
	}

	@Test
	void sampledExecutionsEstimateTheTotalOfAll() {
		// 100,000 executions of 1 to 2,000 bytes, a tenth of them measured at random.
		SplittableRandom random = new SplittableRandom(42);
		long total = 0;
		for (int i = 0; i < 100_000; i++) {
			long bytes = 1 + random.nextInt(2_000);
			total += bytes;
			if (random.nextDouble() < 0.1) {
				this.meter.recordMeasured(bytes);
			}
			else {
				this.meter.recordUnmeasured();
			}
		}
		assertThat(counter().count()).isCloseTo(total, within(total * 0.02));
	}

	@Test
	void concurrentExecutionsAreEachRepresentedExactlyOnce() throws Exception {
		int threads = 8;
		int perThread = 20_000;
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		CountDownLatch start = new CountDownLatch(1);
		List<Future<?>> futures = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			futures.add(executor.submit(() -> {
				start.await();
				// Every thread ends with a measured execution, so nothing is left over:
				// with 8 bytes each, the counter is 8 times the number of executions.
				for (int i = 0; i < perThread; i++) {
					if (i % 3 == 2 || i == perThread - 1) {
						this.meter.recordMeasured(8);
					}
					else {
						this.meter.recordUnmeasured();
					}
				}
				return null;
			}));
		}
		start.countDown();
		for (Future<?> future : futures) {
			future.get();
		}
		executor.shutdown();
		assertThat(counter().count()).isEqualTo(8.0 * threads * perThread);
	}

	private Counter counter() {
		return this.registry.get("test.allocated").counter();
	}

}
