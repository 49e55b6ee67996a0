package dev.memleak.sample.ops;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A Prometheus server started from the local binary on loopback, with a temporary
 * configuration and storage directory that {@link #close()} removes.
 *
 * @author memleak
 */
final class LocalPrometheus implements AutoCloseable {

	private static final Duration STARTUP = Duration.ofSeconds(30);

	private final Process process;

	private final Path directory;

	private final PrometheusApi api;

	private LocalPrometheus(Process process, Path directory, PrometheusApi api) {
		this.process = process;
		this.directory = directory;
		this.api = api;
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
		Path configFile = Files.writeString(directory.resolve("prometheus.yml"), config);
		Path log = directory.resolve("prometheus.log");
		int port = freePort();
		Process process = new ProcessBuilder(binary.toString(), "--config.file=" + configFile,
				"--storage.tsdb.path=" + directory.resolve("data"), "--storage.tsdb.retention.time=1h",
				"--web.listen-address=127.0.0.1:" + port, "--log.level=warn")
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		LocalPrometheus prometheus = new LocalPrometheus(process, directory,
				new PrometheusApi(URI.create("http://127.0.0.1:" + port)));
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
		if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
			this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
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
