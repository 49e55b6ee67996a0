package dev.memleak.sample.ops;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sample application in a JVM of its own, started from the test class path, so that
 * it runs with the JVM options of a production pod
 * ({@code -XX:NativeMemoryTracking=summary} for the native-memory meters) that the test
 * JVM lacks. {@link #close()} stops it.
 *
 * @author memleak
 */
final class SampleApplicationProcess implements AutoCloseable {

	/**
	 * The version tag the operations checks give the application, as the Kubernetes
	 * manifests do ({@code management.metrics.tags.version}, docs/alerts.md).
	 */
	static final String VERSION = "0.1.0-ops";

	/**
	 * The environment variable through which k8s/base/deployment.yaml hands the pod's
	 * release label to the application as its metrics' version tag; every process started
	 * here gets {@link #VERSION} the same way, so the dashboard check's version variable
	 * proves that binding.
	 */
	static final String VERSION_VARIABLE = "MANAGEMENT_METRICS_TAGS_VERSION";

	/**
	 * The JVM options of the Kubernetes manifests that matter to memleak's meters (see
	 * k8s/base/deployment.yaml), with a small heap.
	 */
	static final List<String> JVM_OPTIONS = List.of("-Xmx256m", "-XX:+UseG1GC", "-XX:NativeMemoryTracking=summary",
			"-XX:MaxDirectMemorySize=64m", "-XX:+ExitOnOutOfMemoryError");

	/**
	 * The sample's leak and cache scenarios on, every memleak feature on and set to
	 * report within seconds, so that a Prometheus scraping it for a quarter of a minute
	 * sees every meter.
	 */
	static final List<String> LEAKING = List.of("--sample.leak.enabled=true", "--sample.cache.enabled=true",
			"--sample.job.interval=1s", "--memleak.detection.window=1m", "--memleak.detection.min-samples=3",
			"--memleak.detection.min-duration=20s", "--memleak.detection.evaluation-interval=2s",
			"--memleak.snapshot.enabled=true", "--memleak.snapshot.initial-delay=0s", "--memleak.snapshot.interval=5s",
			"--memleak.snapshot.jitter=0s", "--memleak.task.enabled=true");

	private static final Pattern STARTED = Pattern.compile("Tomcat started on port (\\d+)");

	private static final Duration STARTUP = Duration.ofSeconds(120);

	private final Process process;

	private final Path log;

	private final int port;

	private SampleApplicationProcess(Process process, Path log, int port) {
		this.process = process;
		this.log = log;
		this.port = port;
	}

	/**
	 * Start a main class of the test class path and wait until its server listens.
	 * @param name a name for the log file under {@code target/ops-logs}
	 * @param mainClass the application's main class
	 * @param arguments application arguments such as {@code --sample.leak.enabled=true}
	 * @return the running application
	 * @throws IOException if it cannot be started
	 * @throws InterruptedException if interrupted while waiting
	 */
	static SampleApplicationProcess start(String name, Class<?> mainClass, List<String> arguments)
			throws IOException, InterruptedException {
		Path log = Files.createDirectories(Path.of("target", "ops-logs")).resolve(name + ".log");
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(JVM_OPTIONS);
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add(mainClass.getName());
		command.add("--server.port=0");
		command.add("--spring.main.banner-mode=off");
		command.addAll(arguments);
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
		builder.environment().put(VERSION_VARIABLE, VERSION);
		Process process = builder.start();
		long deadline = System.nanoTime() + STARTUP.toNanos();
		while (System.nanoTime() < deadline) {
			Matcher matcher = STARTED.matcher(Files.readString(log));
			if (matcher.find()) {
				return new SampleApplicationProcess(process, log, Integer.parseInt(matcher.group(1)));
			}
			if (!process.isAlive()) {
				throw new IllegalStateException("The sample application exited:\n" + Files.readString(log));
			}
			Thread.sleep(200);
		}
		process.destroyForcibly().waitFor();
		throw new IllegalStateException(
				"The sample application did not start within " + STARTUP + ":\n" + Files.readString(log));
	}

	int port() {
		return this.port;
	}

	URI uri() {
		return URI.create("http://127.0.0.1:" + this.port);
	}

	String log() throws IOException {
		return Files.readString(this.log);
	}

	/**
	 * Run a full collection in the application's JVM ({@code jcmd <pid> GC.run}, an
	 * attach from outside), so that the live-set tracker gets collections that reclaim
	 * the old generation within seconds; a real service gets them from its load.
	 * @throws IOException if jcmd cannot be started
	 * @throws InterruptedException if interrupted while waiting
	 */
	void collectGarbage() throws IOException, InterruptedException {
		Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
		Command gc = Command.run(Path.of("."), Duration.ofSeconds(30), jcmd.toString(),
				Long.toString(this.process.pid()), "GC.run");
		if (!gc.isSuccess()) {
			throw new IllegalStateException(gc.toString());
		}
	}

	@Override
	public void close() throws InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(20, TimeUnit.SECONDS)) {
			this.process.destroyForcibly().waitFor();
		}
	}

}
