package dev.memleak.sample.page;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;

/**
 * Reads the {@code memoryleak} endpoint as JSON, and opens its page in a browser tab
 * while the report holds still, so that what the page shows can be compared with the
 * JSON.
 *
 * @author memleak
 */
final class ReportPageClient {

	private static final int ATTEMPTS = 10;

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	private final String url;

	ReportPageClient(int port) {
		this.url = "http://localhost:" + port + "/actuator/memoryleak";
	}

	String url() {
		return this.url;
	}

	DocumentContext json() throws IOException, InterruptedException {
		return JsonPath.parse(get("application/json").body());
	}

	HttpResponse<String> get(String accept) throws IOException, InterruptedException {
		return this.client.send(HttpRequest.newBuilder(URI.create(this.url))
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
	DocumentContext openWhileStill(BrowserPage page) throws IOException, InterruptedException {
		for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
			DocumentContext before = json();
			page.clearRecords();
			page.open(this.url);
			DocumentContext after = json();
			if (sameEvaluation(before, after)) {
				return before;
			}
		}
		throw new IllegalStateException("The report changed during each of " + ATTEMPTS + " page loads");
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
