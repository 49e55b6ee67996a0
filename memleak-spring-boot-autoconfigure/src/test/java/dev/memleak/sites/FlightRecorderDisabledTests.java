package dev.memleak.sites;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.memleak.core.FailureRecorder;
import dev.memleak.core.PauseBudget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A JVM started with {@code -XX:-FlightRecorder} (deprecated since JDK 13, still honoured
 * by {@code FlightRecorder.isAvailable()} on JDK 17 and 25, although recordings would
 * start): the operator said no JFR, so leak sites report themselves unavailable and
 * nothing fails.
 */
class FlightRecorderDisabledTests {

	@TempDir
	Path directory;

	@Test
	void leakSitesAreUnavailableInAJvmStartedWithoutFlightRecorder() throws Exception {
		List<String> command = new ArrayList<>(
				List.of(ProcessHandle.current().info().command().orElseThrow(), "-XX:-FlightRecorder", "-cp",
						System.getProperty("java.class.path"), Probe.class.getName(), this.directory.toString()));
		// Output to a file, so that the time limit holds even if the child hangs.
		Path log = Files.createTempFile(this.directory.getParent(), "probe", ".log");
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		boolean exited = process.waitFor(60, TimeUnit.SECONDS);
		if (!exited) {
			process.destroyForcibly();
		}
		String output = Files.readString(log, StandardCharsets.UTF_8);
		assertThat(exited).as("the probe exits within 60 s: " + output).isTrue();
		assertThat(process.exitValue()).as(output).isZero();
		assertThat(output).contains("status=UNAVAILABLE")
			.contains("emission=UNAVAILABLE: JDK Flight Recorder is not available in this JVM "
					+ "(disabled with -XX:-FlightRecorder, or not supported)")
			.contains("errors={}")
			.contains("recordings=0");
	}

	/**
	 * Runs in the JVM without Flight Recorder.
	 */
	static final class Probe {

		public static void main(String[] args) throws IOException {
			SitesSettings settings = SitesSettings.builder().directory(Path.of(args[0])).build();
			FailureRecorder failures = new FailureRecorder(null);
			try (LeakSiteSampler sampler = new LeakSiteSampler(new JfrOldObjectRecorder(), () -> null, settings,
					Clock.systemUTC(), failures, null, PauseBudget.unlimited())) {
				sampler.startRecording();
				SitesEmission emission = sampler.emit(SitesTrigger.ON_DEMAND);
				System.out.println("status=" + sampler.status());
				System.out.println("emission=" + emission.status() + ": " + emission.note());
				System.out.println("errors=" + failures.counts());
				System.out.println("recordings=" + jdk.jfr.FlightRecorder.getFlightRecorder().getRecordings().size());
			}
			try (var files = Files.list(Path.of(args[0]))) {
				System.out.println("files=" + files.count());
			}
		}

	}

}
