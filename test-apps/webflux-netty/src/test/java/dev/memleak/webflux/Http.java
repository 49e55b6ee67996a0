package dev.memleak.webflux;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;

/**
 * Real HTTP against the application's Netty server, one connection per request.
 * <p>
 * Reactor Netty 1.3.7 (Spring Boot 4.1.1) can stop reading a keep-alive connection: when
 * the next request arrives before the previous exchange's operations have terminated (a
 * response written from another thread, such as a blocking actuator operation on
 * {@code boundedElastic}) and the buffered request is then answered synchronously, the
 * server never reads the connection again (reactor-netty issue 4361, pull request 4347).
 * A client that reuses the connection then waits for an answer to a request the server
 * never read: that, not memleak, timed out a request of {@code WebFluxRequestsTests} in
 * CI now and then (the JDK {@code HttpClient} reused its HTTP/1.1 connections). Every
 * request here asks for {@code Connection: close}, so no request is sent on a connection
 * that served another; a server that does not answer still fails the request after the
 * read timeout.
 */
final class Http {

	private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

	private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

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

	Response get(String path) {
		return send("GET", this.port, path);
	}

	Response getManagement(String path) {
		return send("GET", this.managementPort, path);
	}

	Response post(String path) {
		return send("POST", this.port, path);
	}

	Response delete(String path) {
		return send("DELETE", this.port, path);
	}

	DocumentContext report() {
		Response response = getManagement(this.actuator + "/memoryleak");
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

	private static Response send(String method, int port, String path) {
		try {
			HttpURLConnection connection = (HttpURLConnection) URI.create("http://localhost:" + port + path)
				.toURL()
				.openConnection();
			try {
				connection.setRequestMethod(method);
				connection.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
				connection.setReadTimeout((int) READ_TIMEOUT.toMillis());
				connection.setUseCaches(false);
				connection.setInstanceFollowRedirects(false);
				// The JDK HttpClient sent no Accept: no content negotiation beyond it.
				connection.setRequestProperty("Accept", "*/*");
				connection.setRequestProperty("Connection", "close");
				int status = connection.getResponseCode();
				InputStream stream = (status >= 400) ? connection.getErrorStream() : connection.getInputStream();
				String body = "";
				if (stream != null) {
					try (stream) {
						body = new String(stream.readAllBytes(), StandardCharsets.UTF_8);
					}
				}
				return new Response(status, body, Optional.ofNullable(connection.getContentType()));
			}
			finally {
				connection.disconnect();
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(method + " " + path + " on port " + port, ex);
		}
	}

	/**
	 * A response.
	 *
	 * @param statusCode the status
	 * @param body the body, empty if none
	 * @param contentType the {@code Content-Type} header
	 */
	record Response(int statusCode, String body, Optional<String> contentType) {

	}

}
