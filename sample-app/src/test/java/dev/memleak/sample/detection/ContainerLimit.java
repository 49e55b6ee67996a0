package dev.memleak.sample.detection;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.jayway.jsonpath.DocumentContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The footprint in a JVM inside a memory cgroup of known size (a child of this process's
 * cgroup v1 memory cgroup; skipped loudly where it cannot be created, a failure with
 * {@code CI=true}): the container's view, the time projected until the limit against the
 * real OOM kill, and the memory budget's warning when the heap alone nearly fills the
 * limit. Run by {@link FootprintLeakIT} alongside its leaks, in the same set of JVMs, so
 * that the build waits for the longest of them instead of their sum.
 */
final class ContainerLimit {

	private static final long MIB = 1024 * 1024;

	private ContainerLimit() {
	}

	/**
	 * Both checks side by side.
	 * @return their completion
	 */
	static CompletableFuture<Void> run() {
		CompletableFuture<Void> projection = CompletableFuture.runAsync(ContainerLimit::oomKillIsProjected);
		CompletableFuture<Void> budget = CompletableFuture.runAsync(ContainerLimit::tooLargeHeapIsWarnedAbout);
		return CompletableFuture.allOf(projection, budget);
	}

	static void oomKillIsProjected() {
		long limit = 448 * MIB;
		try (ChildCgroup cgroup = ChildCgroup.create(limit)) {
			if (cgroup == null) {
				return;
			}
			List<String> arguments = new ArrayList<>(FootprintLeakIT.SHORT_WINDOW);
			arguments.add("--sample.footprint.leak=unsafe");
			// A heap committed and touched from the start, so that the container grows by
			// the leak alone.
			try (SampleProcess app = SampleProcess.start("footprint-oom-" + Runtime.version().feature(),
					cgroup.launcher(),
					List.of("-Xms96m", "-Xmx96m", "-XX:+AlwaysPreTouch", "-XX:NativeMemoryTracking=summary"), arguments,
					FootprintLeakIT.STARTUP)) {
				long start = System.nanoTime();
				DocumentContext report = app.report();
				// Bounded by the samples the verdict needs, not by seconds a loaded
				// machine
				// stretches.
				while (!"SUSPECTED".equals(nmtOther(report)) && !FootprintLeakIT.judgedLongEnough(report, start)) {
					Thread.sleep(1000);
					report = app.report();
				}
				assertThat(nmtOther(report)).as(report.jsonString()).isEqualTo("SUSPECTED");
				assertThat(report.read("$.footprint.container.memory.limitBytes", Long.class)).isEqualTo(limit);
				assertThat(report.read("$.footprint.container.memory.path", String.class))
					.endsWith("/" + cgroup.name());
				assertThat(report.read("$.footprint.budget.limitBytes", Long.class)).isEqualTo(limit);
				String projected = report.read("$.footprint.container.projectedLimitReached");
				assertThat(projected).as(report.jsonString()).isNotNull();
				Instant readAt = Instant.now();
				Instant reached = Instant.parse(projected);
				Process process = app.process();
				assertThat(process.waitFor(10, TimeUnit.MINUTES)).as("the container reaches its limit").isTrue();
				Instant killedAt = Instant.now();
				assertThat(process.exitValue()).as("killed by SIGKILL").isEqualTo(137);
				assertThat(cgroup.oomKills()).as("the OOM killer killed it").isPositive();
				double actual = Duration.between(readAt, killedAt).toMillis();
				double predicted = Duration.between(readAt, reached).toMillis();
				System.out.println("footprint-oom: projected " + predicted / 1000 + " s ahead, killed after "
						+ actual / 1000 + " s");
				assertThat(predicted).as("projected within 30%% of the %.0f s it took", actual / 1000)
					.isBetween(0.7 * actual, 1.3 * actual);
			}
		}
		catch (Exception ex) {
			throw new IllegalStateException("footprint-oom failed; application log in target/it-logs", ex);
		}
	}

	static void tooLargeHeapIsWarnedAbout() {
		long limit = 256 * MIB;
		try (ChildCgroup cgroup = ChildCgroup.create(limit)) {
			if (cgroup == null) {
				return;
			}
			try (SampleProcess app = SampleProcess.start("footprint-budget-" + Runtime.version().feature(),
					cgroup.launcher(), List.of("-XX:MaxRAMPercentage=90"), List.of(), FootprintLeakIT.STARTUP)) {
				// Logged at the first sample, a second after the start; generous for a
				// loaded
				// machine.
				org.awaitility.Awaitility.await()
					.atMost(Duration.ofMinutes(3))
					.until(() -> app.log().contains("memleak: memory budget:"));
				String log = app.log();
				assertThat(log).containsPattern(
						"memleak: memory budget: container limit 256 MiB; heap up to 2\\d\\d MiB \\(-XX:MaxRAMPercentage\\)");
				assertThat(log)
					.contains("memleak: The JVM's settings cannot fit the container's memory limit of 256 MiB")
					.contains("Lower -XX:MaxRAMPercentage (now 90) to at most");
				DocumentContext report = app.report();
				assertThat(report.read("$.footprint.budget.limitBytes", Long.class)).isEqualTo(limit);
				assertThat(report.read("$.footprint.budget.headroomBytes", Long.class)).isNegative();
				List<String> notes = report.read("$.footprint.notes");
				assertThat(notes).anyMatch((note) -> note.startsWith("The JVM's settings cannot fit"));
			}
		}
		catch (Exception ex) {
			throw new IllegalStateException("footprint-budget failed; application log in target/it-logs", ex);
		}
	}

	private static String nmtOther(DocumentContext report) {
		List<String> statuses = report.read("$.footprint.categories[?(@.category == 'nmt_other')].status");
		return statuses.isEmpty() ? null : statuses.get(0);
	}

}
