package dev.memleak.browser;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One tab of {@link HeadlessChromium}, driven over the DevTools protocol through a
 * WebSocket. It records what a test checks: every request the page makes, console
 * messages, uncaught exceptions, browser log entries (where Chromium reports refused
 * resources) and Content-Security-Policy violations, caught by a listener installed
 * before the page's own script runs.
 *
 * @author memleak
 */
public final class BrowserPage implements AutoCloseable {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	// Runs in every document before its own scripts; DevTools scripts are not subject
	// to the page's policy.
	private static final String VIOLATION_LISTENER = "window.__cspViolations = [];"
			+ "document.addEventListener('securitypolicyviolation', function (e) {"
			+ " window.__cspViolations.push(e.violatedDirective + ' blocked ' + e.blockedURI); });";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final AtomicInteger ids = new AtomicInteger();

	private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

	private final List<JsonNode> events = new CopyOnWriteArrayList<>();

	private WebSocket socket;

	private BrowserPage() {
	}

	static BrowserPage connect(URI debuggerUrl) {
		BrowserPage page = new BrowserPage();
		page.socket = HttpClient.newHttpClient()
			.newWebSocketBuilder()
			.connectTimeout(Duration.ofSeconds(10))
			.buildAsync(debuggerUrl, page.new Listener())
			.orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS)
			.join();
		for (String domain : List.of("Runtime", "Log", "Network", "Page")) {
			page.send(domain + ".enable", Map.of());
		}
		page.send("Page.addScriptToEvaluateOnNewDocument", Map.of("source", VIOLATION_LISTENER));
		return page;
	}

	/**
	 * Quote a string for use in JavaScript.
	 * @param text the string
	 * @return a JavaScript string literal of it
	 */
	public static String quote(String text) {
		return JSON.writeValueAsString(text);
	}

	/**
	 * Show times as a reader in this time zone would see them.
	 * @param zone an IANA time zone such as {@code Asia/Kolkata}
	 */
	public void timeZone(String zone) {
		send("Emulation.setTimezoneOverride", Map.of("timezoneId", zone));
	}

	/**
	 * Load a page and wait for its load event.
	 * @param url the address
	 */
	public void open(String url) {
		awaitLoad(() -> send("Page.navigate", Map.of("url", url)));
	}

	/**
	 * Click an element and wait for the page it leads to.
	 * @param selector a CSS selector
	 */
	public void clickAndWait(String selector) {
		awaitLoad(() -> evaluate("document.querySelector(" + quote(selector) + ").click()"));
	}

	/**
	 * Evaluate JavaScript in the page.
	 * @param expression the expression
	 * @return its value
	 */
	public JsonNode evaluate(String expression) {
		JsonNode result = send("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true));
		if (result.has("exceptionDetails")) {
			throw new IllegalStateException("'" + expression + "' threw " + result.path("exceptionDetails"));
		}
		return result.path("result").path("value");
	}

	/**
	 * Forget the requests and problems recorded so far.
	 */
	public void clearRecords() {
		this.events.clear();
	}

	/**
	 * Return the addresses of every request the tab made, in order.
	 * @return the URLs
	 */
	public List<String> requests() {
		return events("Network.requestWillBeSent").stream()
			.map((event) -> event.path("params").path("request").path("url").asString())
			.toList();
	}

	/**
	 * Return every console error or warning, uncaught exception, browser log entry of
	 * level warning or error, and Content-Security-Policy violation of the current page.
	 * @return the problems, empty if there was none
	 */
	public List<String> problems() {
		List<String> problems = new ArrayList<>();
		events("Runtime.consoleAPICalled").stream()
			.filter((event) -> List.of("error", "warning", "assert")
				.contains(event.path("params").path("type").asString()))
			.forEach((event) -> problems.add("console: " + event.path("params").path("args")));
		events("Runtime.exceptionThrown")
			.forEach((event) -> problems.add("exception: " + event.path("params").path("exceptionDetails")));
		events("Log.entryAdded").stream()
			.filter((event) -> !event.path("params").path("entry").path("level").asString().equals("info")
					&& !event.path("params").path("entry").path("level").asString().equals("verbose"))
			.forEach((event) -> problems.add("log: " + event.path("params").path("entry")));
		evaluate("window.__cspViolations || []")
			.forEach((violation) -> problems.add("CSP violation: " + violation.asString()));
		return problems;
	}

	/**
	 * Save a PNG of the whole page.
	 * @param file where to write it
	 */
	public void screenshot(Path file) throws IOException {
		JsonNode size = send("Page.getLayoutMetrics", Map.of()).path("cssContentSize");
		Map<String, Object> clip = Map.of("x", 0, "y", 0, "width", size.path("width").asDouble(), "height",
				size.path("height").asDouble(), "scale", 1);
		JsonNode shot = send("Page.captureScreenshot",
				Map.of("format", "png", "captureBeyondViewport", true, "clip", clip));
		Files.createDirectories(file.toAbsolutePath().getParent());
		Files.write(file, Base64.getDecoder().decode(shot.path("data").asString()));
	}

	@Override
	public void close() {
		this.socket.abort();
	}

	private void awaitLoad(Runnable action) {
		int loads = events("Page.loadEventFired").size();
		action.run();
		long deadline = System.nanoTime() + TIMEOUT.toNanos();
		while (events("Page.loadEventFired").size() <= loads) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("The page did not load within " + TIMEOUT);
			}
			sleep(50);
		}
	}

	private List<JsonNode> events(String method) {
		Predicate<JsonNode> matches = (event) -> event.path("method").asString().equals(method);
		return this.events.stream().filter(matches).toList();
	}

	private JsonNode send(String method, Map<String, Object> params) {
		int id = this.ids.incrementAndGet();
		CompletableFuture<JsonNode> response = new CompletableFuture<>();
		this.pending.put(id, response);
		String message = JSON.writeValueAsString(Map.of("id", id, "method", method, "params", params));
		this.socket.sendText(message, true).orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
		JsonNode answer = response.orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
		if (answer.has("error")) {
			throw new IllegalStateException(method + " failed: " + answer.path("error"));
		}
		return answer.path("result");
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private final class Listener implements WebSocket.Listener {

		private final StringBuilder message = new StringBuilder();

		@Override
		public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			this.message.append(data);
			if (last) {
				JsonNode received = JSON.readTree(this.message.toString());
				this.message.setLength(0);
				if (received.has("id")) {
					CompletableFuture<JsonNode> response = BrowserPage.this.pending.remove(received.path("id").asInt());
					if (response != null) {
						response.complete(received);
					}
				}
				else {
					BrowserPage.this.events.add(received);
				}
			}
			webSocket.request(1);
			return null;
		}

	}

}
