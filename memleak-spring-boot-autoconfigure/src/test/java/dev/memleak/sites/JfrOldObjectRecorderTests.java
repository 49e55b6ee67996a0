package dev.memleak.sites;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How many old-object samples the JVM keeps, as {@code -XX:FlightRecorderOptions} sets
 * it.
 */
class JfrOldObjectRecorderTests {

	@Test
	void theQueueSizeComesFromFlightRecorderOptionsAndIsTheJvmsDefaultOtherwise() {
		assertThat(JfrOldObjectRecorder.queueSize(null)).isEqualTo(256);
		assertThat(JfrOldObjectRecorder.queueSize("")).isEqualTo(256);
		assertThat(JfrOldObjectRecorder.queueSize("stackdepth=128")).isEqualTo(256);
		assertThat(JfrOldObjectRecorder.queueSize("old-object-queue-size=1024")).isEqualTo(1024);
		assertThat(JfrOldObjectRecorder.queueSize("stackdepth=128,old-object-queue-size=4096,memorysize=20m"))
			.isEqualTo(4096);
		assertThat(JfrOldObjectRecorder.queueSize("old-object-queue-size=512,old-object-queue-size=2048"))
			.as("the last one counts")
			.isEqualTo(2048);
		assertThat(JfrOldObjectRecorder.queueSize("my-old-object-queue-size=9")).isEqualTo(256);
		assertThat(JfrOldObjectRecorder.queueSize("old-object-queue-size=99999999999")).isEqualTo(256);
	}

	@Test
	void aJvmWithoutTheOptionKeepsTheDefault() {
		assertThat(new JfrOldObjectRecorder().queueSize()).isEqualTo(OldObjectRecorder.DEFAULT_QUEUE_SIZE);
	}

	@Test
	void aJvmStartedWithTheOptionIsReadThroughItsDiagnosticBean() throws Exception {
		Path java = Path.of(System.getProperty("java.home"), "bin", "java");
		Process process = new ProcessBuilder(java.toString(), "-XX:FlightRecorderOptions:old-object-queue-size=1024",
				"-cp", System.getProperty("java.class.path"), PrintQueueSize.class.getName())
			.redirectErrorStream(true)
			.start();
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the JVM ended").isTrue();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(List.of(output.strip().split("\n"))).as(output).last().isEqualTo("1024");
	}

	/**
	 * Prints the queue size this JVM reports.
	 */
	static final class PrintQueueSize {

		public static void main(String[] args) throws IOException {
			System.out.println(new JfrOldObjectRecorder().queueSize());
		}

	}

}
