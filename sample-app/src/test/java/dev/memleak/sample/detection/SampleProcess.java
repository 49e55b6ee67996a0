package dev.memleak.sample.detection;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;

/**
 * The packaged sample application running in its own JVM, with its own heap size and
 * collector, as in production.
 *
 * @author memleak
 */
final class SampleProcess implements AutoCloseable {

	private static final Pattern STARTED = Pattern.compile("Tomcat started on port (\\d+)");

	private final Process process;

	private final Path log;

	private final int port;

	private final HttpClient client = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(30))
		.build();

	private final Path progress;

	private SampleProcess(Process process, Path log, int port) {
		this.process = process;
		this.log = log;
		this.port = port;
		this.progress = Path.of(log.toString().replace(".log", "-reports.jsonl"));
	}

	/**
	 * Start the jar with the JVM running the tests.
	 * @param name a name for the log file
	 * @param jvmOptions options such as {@code -Xmx256m}
	 * @param arguments application arguments such as {@code --sample.leak.enabled=true}
	 * @return the running application
	 */
	static SampleProcess start(String name, List<String> jvmOptions, List<String> arguments)
			throws IOException, InterruptedException {
		// Far above the few seconds it takes: the machine may be busy with others.
		return start(name, List.of(), jvmOptions, arguments, Duration.ofMinutes(3));
	}

	/**
	 * Start the jar with the JVM running the tests.
	 * @param name a name for the log file
	 * @param jvmOptions options such as {@code -Xmx256m}
	 * @param arguments application arguments such as {@code --sample.leak.enabled=true}
	 * @param startup the longest time startup may take
	 * @return the running application
	 */
	static SampleProcess start(String name, List<String> jvmOptions, List<String> arguments, Duration startup)
			throws IOException, InterruptedException {
		return start(name, List.of(), jvmOptions, arguments, startup);
	}

	/**
	 * Start the jar with the JVM running the tests, through a launcher.
	 * @param name a name for the log file
	 * @param launcher a command that runs its arguments, such as one that enters a cgroup
	 * first; empty for none
	 * @param jvmOptions options such as {@code -Xmx256m}
	 * @param arguments application arguments such as {@code --sample.leak.enabled=true}
	 * @return the running application
	 */
	static SampleProcess start(String name, List<String> launcher, List<String> jvmOptions, List<String> arguments)
			throws IOException, InterruptedException {
		return start(name, launcher, jvmOptions, arguments, Duration.ofMinutes(3));
	}

	/**
	 * Start the jar with the JVM running the tests, through a launcher.
	 * @param name a name for the log file
	 * @param launcher a command that runs its arguments, such as one that enters a cgroup
	 * first; empty for none
	 * @param jvmOptions options such as {@code -Xmx256m}
	 * @param arguments application arguments such as {@code --sample.leak.enabled=true}
	 * @param startup the longest time startup may take
	 * @return the running application
	 */
	static SampleProcess start(String name, List<String> launcher, List<String> jvmOptions, List<String> arguments,
			Duration startup) throws IOException, InterruptedException {
		Path jar = Path.of("target", "sample-app.jar");
		if (!Files.exists(jar)) {
			throw new IllegalStateException(jar.toAbsolutePath() + " is missing: the IT runs after 'package'");
		}
		Path log = Files.createDirectories(Path.of("target", "it-logs")).resolve(name + ".log");
		List<String> command = new ArrayList<>(launcher);
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(jvmOptions);
		command.add("-jar");
		command.add(jar.toString());
		command.add("--server.port=0");
		command.add("--spring.main.banner-mode=off");
		command.addAll(arguments);
		Files.deleteIfExists(Path.of(log.toString().replace(".log", "-reports.jsonl")));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		long deadline = System.nanoTime() + startup.toNanos();
		while (System.nanoTime() < deadline) {
			Matcher matcher = STARTED.matcher(Files.readString(log));
			if (matcher.find()) {
				return new SampleProcess(process, log, Integer.parseInt(matcher.group(1)));
			}
			if (!process.isAlive()) {
				throw new IllegalStateException("the sample app exited:\n" + Files.readString(log));
			}
			Thread.sleep(200);
		}
		process.destroyForcibly();
		throw new IllegalStateException("the sample app did not start in " + startup + ":\n" + Files.readString(log));
	}

	int port() {
		return this.port;
	}

	HttpClient client() {
		return this.client;
	}

	DocumentContext report() throws IOException, InterruptedException {
		HttpResponse<String> response = this.client
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/actuator/memoryleak"))
				.timeout(Duration.ofSeconds(60))
				.build(), HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 200) {
			throw new IllegalStateException("memoryleak endpoint answered " + response.statusCode());
		}
		Files.writeString(this.progress, response.body() + "\n", java.nio.file.StandardOpenOption.CREATE,
				java.nio.file.StandardOpenOption.APPEND);
		return JsonPath.parse(response.body());
	}

	Process process() {
		return this.process;
	}

	/**
	 * Read another part of the application over HTTP.
	 * @param path such as {@code /actuator/memoryleak/snapshots}
	 * @return the JSON body
	 */
	DocumentContext get(String path) throws IOException, InterruptedException {
		HttpResponse<String> response = this.client
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
				.timeout(Duration.ofSeconds(60))
				.build(), HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 200) {
			throw new IllegalStateException(path + " answered " + response.statusCode());
		}
		return JsonPath.parse(response.body());
	}

	boolean isAlive() {
		return this.process.isAlive();
	}

	Path logFile() {
		return this.log;
	}

	String log() throws IOException {
		return Files.readString(this.log);
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.process.destroyForcibly();
		}
	}

}
