package dev.memleak.sample.ops;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests to every route of the sample application, so that each one has meters.
 *
 * @author memleak
 */
final class SampleTraffic {

	private static final List<String> ROUTES = List.of("/owners/1/pets/2", "/owners", "/reports/2024", "/blobs/65536",
			"/async/callable?size=2048", "/async/deferred", "/async/future");

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final URI application;

	private int round;

	SampleTraffic(URI application) {
		this.application = application;
	}

	/**
	 * Send one round: every route once, ten owner lookups (the leak) and ten quotes (the
	 * cache).
	 * @throws IOException on a transport failure
	 * @throws InterruptedException if interrupted
	 */
	void round() throws IOException, InterruptedException {
		for (String route : ROUTES) {
			get(route);
		}
		for (int i = 0; i < 10; i++) {
			get("/owners/" + (this.round * 10 + i));
			get("/quotes/SYM" + ((this.round * 10 + i) % 500));
		}
		this.round++;
	}

	private void get(String path) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(this.application.resolve(path))
			.timeout(Duration.ofSeconds(10))
			.build();
		HttpResponse<Void> response = this.client.send(request, HttpResponse.BodyHandlers.discarding());
		assertThat(response.statusCode()).as("GET %s", path).isEqualTo(200);
	}

}
