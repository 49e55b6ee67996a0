package dev.memleak.browser;

import java.io.File;
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
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Debian's Chromium, headless, driven over the DevTools protocol. Without Chromium a test
 * that needs it is skipped loudly on a developer's machine and fails in CI
 * ({@code CI=true}). The browser runs with a fresh profile and without any background
 * networking, so that the only requests it makes are the pages' own; every wait is
 * bounded.
 *
 * @author memleak
 */
public final class HeadlessChromium implements AutoCloseable {

	/** How to install Chromium on Debian. */
	public static final String INSTALL = "apt-get install -y chromium";

	private static final Duration STARTUP = Duration.ofSeconds(30);

	private final Process process;

	private final Path profile;

	private final int port;

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	private final List<BrowserPage> pages = new ArrayList<>();

	private HeadlessChromium(Process process, Path profile, int port) {
		this.process = process;
		this.profile = profile;
		this.port = port;
	}

	/**
	 * Start Chromium, or skip (fail in CI) the calling test if it is not installed.
	 * @return the running browser
	 * @throws IOException if it cannot be started
	 * @throws InterruptedException if interrupted while waiting for it
	 */
	public static HeadlessChromium start() throws IOException, InterruptedException {
		Path executable = executable();
		Path profile = Files.createTempDirectory("memleak-chromium-");
		Path log = Files.createDirectories(Path.of("target", "page-browser")).resolve("chromium.log");
		List<String> command = List.of(executable.toString(), "--headless", "--no-sandbox", "--disable-gpu",
				"--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
				"--disable-sync", "--disable-default-apps", "--disable-extensions", "--hide-scrollbars",
				"--window-size=1280,900", "--user-data-dir=" + profile, "--remote-debugging-address=127.0.0.1",
				"--remote-debugging-port=0", "about:blank");
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		Path portFile = profile.resolve("DevToolsActivePort");
		long deadline = System.nanoTime() + STARTUP.toNanos();
		while (System.nanoTime() < deadline) {
			if (Files.exists(portFile)) {
				List<String> lines = Files.readAllLines(portFile);
				if (!lines.isEmpty() && !lines.get(0).isBlank()) {
					return new HeadlessChromium(process, profile, Integer.parseInt(lines.get(0).trim()));
				}
			}
			if (!process.isAlive()) {
				throw new IllegalStateException("Chromium exited at startup:\n" + Files.readString(log));
			}
			Thread.sleep(100);
		}
		destroy(process);
		throw new IllegalStateException(
				"Chromium did not open its DevTools port within " + STARTUP + ":\n" + Files.readString(log));
	}

	/**
	 * Open a new tab, ready to be watched and navigated.
	 * @return the tab
	 * @throws IOException if DevTools cannot be reached
	 * @throws InterruptedException if interrupted
	 */
	public BrowserPage newPage() throws IOException, InterruptedException {
		HttpResponse<String> response = this.client
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/json/new?about:blank"))
				.PUT(HttpRequest.BodyPublishers.noBody())
				.timeout(Duration.ofSeconds(10))
				.build(), HttpResponse.BodyHandlers.ofString());
		JsonNode target = JsonMapper.builder().build().readTree(response.body());
		BrowserPage page = BrowserPage.connect(URI.create(target.path("webSocketDebuggerUrl").asString()));
		this.pages.add(page);
		return page;
	}

	@Override
	public void close() throws IOException {
		this.pages.forEach(BrowserPage::close);
		destroy(this.process);
		try (Stream<Path> files = Files.walk(this.profile)) {
			files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).map(Path::toFile).forEach(File::delete);
		}
	}

	private static void destroy(Process process) {
		List<ProcessHandle> children = process.descendants().toList();
		process.destroy();
		try {
			if (!process.waitFor(10, TimeUnit.SECONDS)) {
				process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
	}

	private static Path executable() {
		Optional<Path> found = Stream.of("chromium", "chromium-browser", "google-chrome")
			.flatMap((name) -> Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
				.filter((directory) -> !directory.isEmpty())
				.map((directory) -> Path.of(directory, name)))
			.filter(Files::isExecutable)
			.findFirst();
		if (found.isEmpty()) {
			String reason = "Chromium is not on the PATH; install it with: " + INSTALL;
			if ("true".equalsIgnoreCase(System.getenv("CI"))) {
				Assertions.fail(reason + " (CI=true: a browser test that cannot run fails the build)");
			}
			String message = "SKIPPED browser test: " + reason;
			System.err.println("*".repeat(message.length()));
			System.err.println(message);
			System.err.println("*".repeat(message.length()));
			Assumptions.abort(message);
		}
		return found.orElseThrow();
	}

}
