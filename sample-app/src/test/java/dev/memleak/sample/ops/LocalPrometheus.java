package dev.memleak.sample.ops;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A Prometheus server started from the local binary on loopback, with a temporary
 * configuration and storage directory that {@link #close()} removes.
 *
 * @author memleak
 */
final class LocalPrometheus implements AutoCloseable {

	private static final Duration STARTUP = Duration.ofMinutes(3);

	private final Process process;

	private final Path directory;

	private final PrometheusApi api;

	private final boolean temporary;

	private LocalPrometheus(Process process, Path directory, PrometheusApi api, boolean temporary) {
		this.process = process;
		this.directory = directory;
		this.api = api;
		this.temporary = temporary;
	}

	/**
	 * Start a server and wait until it is ready.
	 * @param binary the {@code prometheus} executable
	 * @param config the configuration (YAML)
	 * @return the running server
	 * @throws IOException if it cannot be started
	 * @throws InterruptedException if interrupted while waiting
	 */
	static LocalPrometheus start(Path binary, String config) throws IOException, InterruptedException {
		Path directory = Files.createTempDirectory("memleak-prometheus-");
		return start(binary, config, directory, true,
				List.of("--storage.tsdb.path=" + directory.resolve("data"), "--storage.tsdb.retention.time=1h"));
	}

	/**
	 * Start a server on a storage directory that outlives it, and wait until it is ready.
	 * @param binary the {@code prometheus} executable
	 * @param config the configuration (YAML)
	 * @param directory where the configuration, the log and (as flags say) the storage go
	 * @param flags more command-line flags, such as the storage path and retention
	 * @return the running server
	 * @throws IOException if it cannot be started
	 * @throws InterruptedException if interrupted while waiting
	 */
	static LocalPrometheus start(Path binary, String config, Path directory, List<String> flags)
			throws IOException, InterruptedException {
		return start(binary, config, directory, false, flags);
	}

	private static LocalPrometheus start(Path binary, String config, Path directory, boolean temporary,
			List<String> flags) throws IOException, InterruptedException {
		Path configFile = Files.writeString(directory.resolve("prometheus.yml"), config);
		Path log = directory.resolve("prometheus.log");
		int port = freePort();
		List<String> command = new ArrayList<>(List.of(binary.toString(), "--config.file=" + configFile,
				"--web.listen-address=127.0.0.1:" + port, "--log.level=warn"));
		command.addAll(flags);
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
			.start();
		LocalPrometheus prometheus = new LocalPrometheus(process, directory,
				new PrometheusApi(URI.create("http://127.0.0.1:" + port)), temporary);
		long deadline = System.nanoTime() + STARTUP.toNanos();
		while (!prometheus.api.isReady()) {
			if (!process.isAlive() || System.nanoTime() > deadline) {
				String output = Files.readString(log);
				prometheus.close();
				throw new IllegalStateException("Prometheus did not become ready within " + STARTUP + ":\n" + output);
			}
			Thread.sleep(200);
		}
		return prometheus;
	}

	PrometheusApi api() {
		return this.api;
	}

	@Override
	public void close() throws IOException, InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
			this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
		}
		if (!this.temporary) {
			return;
		}
		try (Stream<Path> files = Files.walk(this.directory)) {
			for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(file);
			}
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

}
