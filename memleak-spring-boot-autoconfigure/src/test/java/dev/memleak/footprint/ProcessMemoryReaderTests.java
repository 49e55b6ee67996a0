package dev.memleak.footprint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.assertj.core.api.Assumptions.assumeThat;

class ProcessMemoryReaderTests {

	@Test
	void readsRecordedStatus() throws IOException {
		ProcessMemory memory = new ProcessMemoryReader(Trees.cgroup("v1-limited")).read();
		assertThat(memory.residentBytes()).isEqualTo(160844L * 1024);
		assertThat(memory.anonBytes()).isNotNull().isLessThan(memory.residentBytes());
		assertThat(memory.fileBytes()).isNotNull().isPositive();
		assertThat(memory.anonBytes() + memory.fileBytes()).isEqualTo(memory.residentBytes());
		assertThat(memory.threads()).isPositive();
	}

	@Test
	void missingFileIsAnIOException() {
		assertThatIOException().isThrownBy(() -> new ProcessMemoryReader(Path.of("/nonexistent-root")).read());
	}

	@Test
	void readsThisProcess() throws IOException {
		assumeThat(Files.exists(Path.of("/proc/self/status"))).as("Linux /proc").isTrue();
		ProcessMemory memory = new ProcessMemoryReader(Path.of("/")).read();
		long tasks;
		try (var stream = Files.list(Path.of("/proc/self/task"))) {
			tasks = stream.count();
		}
		assertThat(memory.threads()).isBetween((int) tasks - 10, (int) tasks + 10);
		assertThat(memory.threads()).isGreaterThanOrEqualTo(Thread.activeCount());
		// A JVM has at least its heap's used part and its class metadata resident.
		assertThat(memory.residentBytes())
			.isGreaterThan(Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory())
			.isLessThan(java.lang.management.ManagementFactory
				.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class)
				.getTotalMemorySize());
	}

}
