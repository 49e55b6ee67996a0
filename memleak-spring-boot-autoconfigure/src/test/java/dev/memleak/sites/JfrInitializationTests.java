package dev.memleak.sites;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On JDK 17, JDK Flight Recorder's first start retransforms JDK classes and the JVM
 * discards all compiled code ("Marked all nmethods for deopt" in its log). These tests
 * run the auto-configured leak sites in a child JDK 17 (this JVM's own java on the JDK 17
 * pass, {@code memleak.test.jdk17.home} on the JDK 25 pass) and check when that happens:
 * when the recording starts by default, at startup with initialize-jfr-at-startup.
 */
class JfrInitializationTests {

	private static final String DISCARDED = "Marked all nmethods for deopt";

	private static final String STARTING = "warm; starting the recording";

	@TempDir
	Path directory;

	@Test
	void toldToInitializeJfrAtStartupStartingTheRecordingDiscardsNoCompiledCodeOnJdk17() throws Exception {
		List<String> out = run("memleak.sites.initialize-jfr-at-startup=true");
		assertThat(out).contains("started; jfr initialized true", "recording true");
		assertThat(out.subList(0, out.indexOf(STARTING))).anyMatch((line) -> line.contains(DISCARDED));
		assertThat(out.subList(out.indexOf(STARTING), out.size())).noneMatch((line) -> line.contains(DISCARDED));
	}

	@Test
	void byDefaultJfrIsNotStartedBeforeTheRecordingWhoseStartDiscardsAllCompiledCodeOnJdk17() throws Exception {
		List<String> out = run();
		assertThat(out).contains("started; jfr initialized false", "recording true");
		assertThat(out.subList(0, out.indexOf(STARTING))).noneMatch((line) -> line.contains(DISCARDED));
		assertThat(out.subList(out.indexOf(STARTING), out.size())).anyMatch((line) -> line.contains(DISCARDED));
	}

	private List<String> run(String... properties) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of(jdk17(), "-Xlog:redefine+class+nmethod=debug:stdout", "-cp",
				System.getProperty("java.class.path"), JfrInitializationProbe.class.getName()));
		command.addAll(List.of(properties));
		Path log = this.directory.resolve("probe.log");
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		if (!process.waitFor(60, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new AssertionError("the probe did not finish within 60 s: " + Files.readString(log));
		}
		List<String> out = Files.readAllLines(log, StandardCharsets.UTF_8);
		assertThat(process.exitValue()).as(out.toString()).isZero();
		assertThat(out).as(out.toString()).contains(STARTING);
		return out;
	}

	private static String jdk17() {
		if (Runtime.version().feature() == 17) {
			return ProcessHandle.current().info().command().orElseThrow();
		}
		Path java = Path.of(System.getProperty("memleak.test.jdk17.home", "/usr/lib/jvm/java-17-openjdk-amd64"), "bin",
				"java");
		if (!Files.isExecutable(java)) {
			String message = "no JDK 17 at " + java + " (set memleak.test.jdk17.home)";
			if ("true".equals(System.getenv("CI"))) {
				throw new AssertionError(message + ": it cannot be skipped in CI");
			}
			Assumptions.abort(message);
		}
		return java.toString();
	}

}
