package dev.memleak.allocation;

import java.lang.reflect.Method;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

import static org.assertj.core.api.Assertions.assertThat;

class ThreadAllocationCounterTests {

	private final ThreadAllocationCounter counter = ThreadAllocationCounter.forThisJvm();

	static volatile Object sink;

	@Test
	void measuresTheAllocationOfThePlatformThread() {
		assertThat(this.counter.isSupported()).isTrue();
		long before = this.counter.currentThreadAllocatedBytes();
		sink = new byte[1024 * 1024];
		long allocated = this.counter.currentThreadAllocatedBytes() - before;
		assertThat(allocated).isBetween(1024L * 1024, 1024L * 1024 + 64 * 1024);
	}

	@Test
	void otherThreadsDoNotCount() throws Exception {
		long before = this.counter.currentThreadAllocatedBytes();
		Thread other = new Thread(() -> sink = new byte[8 * 1024 * 1024]);
		other.start();
		other.join(10_000);
		assertThat(other.isAlive()).as("the other thread ends within 10 s").isFalse();
		assertThat(this.counter.currentThreadAllocatedBytes() - before).isLessThan(1024L * 1024);
	}

	@Test
	@EnabledForJreRange(min = JRE.JAVA_21)
	void virtualThreadsAreUnavailableAndSaySo() throws Exception {
		Method factory = Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
		AtomicLong measured = new AtomicLong();
		ExecutorService executor = (ExecutorService) factory.invoke(null);
		try {
			Future<UnmeasuredReason> reason = executor.submit(() -> {
				measured.set(this.counter.currentThreadAllocatedBytes());
				return this.counter.whyUnavailable();
			});
			assertThat(reason.get()).isEqualTo(UnmeasuredReason.VIRTUAL_THREAD);
		}
		finally {
			executor.shutdown();
		}
		assertThat(measured.get()).isEqualTo(AllocationCounter.UNAVAILABLE);
	}

}
