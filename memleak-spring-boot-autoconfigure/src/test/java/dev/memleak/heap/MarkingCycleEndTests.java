package dev.memleak.heap;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The end of G1 marking cycles in real JVMs without concurrent-cycle notifications (JDK
 * 17 to 19): seen through the pause counter from the start at no cost, or through JFR
 * where the counter is off. The probes run in a {@link Jdk17Child}, so the JDK 25 run
 * tests the JDK 17 path too.
 */
class MarkingCycleEndTests {

	/** The child with the pause counter, run once for the two tests that read it. */
	private static List<String> counted;

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
		List<String> out = counted();
		assertThat(out).contains("started pause counter", "failures {}");
		assertThat(floorPoints(out)).as(out.toString()).isGreaterThanOrEqualTo(3);
	}

	@Test
	void withoutTheCounterOrJfrTheSameCyclesGiveFewerFloorPoints() throws Exception {
		List<String> counted = counted();
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

	private static int floorPoints(List<String> out) {
		return out.stream()
			.filter((line) -> line.startsWith("floorPoints "))
			.mapToInt((line) -> Integer.parseInt(line.substring("floorPoints ".length())))
			.findFirst()
			.orElseThrow(() -> new AssertionError(out.toString()));
	}

	private List<String> counted() throws IOException, InterruptedException {
		if (counted == null) {
			counted = probe(List.of(), "counter", "no-jfr");
		}
		return counted;
	}

	private List<String> probe(List<String> jvmOptions, String... args) throws IOException, InterruptedException {
		List<String> options = new ArrayList<>(List.of("-Xmx128m", "-XX:+UseG1GC", "-XX:+ExplicitGCInvokesConcurrent"));
		options.addAll(jvmOptions);
		return Jdk17Child.run(this.output, options, CycleEndProbe.class, args);
	}

}
