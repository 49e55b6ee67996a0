package dev.memleak.footprint;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class NativeMemoryReaderTests {

	@Test
	void readsASummaryThroughTheMBeanInAJvmWithTracking() throws IOException, InterruptedException {
		Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-XX:NativeMemoryTracking=summary", "-cp", System.getProperty("java.class.path"),
				NmtProbe.class.getName())
			.redirectErrorStream(true)
			.start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(output).isZero();
		Matcher matcher = Pattern.compile("otherGrowth=(\\d+) heap=(\\d+) total=(\\d+) threads=(\\d+)").matcher(output);
		assertThat(matcher.find()).as(output).isTrue();
		long mib = 1024 * 1024;
		// 16 MiB of direct buffers and 8 MiB of Unsafe memory, both in NMT's "Other".
		assertThat(Long.parseLong(matcher.group(1))).as(output).isBetween(24 * mib, 25 * mib);
		assertThat(Long.parseLong(matcher.group(2))).isPositive().isLessThan(Long.parseLong(matcher.group(3)));
		assertThat(Long.parseLong(matcher.group(4))).isPositive();
	}

	@Test
	void thisJvmWithoutTrackingGivesNoSummary() {
		List<String> arguments = java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments();
		org.assertj.core.api.Assumptions.assumeThat(arguments)
			.as("the test JVM runs without -XX:NativeMemoryTracking")
			.noneMatch((argument) -> argument.startsWith("-XX:NativeMemoryTracking=s")
					|| argument.startsWith("-XX:NativeMemoryTracking=d"));
		assertThatIllegalArgumentException().isThrownBy(() -> new NativeMemoryReader().read())
			.withMessageContaining("Native memory tracking is not enabled");
	}

}
