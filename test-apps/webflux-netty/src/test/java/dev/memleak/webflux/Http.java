package dev.memleak.webflux;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;

/**
 * Real HTTP against the application's Netty server.
 */
final class Http {

	private final HttpClient client = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final int port;

	private final int managementPort;

	private final String actuator;

	Http(int port) {
		this(port, port, "/actuator");
	}

	/**
	 * A client for an application whose actuator is on another port or path.
	 * @param port the application's port
	 * @param managementPort the actuator's port
	 * @param actuator the actuator's base path, with the WebFlux base path
	 */
	Http(int port, int managementPort, String actuator) {
		this.port = port;
		this.managementPort = managementPort;
		this.actuator = actuator;
	}

	HttpResponse<String> get(String path) {
		return send(request(this.port, path).GET().build());
	}

	HttpResponse<String> getManagement(String path) {
		return send(request(this.managementPort, path).GET().build());
	}

	HttpResponse<String> post(String path) {
		return send(request(this.port, path).POST(HttpRequest.BodyPublishers.noBody()).build());
	}

	DocumentContext report() {
		HttpResponse<String> response = getManagement(this.actuator + "/memoryleak");
		if (response.statusCode() != 200) {
			throw new IllegalStateException("report: " + response.statusCode() + " " + response.body());
		}
		return JsonPath.parse(response.body());
	}

	/**
	 * Return the report's entry of a route, or an empty map.
	 */
	Map<String, Object> route(String method, String uri) {
		List<Map<String, Object>> routes = report()
			.read("$.requests[?(@.method == '" + method + "' && @.uri == '" + uri + "')]");
		return routes.isEmpty() ? Map.of() : routes.get(0);
	}

	long count(String method, String uri) {
		Object count = route(method, uri).get("count");
		return (count != null) ? ((Number) count).longValue() : 0;
	}

	List<String> metricLines(String name) {
		return getManagement(this.actuator + "/prometheus").body()
			.lines()
			.filter((line) -> line.startsWith(name))
			.toList();
	}

	private HttpRequest.Builder request(int port, String path) {
		return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).timeout(Duration.ofSeconds(30));
	}

	private HttpResponse<String> send(HttpRequest request) {
		try {
			return this.client.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
