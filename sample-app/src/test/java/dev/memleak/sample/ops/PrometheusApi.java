package dev.memleak.sample.ops;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.boot.json.JsonParserFactory;

/**
 * The few calls of Prometheus's HTTP API that the checks need.
 *
 * @author memleak
 */
final class PrometheusApi {

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final URI baseUri;

	PrometheusApi(URI baseUri) {
		this.baseUri = baseUri;
	}

	URI baseUri() {
		return this.baseUri;
	}

	/**
	 * Return whether the server answers {@code /-/ready} with 200.
	 * @return whether it is ready
	 * @throws InterruptedException if interrupted
	 */
	boolean isReady() throws InterruptedException {
		try {
			return get("/-/ready").statusCode() == 200;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * Run an instant query ({@code /api/v1/query}) at the current time.
	 * @param expr the PromQL expression
	 * @return the result
	 * @throws IOException on a transport failure
	 * @throws InterruptedException if interrupted
	 */
	QueryResult query(String expr) throws IOException, InterruptedException {
		return result(getJson("/api/v1/query?query=" + encode(expr)));
	}

	/**
	 * Run an instant query ({@code /api/v1/query}) at a given time.
	 * @param expr the PromQL expression
	 * @param time the evaluation time, in seconds since the epoch
	 * @return the result
	 * @throws IOException on a transport failure
	 * @throws InterruptedException if interrupted
	 */
	QueryResult query(String expr, long time) throws IOException, InterruptedException {
		return result(getJson("/api/v1/query?time=" + time + "&query=" + encode(expr)));
	}

	/**
	 * Run a range query ({@code /api/v1/query_range}), as a dashboard panel does.
	 * @param expr the PromQL expression
	 * @param start the first evaluation, in seconds since the epoch
	 * @param end the last evaluation, in seconds since the epoch
	 * @param step seconds between evaluations
	 * @return the result
	 * @throws IOException on a transport failure
	 * @throws InterruptedException if interrupted
	 */
	QueryResult queryRange(String expr, long start, long end, long step) throws IOException, InterruptedException {
		return result(getJson(
				"/api/v1/query_range?start=" + start + "&end=" + end + "&step=" + step + "&query=" + encode(expr)));
	}

	/**
	 * Return a page as text, such as the server's own {@code /metrics}.
	 * @param path the path
	 * @return the body
	 * @throws IOException on a transport failure
	 * @throws InterruptedException if interrupted
	 */
	String text(String path) throws IOException, InterruptedException {
		return get(path).body();
	}

	private static QueryResult result(Map<String, Object> response) {
		Map<String, Object> data = Parsed.map(response.get("data"));
		String resultType = (String) data.get("resultType");
		Object result = data.get("result");
		// vector and matrix: a list of series; scalar and string: one [time, value] pair
		List<Map<String, Object>> samples = ("vector".equals(resultType) || "matrix".equals(resultType))
				? Parsed.maps(result) : (result != null) ? List.of(Map.of("value", result)) : List.of();
		return new QueryResult((String) response.get("status"), resultType, samples, (String) response.get("error"));
	}

	/**
	 * Return the values of a label ({@code /api/v1/label/<label>/values}), on the series
	 * a selector matches, as Grafana's {@code label_values(selector, label)} does.
	 * @param label the label
	 * @param selector a series selector, or {@code null} for all series
	 * @return the values
	 * @throws IOException on a transport failure
	 * @throws InterruptedException if interrupted
	 */
	@SuppressWarnings("unchecked")
	List<String> labelValues(String label, String selector) throws IOException, InterruptedException {
		String path = "/api/v1/label/" + label + "/values" + ((selector != null) ? "?match[]=" + encode(selector) : "");
		Object values = getJson(path).get("data");
		return (values != null) ? (List<String>) values : List.of();
	}

	/**
	 * Return the rule groups with the state of every rule ({@code /api/v1/rules}).
	 * @return the groups, each with its {@code rules}
	 * @throws IOException on a transport failure
	 * @throws InterruptedException if interrupted
	 */
	List<Map<String, Object>> ruleGroups() throws IOException, InterruptedException {
		return Parsed.maps(Parsed.map(getJson("/api/v1/rules").get("data")).get("groups"));
	}

	private Map<String, Object> getJson(String path) throws IOException, InterruptedException {
		HttpResponse<String> response = get(path);
		return JsonParserFactory.getJsonParser().parseMap(response.body());
	}

	private HttpResponse<String> get(String path) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(this.baseUri.resolve(path)).timeout(Duration.ofMinutes(2)).build();
		return this.client.send(request, HttpResponse.BodyHandlers.ofString());
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	/**
	 * The answer to an instant query.
	 *
	 * @param status {@code success} or {@code error}
	 * @param resultType {@code vector}, {@code scalar}, ...
	 * @param samples the samples (a scalar as one sample)
	 * @param error the error message, if any
	 */
	record QueryResult(String status, String resultType, List<Map<String, Object>> samples, String error) {

		QueryResult {
			samples = List.copyOf(samples);
		}

		boolean hasData() {
			return "success".equals(this.status) && !this.samples.isEmpty();
		}

		@Override
		public String toString() {
			return "success".equals(this.status) ? this.samples.size() + " series" : "error: " + this.error;
		}

	}

}
