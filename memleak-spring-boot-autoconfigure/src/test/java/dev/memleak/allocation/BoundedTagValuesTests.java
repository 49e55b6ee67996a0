package dev.memleak.allocation;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BoundedTagValuesTests {

	@Test
	void valuesPastTheLimitMapToOverflow() {
		BoundedTagValues values = new BoundedTagValues(2, "OTHER", "test.limit");
		assertThat(values.admit("a")).isEqualTo("a");
		assertThat(values.admit("b")).isEqualTo("b");
		assertThat(values.hasOverflowed()).isFalse();
		assertThat(values.admit("c")).isEqualTo("OTHER");
		assertThat(values.admit("a")).isEqualTo("a");
		assertThat(values.hasOverflowed()).isTrue();
	}

	@Test
	void limitHoldsUnderContention() throws InterruptedException {
		BoundedTagValues values = new BoundedTagValues(10, "OTHER", "test.limit");
		Set<String> seen = ConcurrentHashMap.newKeySet();
		ExecutorService executor = Executors.newFixedThreadPool(8);
		CountDownLatch start = new CountDownLatch(1);
		for (int thread = 0; thread < 8; thread++) {
			int offset = thread * 1000;
			executor.execute(() -> {
				try {
					start.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				for (int i = 0; i < 1000; i++) {
					seen.add(values.admit("v" + (offset + i)));
				}
			});
		}
		start.countDown();
		executor.shutdown();
		assertThat(executor.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
		assertThat(seen).hasSize(11).contains("OTHER");
	}

	@Test
	void aValueAdmittedConcurrentlyAtTheLimitIsNeverMappedToOverflow() throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(4);
		try {
			for (int round = 0; round < 2_000; round++) {
				BoundedTagValues values = new BoundedTagValues(1, "OTHER", "test.limit");
				CountDownLatch start = new CountDownLatch(1);
				List<Future<String>> admitted = new ArrayList<>();
				for (int thread = 0; thread < 4; thread++) {
					admitted.add(executor.submit(() -> {
						start.await();
						return values.admit("only");
					}));
				}
				start.countDown();
				for (Future<String> value : admitted) {
					assertThat(value.get(10, TimeUnit.SECONDS)).as("round %d", round).isEqualTo("only");
				}
			}
		}
		finally {
			executor.shutdown();
		}
	}

}
