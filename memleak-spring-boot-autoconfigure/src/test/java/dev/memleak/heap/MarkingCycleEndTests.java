package dev.memleak.heap;

import java.io.IOException;
import java.lang.management.ManagementFactory;
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
 * The end of G1 marking cycles in real JVMs without concurrent-cycle notifications (JDK
 * 17 to 19): seen through the pause counter from the start at no cost, or through JFR
 * where the counter is off. The probes run on this JVM if it is such a JVM, else on the
 * JDK 17 at {@code memleak.test.jdk17.home} (default
 * {@code /usr/lib/jvm/java-17-openjdk-amd64}), so the JDK 25 run tests the JDK 17 path
 * too; without one they are skipped locally and fail with {@code CI=true}.
 */
class MarkingCycleEndTests {

	private static final String JDK17 = System.getProperty("memleak.test.jdk17.home",
			"/usr/lib/jvm/java-17-openjdk-amd64");

	@TempDir
	Path output;

	@Test
	void thisJvmsPauseCounterIsFoundAndAnotherJvmsIsNot() {
		long pid = ProcessHandle.current().pid();
		long start = ManagementFactory.getRuntimeMXBean().getStartTime();
		G1PauseCounter counter = G1PauseCounter.open(pid, start);
		assertThat(counter).isNotNull();
		assertThat(counter.pauses()).isNotNegative();
		assertThat(G1PauseCounter.open(pid, start - 1)).isNull();
	}

	@Test
	void markingCyclesWithoutMixedCollectionsGiveFloorPointsThroughThePauseCounter() throws Exception {
		List<String> out = probe(List.of(), "counter", "no-jfr");
		assertThat(out).contains("started pause counter", "failures {}");
		assertThat(floorPoints(out)).as(out.toString()).isGreaterThanOrEqualTo(3);
	}

	@Test
	void withoutTheCounterOrJfrTheSameCyclesGiveFewerFloorPoints() throws Exception {
		List<String> counted = probe(List.of(), "counter", "no-jfr");
		List<String> blind = probe(List.of("-XX:-UsePerfData"), "counter", "no-jfr");
		assertThat(blind).as(blind.toString()).contains("started none");
		assertThat(floorPoints(blind)).as(blind.toString()).isLessThan(floorPoints(counted));
	}

	@Test
	void withoutTheCounterJfrTakesOverOnceTheJvmIsWarm() throws Exception {
		List<String> out = probe(List.of("-XX:-UsePerfData"), "no-counter", "jfr");
		assertThat(out).as(out.toString()).contains("started jfr pending", "source jfr", "failures {}");
		assertThat(floorPoints(out)).as(out.toString()).isGreaterThanOrEqualTo(2);
	}

	private static String javaWithoutConcurrentCycleNotifications() {
		boolean notified = ManagementFactory.getGarbageCollectorMXBeans()
			.stream()
			.anyMatch((bean) -> bean.getName().equals("G1 Concurrent GC"));
		if (!notified) {
			return ProcessHandle.current().info().command().orElseThrow();
		}
		Path java = Path.of(JDK17, "bin", "java");
		if (!Files.isExecutable(java)) {
			String message = "no JDK 17 at " + JDK17 + " (set memleak.test.jdk17.home) to run the JDK 17-19 path";
			if ("true".equals(System.getenv("CI"))) {
				throw new AssertionError(message + ": it cannot be skipped in CI");
			}
			Assumptions.abort(message);
		}
		return java.toString();
	}

	private static int floorPoints(List<String> out) {
		return out.stream()
			.filter((line) -> line.startsWith("floorPoints "))
			.mapToInt((line) -> Integer.parseInt(line.substring("floorPoints ".length())))
			.findFirst()
			.orElseThrow(() -> new AssertionError(out.toString()));
	}

	private List<String> probe(List<String> jvmOptions, String... args) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>();
		command.add(javaWithoutConcurrentCycleNotifications());
		command.addAll(List.of("-Xmx128m", "-XX:+UseG1GC", "-XX:+ExplicitGCInvokesConcurrent"));
		command.addAll(jvmOptions);
		command.addAll(List.of("-cp", System.getProperty("java.class.path"), CycleEndProbe.class.getName()));
		command.addAll(List.of(args));
		Path log = Files.createTempFile(this.output, "probe", ".log");
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		if (!process.waitFor(60, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new AssertionError("probe did not finish within 60 s: " + Files.readString(log));
		}
		List<String> out = Files.readAllLines(log, StandardCharsets.UTF_8);
		assertThat(process.exitValue()).as(out.toString()).isZero();
		return out;
	}

}
