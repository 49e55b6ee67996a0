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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs a main class of the test classpath in a child JVM whose G1 sends no
 * concurrent-cycle notifications (JDK 17 to 19): this JVM's own java if it is such a JVM,
 * else the JDK 17 at {@code memleak.test.jdk17.home} (set by the root pom from
 * {@code jdk17.home}), so that the JDK 25 pass tests the JDK 17-19 paths too. Without
 * such a JDK the test is skipped locally and fails with {@code CI=true}.
 */
public final class Jdk17Child {

	private static final String JDK17 = System.getProperty("memleak.test.jdk17.home",
			"/usr/lib/jvm/java-17-openjdk-amd64");

	private static final int TIME_LIMIT_SECONDS = 60;

	private Jdk17Child() {
	}

	/**
	 * Run a main class and return its output.
	 * @param directory where the output goes
	 * @param jvmOptions options besides the classpath
	 * @param main the main class
	 * @param args its arguments
	 * @return the lines it printed
	 */
	public static List<String> run(Path directory, List<String> jvmOptions, Class<?> main, String... args)
			throws IOException, InterruptedException {
		List<String> command = new ArrayList<>();
		command.add(java());
		command.addAll(jvmOptions);
		command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
		command.addAll(List.of(args));
		Path log = Files.createTempFile(directory, main.getSimpleName(), ".log");
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		if (!process.waitFor(TIME_LIMIT_SECONDS, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new AssertionError(main.getSimpleName() + " did not finish within " + TIME_LIMIT_SECONDS + " s: "
					+ Files.readString(log));
		}
		List<String> out = Files.readAllLines(log, StandardCharsets.UTF_8);
		assertThat(process.exitValue()).as(out.toString()).isZero();
		return out;
	}

	private static String java() {
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

}
