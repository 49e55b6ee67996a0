package dev.memleak.browser;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;

/**
 * Reads the {@code memoryleak} endpoint as JSON, and opens its page in a browser tab
 * while the report holds still, so that what the page shows can be compared with the
 * JSON.
 *
 * @author memleak
 */
public final class ReportPageClient {

	private static final int ATTEMPTS = 10;

	private static final Duration PAUSE = Duration.ofSeconds(1);

	private final String url;

	/**
	 * Create a client of the endpoint at {@code /actuator/memoryleak}.
	 * @param port the server's port
	 */
	public ReportPageClient(int port) {
		this.url = "http://localhost:" + port + "/actuator/memoryleak";
	}

	public String url() {
		return this.url;
	}

	public DocumentContext json() throws IOException, InterruptedException {
		return JsonPath.parse(get("application/json").body());
	}

	public HttpResponse<String> get(String accept) throws IOException, InterruptedException {
		// A fresh client, so a fresh connection, per request: Reactor Netty 1.3.7 stops
		// reading a keep-alive connection now and then (reactor-netty issue 4361), and
		// HTTP/1.1, as the client's h2c upgrade attempt hangs against it too.
		HttpClient client = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(10))
			.build();
		return client.send(HttpRequest.newBuilder(URI.create(this.url))
			.header("Accept", accept)
			.timeout(Duration.ofSeconds(30))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	/**
	 * Open the page in a tab between two reads of the JSON that agree, so that the page
	 * was rendered from the same evaluation as the JSON returned.
	 * @param page the tab
	 * @return the report the page shows
	 */
	public DocumentContext openWhileStill(BrowserPage page) throws IOException, InterruptedException {
		return openWhileStill(page, (report) -> true);
	}

	/**
	 * Open the page in a tab between two reads of the JSON that agree and show what a
	 * test is about, so that the page was rendered from the same evaluation as the JSON
	 * returned. A live report changes: a suspect class can drop out of one snapshot's
	 * ranking and be back in the next.
	 * @param page the tab
	 * @param shows what the report must show
	 * @return the report the page shows
	 */
	public DocumentContext openWhileStill(BrowserPage page, Predicate<DocumentContext> shows)
			throws IOException, InterruptedException {
		String last = null;
		for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
			DocumentContext before = json();
			last = before.jsonString();
			if (!shows.test(before)) {
				Thread.sleep(PAUSE.toMillis());
				continue;
			}
			page.clearRecords();
			page.open(this.url);
			DocumentContext after = json();
			if (sameEvaluation(before, after)) {
				return before;
			}
		}
		throw new IllegalStateException("In " + ATTEMPTS + " attempts the report changed during the page's load "
				+ "or did not show what the test needs; the last one: " + last);
	}

	private static boolean sameEvaluation(DocumentContext one, DocumentContext other) {
		for (String path : List.of("$.status", "$.notes", "$.heap.floorPoints", "$.suspects[*].className",
				"$.sites[*].stackTrace")) {
			if (!Objects.equals(one.read(path), other.read(path))) {
				return false;
			}
		}
		return true;
	}

}
